// The public crash-log corpus (test-fixtures/crash-logs/public: manifest and
// logs) and the mutations the triage tests apply to each log: the paste and
// shipper wrappers people really have (Kubernetes JSON, CRI, journald,
// indentation, `> ` quoting), crashes concatenated with service lines, and
// cuts inside a crash. Shared by test/unit/triageCorpus.test.ts and
// scripts/triage-corpus-figures.mjs (precision and recall for the README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './paths';

export type CorpusClass = 'this-bug' | 'other-unwinder' | 'other-crash' | 'no-crash';

export interface CorpusEntry {
  file: string;
  arch: string;
  os: string;
  goVersion: string | null;
  class: CorpusClass;
  crashes: number;
  partial: boolean;
  /** Where it was posted: a repository and issue, or a page's address. */
  source: { repository: string | null; issue: number | null; url: string | null };
  text: string;
}

export const CORPUS_DIR = path.join(FIXTURES, 'crash-logs', 'public');

export function loadCorpus(): CorpusEntry[] {
  const manifest = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'manifest.json'), 'utf8')) as Omit<CorpusEntry, 'text'>[];
  return manifest.map((e) => ({ ...e, text: readFileSync(path.join(CORPUS_DIR, e.file), 'utf8') }));
}

/** The process is provably not one this bug can touch: another architecture, or a Go before async preemption. */
export function cannotBeThisBug(e: CorpusEntry): boolean {
  const old = e.goVersion ? /^go1\.(\d+)/.exec(e.goVersion) : null;
  return (e.arch !== 'arm64' && e.arch !== 'unknown') || (old !== null && Number(old[1]) < 14);
}

const lines = (t: string): string[] => t.replace(/\r?\n$/, '').split(/\r?\n/);

/** Wrappers that keep every line: the triage of the wrapped log must equal the original's. */
export const WRAPPERS: Record<string, (t: string) => string> = {
  'kubernetes json': (t) =>
    lines(t)
      .map((l, i) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: `2026-11-22T02:00:${String(i % 60).padStart(2, '0')}.1Z` }))
      .join('\n'),
  cri: (t) =>
    lines(t)
      .map((l) => `2026-11-22T02:00:00.123456789Z stderr F ${l}`)
      .join('\n'),
  journald: (t) =>
    lines(t)
      .map((l) => `Nov 22 02:00:00 node-7 svc[4242]: ${l}`)
      .join('\n'),
  'indented 4': (t) =>
    lines(t)
      .map((l) => (l ? `    ${l}` : l))
      .join('\n'),
  'quoted > ': (t) =>
    lines(t)
      .map((l) => `> ${l}`)
      .join('\n'),
};

/** Ordinary service output between crashes. */
export function serviceLines(n: number, seed: number): string {
  return Array.from(
    { length: n },
    (_, i) => `2026/11/22 02:0${seed % 10}:${String(i).padStart(2, '0')} handled request ${seed}-${i} in 12ms`,
  ).join('\n');
}
