// The words of crash triage: verdict explanations (confirmed, consistent,
// unrelated), the evidence each rests on (signatures, architecture, Go version,
// the goroutine the unwinder failed on, what a cut-off log lacks), the remedy
// by what is known (leaf, non-leaf, unknown), and what a crash was checked
// against, worded for the CLI (its flags) or an editor. The fixed releases
// come from the toolchain version table.
import type { ArchEvidence, GoVersionClue } from '../crash/evidence';
import type { Hazard } from '../hazard';
import { nonLeafFixedReleases } from '../toolchain/goVersion';
import type { TriageAudience, TriageCheckTarget, TriageGap } from '../triage/types';
import { hex, ISSUE_REF, LEAF_REMEDY } from './findings';

/** What the triage verdict needs to word a split epilogue (fields of the one hazard record). */
export type TriageEpilogue = Pick<Hazard, 'function' | 'file' | 'line' | 'offsets' | 'instructions'>;

/** What a survived run of the mitigation lane shows. */
export const MITIGATION_LANE =
  'Run with GODEBUG=asyncpreemptoff=1: no SIGURG preempts the loop, so the goroutine is never stopped between the two SP updates and the split epilogue cannot crash the unwinder (the same program without it crashes).';

/** The preempted PC is the second instruction of a split SP update. */
export function triageConfirmed(e: TriageEpilogue, signature: string | null): string {
  return (
    `This is the split-epilogue crash (${ISSUE_REF}): ${signature ? `\`${signature}\`, and ` : ''}the preempted goroutine stopped at ` +
    `${e.function}+${hex(e.offsets[1])}, the return on ${e.file}:${e.line}, between the two halves of ` +
    `\`${e.instructions[0]}; ${e.instructions[1]}\`: SP had moved by the first half while the unwinder assumed the whole frame.`
  );
}

/** Where the frame is, worded by what the log shows: preempted there, or only named by the unwinder's complaint. */
export function triageFrameWords(where: string, preempted: boolean): string {
  return preempted ? `The preempted frame is ${where}.` : `The frame whose return address the unwinder could not use is ${where}.`;
}

/** The signature is this bug's, but the PC could not be checked; `at` places the frame (triageFrameWords), `why` says why. */
export function triageConsistent(signature: string | null, at: string | null, why: string): string {
  const sig = signature
    ? `\`${signature}\` is the runtime's unwinder failing on a frame, as it does in this crash.`
    : 'the part of the crash in the log shows a goroutine preempted in a frame of 64 KiB or more on arm64, as in this crash; its signature is cut off.';
  return `Consistent with the split-epilogue crash (${ISSUE_REF}): ${sig}${at ? ` ${at}` : ''} ${why}`;
}

/** The log proves another architecture. */
export function triageOtherArch(arch: ArchEvidence): string {
  return `Not the split-epilogue crash: the log shows ${archName(arch)} (${archHow(arch)}), and ${ARM64_ONLY.toLowerCase()}`;
}

/** The log shows a Go without async preemption. */
export function triagePreAsyncPreemption(v: GoVersionClue): string {
  return `Not the split-epilogue crash: the log shows ${v.version} (${v.text}), older than go1.14, which has no async preemption, so no goroutine is ever stopped inside an epilogue.`;
}

/** The preempted frame is too small to have a split epilogue. */
export function triageSmallFrame(where: string, bytes: number): string {
  return `Not the split-epilogue crash: the preempted frame ${where} is ${bytes} bytes (fp - sp), and only frames of 64 KiB or more are popped in two halves.`;
}

export const ARM64_ONLY = 'This bug exists only on arm64.';

/** What the log says about the architecture, for the evidence list. */
export function archEvidenceText(a: ArchEvidence): string {
  if (a.arch === null) return `architecture not shown: ${ARCH_SETTLE}`;
  return `${archName(a)}${a.proven ? '' : ' (likely, not proven)'}: ${archHow(a)}`;
}

export const ARCH_SETTLE =
  'a frame line with its `+0x` offset or `pc=`, an `asm_*.s` frame, a register dump, or `go version` of the binary (`go version -m BINARY`) would settle it';

function archName(a: ArchEvidence): string {
  if (a.arch === 'x86') return 'amd64 or 386 code';
  if (a.arch === 'not-arm64') return 'code that is not arm64';
  return a.arch ?? 'an unknown architecture';
}

