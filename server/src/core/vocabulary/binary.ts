// The words of the binary scanner: why a split pair is not a hazard, where a
// finding came from (binary, toolchain), its report line and the summary.
import { findingRemedy, findingTitle, findingWhy, ISSUE_REF, remedyShort, type RemedySubject, type TitleSubject } from './findings';

/** Why a split pair in a binary is not a hazard (`--all` shows them). */
export const NOT_PREEMPTIBLE_WHY: Record<'unsafe-point' | 'assembly' | 'no-locals-pointer-map' | 'runtime-package', string> = {
  'unsafe-point': 'not a hazard: the compiler marked this point unsafe, async preemption never stops here',
  assembly: 'not a hazard: hand-written assembly, which async preemption never interrupts',
  'no-locals-pointer-map': 'not a hazard: the function has no locals pointer map, so async preemption skips it',
  'runtime-package': 'not a hazard: the runtime never preempts its own functions asynchronously',
};

/** Where a finding of a shipped binary came from: `Found in bin/app (built with go1.24.4).` */
export function binaryOrigin(binary: string, goVersion: string | null): string {
  return `Found in ${binary}${goVersion ? ` (built with ${goVersion})` : ''}.`;
}

type BinaryTitleSubject = TitleSubject & { preemptible: boolean; notPreemptible?: keyof typeof NOT_PREEMPTIBLE_WHY };

/** A non-preemptible pair (`--all`): what it is, why it is not a hazard, where it was found. */
function notHazardMessage(f: BinaryTitleSubject, binary: string, goVersion: string | null): string {
  return `${findingTitle(f)}: ${NOT_PREEMPTIBLE_WHY[f.notPreemptible ?? 'unsafe-point']}. ${binaryOrigin(binary, goVersion)}`;
}

/** Diagnostic / SARIF message for a finding of a shipped binary. */
export function binaryFindingMessage(f: BinaryTitleSubject, binary: string, goVersion: string | null): string {
  if (!f.preemptible) return notHazardMessage(f, binary, goVersion);
  return `${findingTitle(f)}. ${findingWhy(f)} ${findingRemedy(f, goVersion ?? undefined, { rebuild: true })} ${binaryOrigin(binary, goVersion)}`;
}

/** Summary line of a binary scan. */
export function binaryScanSummary(hazards: number, leaf: number, binaries: number, skipped: number, errors: number): string {
  return (
    `${hazards} preemptible split SP update${hazards === 1 ? '' : 's'} (${leaf} in leaf functions: need a code change) ` +
    `in ${binaries} binar${binaries === 1 ? 'y' : 'ies'}; ${skipped} file${skipped === 1 ? '' : 's'} skipped (not Go arm64 executables); ${errors} error${errors === 1 ? '' : 's'}`
  );
}

/** One line for a CI annotation of a shipped binary's finding: title, what to do (or why it is not a hazard), where it was found. */
export function binaryCiMessage(f: BinaryTitleSubject, binary: string, goVersion: string | null): string {
  if (!f.preemptible) return notHazardMessage(f, binary, goVersion);
  return `${findingTitle(f)}. ${findingRemedy(f, goVersion ?? undefined, { rebuild: true })} ${binaryOrigin(binary, goVersion)} (${ISSUE_REF})`;
}

/** The `fix:` line of a shipped binary's finding: the action first, then why it is the right one. */
export function binaryRemedyLine(f: RemedySubject, goVersion: string | null): string {
  if (f.kind === 'split-sp-update' && !f.leaf) {
    return `${remedyShort(f, goVersion ?? undefined)} (non-leaf function: the fixed toolchain pops the frame atomically)`;
  }
  return 'change the code: move the large local to the heap, or shrink the frame below 64 KiB (leaf function: no toolchain fixes it; go1.26 and go1.27 still split leaf epilogues)';
}
