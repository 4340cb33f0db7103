// Two CI output formats: GitHub Actions workflow commands (`::warning
// file=...,line=...,title=...::message`, shown inline in pull requests without
// code scanning) and GitLab Code Quality JSON (the `codequality` report
// artifact). Paths are relative to `base` (the repository's top directory when
// in a git checkout, else the working directory), as both services expect.
import path from 'node:path';
import { ciMessage, RULES } from '../core/vocabulary';
import { findingFingerprint } from '../core/report/fingerprint';
import type { BuildError, Finding } from '../core/types';
import type { Report } from './format';

/** Workflow command message escaping (GitHub's toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property escaping (`escapeProperty`): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function relPath(file: string, base: string): string {
  return (path.isAbsolute(file) ? path.relative(base, file) || file : file).split(path.sep).join('/');
}

export function command(kind: 'warning' | 'notice' | 'error', props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

export function formatGithub(r: Report, base: string): string {
  const out = r.findings.map((f) =>
    command(
      RULES[f.kind].level === 'warning' ? 'warning' : 'notice',
      { file: relPath(f.file, base), line: f.line, title: `preempt-guard ${f.kind}: ${f.function}` },
      ciMessage(f, r.toolchain?.version),
    ),
  );
  for (const e of r.errors)
    out.push(
      command(
        'error',
        { file: e.file ? relPath(e.file, base) : undefined, line: e.file ? e.line : undefined, title: 'preempt-guard: build error' },
        e.message,
      ),
    );
  return out.length ? `${out.join('\n')}\n` : '';
}

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

export function codeQualityIssues(
  findings: Finding[],
  base: string,
  toolchainVersion?: string,
  lines?: (file: string) => string[] | undefined,
): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const print = findingFingerprint(f, path.isAbsolute(f.file) ? lines?.(f.file) : undefined);
    const n = seen.get(print) ?? 0;
    seen.set(print, n + 1);
    return {
      description: ciMessage(f, toolchainVersion),
      check_name: f.kind,
      fingerprint: n === 0 ? print : `${print}:${n}`,
      severity: f.kind === 'split-sp-update' ? 'major' : 'minor',
      location: { path: relPath(f.file, base), lines: { begin: f.line } },
    };
  });
}

export function formatGitlab(r: Report, base: string, lines?: (file: string) => string[] | undefined): string {
  return `${JSON.stringify(codeQualityIssues(r.findings, base, r.toolchain?.version, lines), null, 2)}\n`;
}

/** Build errors are not Code Quality issues: said on stderr instead. */
export function errorLines(errors: BuildError[], base: string): string {
  return errors.map((e) => `preempt-guard: error: ${e.file ? `${relPath(e.file, base)}:${e.line ?? 0}: ` : ''}${e.message}\n`).join('');
}