function archHow(a: ArchEvidence): string {
  const words = a.clues.map((c) => {
    switch (c.kind) {
      case 'asm-file':
        return `\`${c.text}\` is ${c.arch}'s runtime assembly`;
      case 'toolchain-path':
        return `\`${c.text}\` in a toolchain path`;
      case 'registers':
        return `a ${c.arch} register dump (\`${c.text}\`)`;
      case 'alignment':
        return c.arch === 'arm64'
          ? `all ${c.count} pcs and offsets are multiples of 4, as arm64's are`
          : `\`${c.text}\` is not a multiple of 4, which no arm64 pc is (${c.count} such)`;
      case 'heap-address':
        return c.arch === 'arm64'
          ? `Go heap addresses like ${c.text} (arm64's arena)`
          : `Go heap addresses like ${c.text} (not arm64's arena)`;
    }
    return '';
  });
  return words.join('; ');
}

/** The Go version the log shows, for the evidence list. */
export function goVersionEvidenceText(v: GoVersionClue): string {
  return `${v.version}, from \`${v.text}\``;
}

/** The goroutine the unwinder failed on, its state and top frame, for the evidence list. */
export function goroutineEvidenceText(g: { id: number | null; state: string | null; top: string | null; preempted: boolean }): string {
  const who = g.id !== null ? `goroutine ${g.id}` : 'a goroutine';
  const state = g.state ? ` [${g.state}]` : '';
  const top = g.top ? `, top frame ${g.top}` : '';
  return `${who}${state}${top}${g.preempted ? ': the log shows it was preempted (runtime.asyncPreempt or a [preempted] block)' : ''}`;
}

/** A frame's size, for the evidence list. */
export function frameSizeEvidenceText(where: string, bytes: number): string {
  return `${where} has a ${bytes}-byte frame (fp - sp)${bytes >= 65536 ? ', large enough to be popped in two halves' : ', too small to be popped in two halves'}`;
}

/** What a cut-off crash lacks, and the line to read more from. */
export function triageGapText(g: TriageGap): string {
  return g.missing === 'header'
    ? `the \`fatal error\` line is cut off: take more lines before line ${g.line}`
    : `the log ends inside the crash dump: take more lines after line ${g.line}`;
}

const fixedList = (): string =>
  nonLeafFixedReleases()
    .map((r) => `${r}+`)
    .join(', ');

/** The mitigation that needs no rebuild, and what it costs. */
export const TRIAGE_MITIGATION =
  "Meanwhile `GODEBUG=asyncpreemptoff=1` in the service's environment stops these crashes: it turns async preemption off, " +
  'so goroutines are preempted only at function calls and tight loops can delay garbage collection and scheduling. ' +
  'It must be set where the process starts (it is not a `//go:debug` setting).';

/** The remedy by what is known of the function: leaf, non-leaf (with the toolchain that built it, if known), or unknown. */
export function triageRemedy(leaf: boolean | null, toolchain?: string, rebuild = true): string {
  let fix: string;
  if (leaf === false) {
    const fixedFor = fixedReleaseLine(toolchain);
    fix = `Non-leaf function: ${rebuild ? 'rebuild' : 'build'} with ${fixedFor ?? fixedList()} (the fixed toolchains pop the frame atomically).`;
  } else if (leaf === true) {
    fix = LEAF_REMEDY;
  } else {
    fix =
      'Change the code of the function whose frame is 64 KiB or more (move the large local to the heap, or shrink the frame below 64 KiB): ' +
      `no toolchain fixes leaf functions yet; if it is not a leaf function, ${fixedList()} fix it (\`preempt-guard scan-binary\` on the binary tells which).`;
  }
  return `${fix} ${TRIAGE_MITIGATION} ${ARM64_ONLY}`;
}

function fixedReleaseLine(toolchain: string | undefined): string | undefined {
  const m = toolchain ? /go1\.(\d+)/.exec(toolchain) : null;
  if (!m) return undefined;
  const minor = Number(m[1]);
  const same = nonLeafFixedReleases().find((r) => r.startsWith(`go1.${minor}.`));
  return same ? `${same}+ (built with ${toolchain})` : undefined;
}

export const TRIAGE_CONFIRM_HINT =
  'To confirm, run triage again with `--binary` and the binary that crashed (stripped is fine), or `--module` and its source with the same toolchain.';

export const TRIAGE_NO_OFFSET =
  "The log does not show the frame's `+0x..` offset, so the PC cannot be checked; another crash log of the same service usually has it.";

/** The crash is something else: `what` names its signature, if the log shows one. */
export function triageOtherCrash(what: string | null): string {
  return what
    ? `Not the split-epilogue crash: \`${what}\` is not the runtime's unwinder failing on a frame.`
    : 'Not the split-epilogue crash: the part of the crash in the log shows neither the unwinder failing nor a preempted frame of 64 KiB or more.';
}

