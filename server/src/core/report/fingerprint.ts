// Stable identities for findings (SARIF partialFingerprints, GitLab Code
// Quality fingerprints): they must survive edits above the function, so no
// line number goes in. A return site is named by its function, the finding's
// kind, the normalised text of its return statement and which occurrence of
// that same text it is inside the function. Without the source text (a saved
// listing whose files are not here) the line offset from the declaration
// stands in: it still survives edits above the function.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FindingKind } from '../types';

export interface FingerprintSubject {
  kind: FindingKind;
  function: string;
  line: number;
  declLine: number;
}

/** Whitespace collapsed, comments after `//` dropped: formatting changes do not move it. */
export function normaliseStatement(line: string): string {
  return line
    .replace(/\/\/.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `<hex sha256>` of the identity; `lines` is the file's text split on newlines (index 0 = line 1). */
export function findingFingerprint(f: FingerprintSubject, lines?: readonly string[]): string {
  let site: string;
  const text = lines?.[f.line - 1];
  if (lines && text !== undefined && f.declLine >= 1 && f.declLine <= f.line) {
    const stmt = normaliseStatement(text);
    let ordinal = 0;
    for (let i = f.declLine - 1; i < f.line - 1; i++) if (normaliseStatement(lines[i] ?? '') === stmt) ordinal++;
    site = `stmt:${stmt}#${ordinal}`;
  } else {
    site = `offset:${f.line - f.declLine}`;
  }
  return createHash('sha256').update(`${f.function}\n${f.kind}\n${site}`).digest('hex');
}

/** Lines of each source file, read once; undefined when it is not readable here. */
export function sourceLines(): (file: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
}

/**
 * One fingerprint per subject, made unique when two share one (a `:n` suffix counts repeats);
 * `localOf` gives the subject's file on this machine (its source text names the return statement).
 */
export function uniqueFingerprints<T extends FingerprintSubject>(
  subjects: readonly T[],
  localOf: (s: T) => string | undefined,
  lines: (file: string) => string[] | undefined,
): string[] {
  const seen = new Map<string, number>();
  return subjects.map((s) => {
    const local = localOf(s);
    const base = findingFingerprint(s, local ? lines(local) : undefined);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}:${n}`;
  });
}
