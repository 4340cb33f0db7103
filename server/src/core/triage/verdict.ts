// One crash's verdict: `confirmed` when its preempted PC is the second
// instruction of a split SP update, `consistent` when the signature is this
// bug's but the PC could not be checked (and what would check it), `unrelated`
// when the crash is something else or the PC resolves elsewhere (and what is
// there). Words come from core/explain.ts.
import { HAZARD_SIGNATURES, type CrashReport } from '../crash/parser';
import {
  findingRemedy, MITIGATION, TRIAGE_CONFIRM_HINT, TRIAGE_NO_OFFSET, triageConfirmed, triageConsistent,
  triageFirstHalf, triageOtherCrash, triagePcElsewhere,
} from '../explain';
import { fnOffset, type PcChecker } from './check';
import type { TriageCrash, TriageEpilogueInfo, TriagePreempted, TriageVerdictKind } from './types';

export interface CrashInput {
  source: string;
  index: number;
  report: CrashReport;
}

/** The verdict for one crash; `checker` is the binary or module to check the PC in, if any. Never throws. */
export async function triageCrash(c: CrashInput, checker?: PcChecker): Promise<TriageCrash> {
  const r = c.report;
  const signatures = r.signatures.map((s) => s.text);
  // Keys in the order of the JSON contract.
  const out = (verdict: TriageVerdictKind, preempted: TriagePreempted | null, explanation: string, remedy: string | null = null, epilogue: TriageEpilogueInfo | null = null): TriageCrash =>
    ({ source: c.source, index: c.index, signatures, verdict, preempted, epilogue, explanation, remedy });
  const hazard = r.signatures.find((s) => HAZARD_SIGNATURES.includes(s.id));
  if (!hazard) {
    const what = r.signature?.text ?? 'no Go crash signature';
    return out('unrelated', null, triageOtherCrash(what));
  }
  const sig = (r.signature && HAZARD_SIGNATURES.includes(r.signature.id) ? r.signature : hazard).text;
  const p = preemptedOf(r);
  const where = p ? `${p.offset === null ? p.function : fnOffset(p.function, p.offset)}${p.file ? ` (${p.file}:${p.line})` : ''}` : null;
  if (!p || p.offset === null) {
    return out('consistent', p, triageConsistent(sig, where, p ? TRIAGE_NO_OFFSET : TRIAGE_CONFIRM_HINT), MITIGATION);
  }
  if (!checker) {
    return out('consistent', p, triageConsistent(sig, where, TRIAGE_CONFIRM_HINT), MITIGATION);
  }
  let check;
  try {
    check = await checker.check(p.function, p.offset);
  } catch (err) {
    check = { kind: 'error' as const, message: err instanceof Error ? err.message : String(err) };
  }
  const at = fnOffset(p.function, p.offset);
  switch (check.kind) {
    case 'second-half':
      return out('confirmed', p, triageConfirmed(check.epilogue, sig), remedyFor(check.epilogue, checker), check.epilogue);
    case 'first-half':
      return out('unrelated', p, triageFirstHalf(at, check.epilogue));
    case 'elsewhere':
      return out('unrelated', p, triagePcElsewhere(at, check.what));
    case 'no-function':
    case 'error':
      return out('consistent', p, triageConsistent(sig, where, `It could not be checked against ${checker.label}: ${check.message}.`), MITIGATION);
  }
}

function preemptedOf(r: CrashReport): TriagePreempted | null {
  if (!r.preemptedFunction) return null;
  return { function: r.preemptedFunction, offset: r.preemptedOffset, file: r.preemptedFile, line: r.preemptedLine };
}

/** Toolchain for non-leaf, code change for leaf, plus the mitigation. */
function remedyFor(e: TriageEpilogueInfo, checker: PcChecker): string {
  const fix = findingRemedy({ kind: 'split-sp-update', leaf: e.leaf, fixedByToolchain: e.fixedByToolchain }, checker.toolchain, { rebuild: checker.rebuild });
  return `${fix} ${MITIGATION}`;
}
