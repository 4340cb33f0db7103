// Text output of `preempt-guard triage`: one block per crash (verdict, partial
// marker, the evidence it rests on, the frame, epilogue with the preempted
// instruction marked, explanation, remedy), then the summary and how many
// crashes beyond the cap were counted. Text from the log is printed with its
// control characters escaped. JSON is the TriageResult as is.
import { hex, SP_MARK, TRIAGE_NO_CRASH, triageCliWords, triageDropped } from '../core/vocabulary';
import { MAX_CRASHES } from '../core/triage/triage';
import type { TriageCrash, TriageResult } from '../core/triage/types';

/** Control characters (C0, DEL, C1) of input text as `\xNN`, so a log cannot drive the terminal or forge CI commands. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function crashText(c: TriageCrash): string[] {
  const out = [`${printable(c.source)} crash ${c.index} (line ${c.line}): ${c.verdict.toUpperCase()}${c.partial ? ' (partial)' : ''}`];
  out.push('  evidence:');
  for (const e of c.evidence) out.push(`    - ${e.kind}: ${printable(e.text)}`);
  const e = c.epilogue;
  if (e) {
    out.push(`  epilogue: ${printable(e.function)} at ${printable(e.file)}:${e.line} (${e.leaf ? 'leaf' : 'non-leaf'})`);
    out.push(`    ${hex(e.offsets[0])}  ${e.instructions[0]}`);
    out.push(`                                ${SP_MARK}`);
    out.push(`    ${hex(e.offsets[1])}  ${e.instructions[1]}`);
  }
  out.push(`  ${printable(c.explanation)}`);
  if (c.remedy) out.push(`  remedy: ${c.remedy}`);
  return out;
}

export function triageText(r: TriageResult): string {
  if (r.crashes.length === 0) return `${TRIAGE_NO_CRASH}\n`;
  const out: string[] = [];
  for (const c of r.crashes) out.push(...crashText(c), '');
  out.push(triageCliWords.summaryHead);
  for (const s of r.summary) {
    const where = s.function ? `${s.function}${s.file ? ` ${s.file}:${s.line}` : ''}` : '';
    const what = s.verdict === 'confirmed' ? where : [where, s.signature].filter(Boolean).join(' — ');
    out.push(`  ${String(s.count).padStart(5)} x ${s.verdict.padEnd(10)} ${printable(what)}`);
  }
  if (r.dropped > 0) out.push('', triageDropped(r.dropped, MAX_CRASHES));
  return out.join('\n') + '\n';
}
