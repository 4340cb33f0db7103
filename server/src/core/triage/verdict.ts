// One crash's verdict from the evidence its log holds: `confirmed` when its
// preempted PC is the second instruction of a split SP update, `consistent`
// when the runtime's unwinder failed (or, in a cut-off log, a preempted frame
// of 64 KiB or more shows) on what may be arm64 but the PC could not be
// checked, `unrelated` when the crash is something else, the log proves
// another architecture or a Go without async preemption, or the PC resolves
// elsewhere. Every piece of evidence is named (core/vocabulary), and the
// remedy follows what is known of the function (leaf, non-leaf, unknown).
// The one crash-verdict engine: triage and the reproducer both use it.
import type { SplitCrash } from '../crash/split';
import { HAZARD_SIGNATURES, type CrashReport } from '../crash/parser';
import { parseGoVersion } from '../toolchain/goVersion';
import {
  archEvidenceText,
  frameSizeEvidenceText,
  goroutineEvidenceText,
  goVersionEvidenceText,
  TRIAGE_NO_OFFSET,
  triageConfirmed,
  triageConfirmedByScan,
  triageConfirmHint,
  triageConsistent,
  triageFirstHalf,
  triageFrameWords,
  triageGapText,
  triageNotChecked,
  triageOtherArch,
  triageOtherCrash,
  triagePcElsewhere,
  triagePreAsyncPreemption,
  triageRemedy,
  triageScanOtherOffset,
  triageSmallFrame,
} from '../vocabulary';
import { fnOffset, type PcCheck, type PcChecker } from './check';
import type { TriageAudience, TriageCrash, TriageEpilogueInfo, TriageEvidence, TriagePreempted, TriageVerdictKind } from './types';

/** A split SP update pops 64 KiB or more. */
const SPLIT_FRAME_BYTES = 65536;

export interface CrashInput {
  source: string;
  crash: SplitCrash;
}

/**
 * The verdict for one crash; `checker` is the binary, module, scan result or
 * build to check the PC in, if any; `audience` words it for the CLI or an
 * editor. A checker that fails answers `error` (the crash stays unchecked).
 */
