// Text output of `preempt-guard triage`: one block per crash (verdict,
// signature, preempted frame, epilogue with the preempted instruction marked,
// explanation, remedy), then the summary. JSON is the TriageResult as is.
import { hex, SP_MARK } from '../core/vocabulary';
import type { TriageCrash, TriageResult } from '../core/triage/types';

function crashText(c: TriageCrash): string[] {
  const out = [`${c.source} crash ${c.index}: ${c.verdict.toUpperCase()}`];
  if (c.signatures.length) out.push(`  signature: ${c.signatures.join(' / ')}`);
  const p = c.preempted;
  if (p) out.push(`  preempted: ${p.function}${p.offset === null ? '' : `+${hex(p.offset)}`}${p.file ? ` (${p.file}:${p.line})` : ''}`);
  const e = c.epilogue;
  if (e) {
    out.push(`  epilogue: ${e.function} at ${e.file}:${e.line} (${e.leaf ? 'leaf' : 'non-leaf'})`);
    out.push(`    ${hex(e.offsets[0])}  ${e.instructions[0]}`);
    out.push(`                                ${SP_MARK}`);
    out.push(`    ${hex(e.offsets[1])}  ${e.instructions[1]}`);
  }
  out.push(`  ${c.explanation}`);
  if (c.remedy) out.push(`  remedy: ${c.remedy}`);
  return out;
}

export function triageText(r: TriageResult): string {
  if (r.crashes.length === 0) return 'No Go crash found in the input.\n';
  const out: string[] = [];
  for (const c of r.crashes) out.push(...crashText(c), '');
  out.push('summary (most frequent first):');
  for (const s of r.summary) {
    const what = s.function ? `${s.function}${s.file ? ` ${s.file}:${s.line}` : ''}` : s.signature;
    out.push(`  ${String(s.count).padStart(5)} x ${s.verdict.padEnd(10)} ${what}`);
  }
  return out.join('\n') + '\n';
}
