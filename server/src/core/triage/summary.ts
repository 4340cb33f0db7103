// Groups many crashes (a day of fleet logs) by what crashed: confirmed ones by
// epilogue (function, file, line), the others by their signature (the one the
// verdict rests on) and, for consistent ones, the frame the unwinder failed
// on; most frequent first. Crashes with different signatures never share a
// group.
import type { TriageCrash, TriageSummaryEntry } from './types';
import { SIGNATURE_CUT_OFF } from '../vocabulary/triageInputs';

/** The signature a crash is grouped and labelled by: the first the verdict rests on, else its first, else its reason. */
function groupSignature(c: TriageCrash): string {
  return c.signatures[0] ?? (c.partial ? SIGNATURE_CUT_OFF : '');
}

export function summarize(crashes: TriageCrash[]): TriageSummaryEntry[] {
  const groups = new Map<string, TriageSummaryEntry>();
  for (const c of crashes) {
    const signature = groupSignature(c);
    const e: Omit<TriageSummaryEntry, 'count'> =
      c.verdict === 'confirmed' && c.epilogue
        ? { verdict: c.verdict, function: c.epilogue.function, file: c.epilogue.file, line: c.epilogue.line, signature }
        : c.verdict === 'consistent'
          ? {
              verdict: c.verdict,
              function: c.preempted?.function ?? null,
              file: c.preempted?.file ?? null,
              line: c.preempted?.line ?? null,
              signature,
            }
          : { verdict: c.verdict, function: null, file: null, line: null, signature };
    const key = JSON.stringify([e.verdict, e.function, e.file, e.line, c.verdict === 'confirmed' ? '' : signature]);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ...e, count: 1 });
  }
  const rank = { confirmed: 0, consistent: 1, unrelated: 2 } as const;
  return [...groups.values()].sort((a, b) => b.count - a.count || rank[a.verdict] - rank[b.verdict]);
}