export async function triageCrash(c: CrashInput, checker?: PcChecker, audience: TriageAudience = 'editor'): Promise<TriageCrash> {
  const r = c.crash.report;
  const p = preemptedOf(r);
  const evidence = evidenceOf(c.crash, p);
  const hazard =
    r.signature && HAZARD_SIGNATURES.includes(r.signature.id) ? r.signature : r.signatures.find((s) => HAZARD_SIGNATURES.includes(s.id));
  const out = (
    verdict: TriageVerdictKind,
    explanation: string,
    remedy: string | null = null,
    epilogue: TriageEpilogueInfo | null = null,
  ): TriageCrash => ({
    source: c.source,
    index: c.crash.index,
    line: c.crash.line,
    // The one the verdict rests on first (the summary groups by it), then the others in the log's order.
    signatures: [...(r.signature ? [r.signature] : []), ...r.signatures.filter((s) => s !== r.signature)].map((s) => s.text),
    verdict,
    partial: c.crash.gaps.length > 0,
    gaps: c.crash.gaps,
    arch: r.arch.arch,
    archProven: r.arch.proven,
    goVersion: r.goVersion?.version ?? null,
    evidence,
    preempted: p,
    epilogue,
    explanation,
    remedy,
  });

  if (r.arch.proven && r.arch.arch !== 'arm64') return out('unrelated', triageOtherArch(r.arch));
  const v = r.goVersion ? parseGoVersion(r.goVersion.version) : undefined;
  if (r.goVersion && v && v.major === 1 && v.minor < 14) return out('unrelated', triagePreAsyncPreemption(r.goVersion));
  const where = p ? `${p.offset === null ? p.function : fnOffset(p.function, p.offset)}${p.file ? ` (${p.file}:${p.line})` : ''}` : null;
  if (p?.preempted && p.frameBytes !== null && p.frameBytes < SPLIT_FRAME_BYTES && where)
    return out('unrelated', triageSmallFrame(where, p.frameBytes));
  const bigPreemptedFrame = !!p?.preempted && p.frameBytes !== null && p.frameBytes >= SPLIT_FRAME_BYTES;
  if (!hazard && !(c.crash.gaps.length > 0 && bigPreemptedFrame && p?.offset !== null)) {
    return out('unrelated', triageOtherCrash(r.signature?.text ?? null));
  }
  const sig = hazard?.text ?? null;
  const at = p && where ? triageFrameWords(where, p.preempted) : null;
  const unknownRemedy = triageRemedy(null);
  if (!p || p.offset === null || !p.preempted) {
    return out('consistent', triageConsistent(sig, at, p ? TRIAGE_NO_OFFSET : triageConfirmHint(audience)), unknownRemedy);
  }
  if (!checker) return out('consistent', triageConsistent(sig, at, triageConfirmHint(audience)), unknownRemedy);
  const byScan = checker.against.kind === 'scan';
  const check: PcCheck = await checker.check(p.function, p.offset).catch((err: unknown) => ({
    kind: 'error' as const,
    message: err instanceof Error ? err.message : String(err),
  }));
  const pc = fnOffset(p.function, p.offset);
  switch (check.kind) {
    case 'second-half': {
      const why = triageConfirmed(check.epilogue, sig);
      const e = check.epilogue;
      return out(
        'confirmed',
        byScan ? `${why} ${triageConfirmedByScan(checker.against, audience)}` : why,
        triageRemedy(e.leaf && !e.fixedByToolchain, checker.toolchain, checker.rebuild),
        e,
      );
    }
    case 'first-half':
      return out('unrelated', triageFirstHalf(pc, check.epilogue));
    case 'elsewhere':
      return out('unrelated', triagePcElsewhere(pc, check.what));
    case 'other-offset':
      return out('unrelated', triagePcElsewhere(pc, triageScanOtherOffset(p.function, checker.against, check.known, audience)));
    case 'no-function':
    case 'error': {
      const why = triageNotChecked(checker.against, check.message, audience);
      return out('consistent', triageConsistent(sig, at, byScan ? `${why} ${triageConfirmHint(audience)}` : why), unknownRemedy);
    }
  }
}

function preemptedOf(r: CrashReport): TriagePreempted | null {
  if (!r.preemptedFunction) return null;
  return {
    function: r.preemptedFunction,
    offset: r.preemptedOffset,
    file: r.preemptedFile,
    line: r.preemptedLine,
    preempted: r.preemptedSource === 'traceback',
    frameBytes: r.preemptedFrameBytes,
  };
}

/** Every piece the log shows, in the order a person checks them. */
function evidenceOf(c: SplitCrash, p: TriagePreempted | null): TriageEvidence[] {
  const r = c.report;
  const ev: TriageEvidence[] = r.signatures.map((s) => ({ kind: 'signature', text: s.text }));
  ev.push({ kind: 'architecture', text: archEvidenceText(r.arch) });
  if (r.goVersion) ev.push({ kind: 'go-version', text: goVersionEvidenceText(r.goVersion) });
  if (p || r.unwoundGoroutine !== null) {
    const top = p ? (p.offset === null ? p.function : fnOffset(p.function, p.offset)) : null;
    const id = p?.preempted ? r.preemptedGoroutine : r.unwoundGoroutine;
    ev.push({ kind: 'goroutine', text: goroutineEvidenceText({ id, state: r.unwoundState, top, preempted: !!p?.preempted }) });
  }
  if (p && p.frameBytes !== null) ev.push({ kind: 'frame', text: frameSizeEvidenceText(p.function, p.frameBytes) });
  for (const g of c.gaps) ev.push({ kind: 'missing', text: triageGapText(g) });
  return ev;
}
