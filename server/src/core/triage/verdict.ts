// One crash's verdict: `confirmed` when its preempted PC is the second
// instruction of a split SP update, `consistent` when the signature is this
// bug's but the PC could not be checked (and what would check it), `unrelated`
// when the crash is something else or the PC resolves elsewhere (and what is
// there). Words come from core/vocabulary, for the CLI (naming its flags) or an
// editor (naming the file checked against).
import { HAZARD_SIGNATURES, type CrashReport } from '../crash/parser';
import {
  findingRemedy,
  MITIGATION,
  TRIAGE_NO_OFFSET,
  triageConfirmed,
  triageConfirmedByScan,
  triageConfirmHint,
  triageConsistent,
  triageFirstHalf,
  triageNotChecked,
  triageOtherCrash,
  triagePcElsewhere,
  triageScanOtherOffset,
} from '../vocabulary';
import { fnOffset, type PcChecker } from './check';
import type { TriageAudience, TriageCrash, TriageEpilogueInfo, TriagePreempted, TriageVerdictKind } from './types';

export interface CrashInput {
  source: string;
  index: number;
  report: CrashReport;
}

/**
 * The verdict for one crash; `checker` is the binary, module or scan result to
 * check the PC in, if any; `audience` words it for the CLI or an editor. Never throws.
 */
export async function triageCrash(c: CrashInput, checker?: PcChecker, audience: TriageAudience = 'editor'): Promise<TriageCrash> {
  const r = c.report;
  const signatures = r.signatures.map((s) => s.text);
  // Keys in the order of the JSON contract.
  const out = (
    verdict: TriageVerdictKind,
    preempted: TriagePreempted | null,
    explanation: string,
    remedy: string | null = null,
    epilogue: TriageEpilogueInfo | null = null,
  ): TriageCrash => ({ source: c.source, index: c.index, signatures, verdict, preempted, epilogue, explanation, remedy });
  const hazard = r.signatures.find((s) => HAZARD_SIGNATURES.includes(s.id));
  if (!hazard) {
    const what = r.signature?.text ?? 'no Go crash signature';
    return out('unrelated', null, triageOtherCrash(what));
  }
  const sig = (r.signature && HAZARD_SIGNATURES.includes(r.signature.id) ? r.signature : hazard).text;
  const p = preemptedOf(r);
  const where = p ? `${p.offset === null ? p.function : fnOffset(p.function, p.offset)}${p.file ? ` (${p.file}:${p.line})` : ''}` : null;
  if (!p || p.offset === null) {
    return out('consistent', p, triageConsistent(sig, where, p ? TRIAGE_NO_OFFSET : triageConfirmHint(audience)), MITIGATION);
  }
  if (!checker) {
    return out('consistent', p, triageConsistent(sig, where, triageConfirmHint(audience)), MITIGATION);
  }
  const byScan = checker.against.kind === 'scan';
  let check;
  try {
    check = await checker.check(p.function, p.offset);
  } catch (err) {
    check = { kind: 'error' as const, message: err instanceof Error ? err.message : String(err) };
  }
  const at = fnOffset(p.function, p.offset);
  switch (check.kind) {
    case 'second-half': {
      const why = triageConfirmed(check.epilogue, sig);
      return out(
        'confirmed',
        p,
        byScan ? `${why} ${triageConfirmedByScan(checker.against, audience)}` : why,
        remedyFor(check.epilogue, checker),
        check.epilogue,
      );
    }
    case 'first-half':
      return out('unrelated', p, triageFirstHalf(at, check.epilogue));
    case 'elsewhere':
      return out('unrelated', p, triagePcElsewhere(at, check.what));
    case 'other-offset':
      return out('unrelated', p, triagePcElsewhere(at, triageScanOtherOffset(p.function, checker.against, check.known, audience)));
    case 'no-function':
    case 'error': {
      const why = triageNotChecked(checker.against, check.message, audience);
      return out('consistent', p, triageConsistent(sig, where, byScan ? `${why} ${triageConfirmHint(audience)}` : why), MITIGATION);
    }
  }
}

function preemptedOf(r: CrashReport): TriagePreempted | null {
  if (!r.preemptedFunction) return null;
  return { function: r.preemptedFunction, offset: r.preemptedOffset, file: r.preemptedFile, line: r.preemptedLine };
}

/** Toolchain for non-leaf, code change for leaf, plus the mitigation. */
function remedyFor(e: TriageEpilogueInfo, checker: PcChecker): string {
  const fix = findingRemedy({ kind: 'split-sp-update', leaf: e.leaf, fixedByToolchain: e.fixedByToolchain }, checker.toolchain, {
    rebuild: checker.rebuild,
  });
  return `${fix} ${MITIGATION}`;
}
