// Groups many crashes (a day of fleet logs) by what crashed: confirmed ones by
// epilogue (function, file, line), consistent ones by preempted frame,
// unrelated ones by signature; most frequent first.
import type { TriageCrash, TriageSummaryEntry } from './types';

export function summarize(crashes: TriageCrash[]): TriageSummaryEntry[] {
  const groups = new Map<string, TriageSummaryEntry>();
  for (const c of crashes) {
    const sig = c.signatures[0] ?? '';
    const e: Omit<TriageSummaryEntry, 'count'> =
      c.verdict === 'confirmed' && c.epilogue
        ? { verdict: c.verdict, function: c.epilogue.function, file: c.epilogue.file, line: c.epilogue.line, signature: sig }
        : c.verdict === 'consistent'
          ? {
              verdict: c.verdict,
              function: c.preempted?.function ?? null,
              file: c.preempted?.file ?? null,
              line: c.preempted?.line ?? null,
              signature: sig,
            }
          : { verdict: c.verdict, function: null, file: null, line: null, signature: sig };
    const key = JSON.stringify([e.verdict, e.function, e.file, e.line, c.verdict === 'unrelated' ? sig : '']);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ...e, count: 1 });
  }
  const rank = { confirmed: 0, consistent: 1, unrelated: 2 } as const;
  return [...groups.values()].sort((a, b) => b.count - a.count || rank[a.verdict] - rank[b.verdict]);
}