/** The module's or reproducer's build has no such function. */
export function triageNoFunctionInBuild(fn: string): string {
  return `the build has no function ${fn}`;
}

/** The offset is past the end of the function in the build checked. */
export function triagePastEnd(fn: string): string {
  return `past the end of ${fn} in this build (is it the same source and toolchain?)`;
}

/** Crashes beyond the cap: counted, not triaged. */
export function triageDropped(n: number, cap: number): string {
  return `${n} more crash${n === 1 ? '' : 'es'} beyond the first ${cap} were counted but not triaged: split the log to triage them.`;
}

export const TRIAGE_NO_CRASH = 'No Go crash found in the input.';

/** The signature matches but the PC is not inside a split SP update. */
export function triagePcElsewhere(fnOffset: string, what: string): string {
  return `The signature matches the split-epilogue crash, but ${fnOffset} is ${what}, not the second half of a split SP update: this crash has another cause.`;
}

/** The PC is the first instruction of a split pair: nothing of the update had run. */
export function triageFirstHalf(fnOffset: string, e: TriageEpilogue): string {
  return (
    `The signature matches, but ${fnOffset} is \`${e.instructions[0]}\`, the first half of the split SP update on ${e.file}:${e.line}: ` +
    'preempted before the update, when SP was still right, so this epilogue did not cause the crash.'
  );
}

/** `--binary app` (CLI), `the binary app` (editor). */
export function checkTargetText(t: TriageCheckTarget, audience: TriageAudience = 'editor'): string {
  if (audience === 'cli') return `--${t.kind} ${t.path}`;
  return `the ${t.kind === 'scan' ? 'scan result' : t.kind === 'module' ? 'module' : 'binary'} ${t.path}`;
}

/** What would confirm a crash whose PC was not checked. */
export function triageConfirmHint(audience: TriageAudience = 'editor'): string {
  return audience === 'cli' ? TRIAGE_CONFIRM_HINT : 'Give the binary that crashed (stripped is fine) or its module source to confirm.';
}

/** The PC could not be checked against `t`: `why` says why (one clause, no period). */
export function triageNotChecked(t: TriageCheckTarget, why: string, audience: TriageAudience = 'editor'): string {
  return `It could not be checked against ${checkTargetText(t, audience)}: ${why}.`;
}

/** A confirmed verdict that rests on a saved scan result rather than the crashed binary's bytes. */
export function triageConfirmedByScan(t: TriageCheckTarget, audience: TriageAudience = 'editor'): string {
  return `(Per ${checkTargetText(t, audience)}: true if that scan is of the build that crashed.)`;
}

/** What a scan result says about an offset that is none of its function's split SP updates. */
export function triageScanOtherOffset(
  fn: string,
  t: TriageCheckTarget,
  known: { offsets: [number, number]; file: string; line: number }[],
  audience: TriageAudience = 'editor',
): string {
  const shown = known.slice(0, 5).map((k) => `+${hex(k.offsets[0])}/+${hex(k.offsets[1])} (${k.file}:${k.line})`);
  const pairs = known.length > shown.length ? `${shown.join(', ')} and ${known.length - shown.length} more` : shown.join(', ');
  return `an offset where ${checkTargetText(t, audience)} has no split SP update (${fn} has ${known.length === 1 ? 'one' : known.length}, at ${pairs})`;
}

/** The scan result does not list the function: nothing to check the offset against. */
export function triageScanNoFunction(fn: string): string {
  return `it lists no split SP update in ${fn}`;
}

/** The binary to check against is not a regular file. */
export function triageNotAFile(file: string): string {
  return `${file} is not a file: give the executable that crashed`;
}

/** The binary is bigger than any Go binary the reader takes. */
export function triageBinaryTooLarge(file: string, size: number, max: number): string {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `${file} is ${mb(size)}, larger than the ${mb(max)} limit for a Go binary: not read`;
}

/** A file could not be read: `code` is the system's error code (ENOENT...), when known. */
export function triageCannotRead(file: string, code: string | undefined): string {
  return `cannot read ${file} (${code ? code : 'read error'})`;
}

/** The function is not in the binary given. */
export function triageNotThatBinary(why: string): string {
  return `${why} (is it the binary that crashed?)`;
}

/** The triage view's words: its headings and the marks a crash can carry. */
export const TRIAGE_VIEW = {
  evidence: 'Evidence',
  partial: 'partial',
  partialTitle: 'The log holds only part of this crash: the evidence says what is missing',
  preemptedAt: 'Preempted at',
  unusableReturnIn: 'Return address unusable in',
} as const;
