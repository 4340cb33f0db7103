// The words of crash triage: verdict explanations (confirmed, consistent,
// unrelated) and what a crash was checked against, worded for the CLI (its
// flags) or an editor.
import type { Hazard } from '../hazard';
import type { TriageAudience, TriageCheckTarget } from '../triage/types';
import { CRASH_SIGNATURES, hex, ISSUE_REF } from './findings';

/** What the triage verdict needs to word a split epilogue (fields of the one hazard record). */
export type TriageEpilogue = Pick<Hazard, 'function' | 'file' | 'line' | 'offsets' | 'instructions'>;

/** What a survived run of the mitigation lane shows. */
export const MITIGATION_LANE =
  'Run with GODEBUG=asyncpreemptoff=1: no SIGURG preempts the loop, so the goroutine is never stopped between the two SP updates and the split epilogue cannot crash the unwinder (the same program without it crashes).';

/** The preempted PC is the second instruction of a split SP update. */
export function triageConfirmed(e: TriageEpilogue, signature: string): string {
  return (
    `This is the split-epilogue crash (${ISSUE_REF}): \`${signature}\`, and the preempted goroutine stopped at ` +
    `${e.function}+${hex(e.offsets[1])}, the return on ${e.file}:${e.line}, between the two halves of ` +
    `\`${e.instructions[0]}; ${e.instructions[1]}\`: SP had moved by the first half while the unwinder assumed the whole frame.`
  );
}

/** The signature is this bug's, but the PC could not be checked; `why` says why, `confirmWith` what would confirm it. */
export function triageConsistent(signature: string, where: string | null, why: string): string {
  const at = where ? ` The preempted goroutine stopped at ${where}.` : '';
  return `Consistent with the split-epilogue crash (${ISSUE_REF}): \`${signature}\` is one of its signatures.${at} ${why}`;
}

export const TRIAGE_CONFIRM_HINT =
  'To confirm, run triage again with `--binary` and the binary that crashed (stripped is fine), or `--module` and its source with the same toolchain.';

export const TRIAGE_NO_OFFSET =
  "The runtime died before printing the preempted frame's `+0x..` offset, so the PC cannot be checked; another crash log of the same service usually has it.";

/** The crash is something else: `what` names it. */
export function triageOtherCrash(what: string): string {
  return `Not the split-epilogue crash: \`${what}\` is none of its signatures (${CRASH_SIGNATURES}).`;
}

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
  const pairs = known.map((k) => `+${hex(k.offsets[0])}/+${hex(k.offsets[1])} (${k.file}:${k.line})`).join(', ');
  return `an offset where ${checkTargetText(t, audience)} has no split SP update (${fn} has ${known.length === 1 ? 'one' : known.length}, at ${pairs})`;
}

/** The scan result does not list the function: nothing to check the offset against. */
export function triageScanNoFunction(fn: string): string {
  return `it lists no split SP update in ${fn}`;
}
