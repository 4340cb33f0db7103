// `scan-binary --format github|gitlab`: the findings of shipped binaries as
// GitHub workflow commands and GitLab Code Quality issues, located in source
// files the way every scan-binary format locates them (binaryFormat.ts
// localFile), with paths relative to `base` (the git checkout's top, else the
// working directory). Preemptible split SP updates are the hazards (warning,
// major); the non-preemptible pairs `--all` adds are notices (notice, info).
// Analysis errors: `::error` commands for GitHub, stderr lines for GitLab.
import path from 'node:path';
import type { BinaryFinding, BinaryReport } from '../core/binary/types';
import type { TargetScanResult } from '../core/binary/targets/scanTargets';
import { binaryCiMessage } from '../core/vocabulary';
import { findingFingerprint } from '../core/report/fingerprint';
import { localFile, type BinaryScanContext } from './binaryFormat';
import { command, relPath, type CodeQualityIssue } from './ciFormats';

type Located = { b: BinaryReport; f: BinaryFinding; file: string; local?: string };

function located(r: TargetScanResult, ctx: BinaryScanContext, base: string): Located[] {
  return r.binaries.flatMap((b) =>
    b.findings.map((f) => {
      const local = localFile(f.file, ctx);
      return { b, f, local, file: local ? relPath(local, base) : f.file.split(path.sep).join('/') };
    }),
  );
}

const analysisErrors = (r: TargetScanResult): string[] => [
  ...r.errors,
  ...r.binaries.flatMap((b) => b.errors.map((e) => `${b.path}: ${e}`)),
];

export function formatBinaryGithub(r: TargetScanResult, ctx: BinaryScanContext, base: string): string {
  const out = located(r, ctx, base).map(({ b, f, file }) =>
    command(
      f.preemptible ? 'warning' : 'notice',
      { file, line: f.line, title: `preempt-guard ${f.kind}: ${f.function}` },
      binaryCiMessage(f, b.path, b.goVersion),
    ),
  );
  for (const e of analysisErrors(r)) out.push(command('error', { title: 'preempt-guard: scan-binary' }, e));
  return out.length ? `${out.join('\n')}\n` : '';
}

export function binaryCodeQualityIssues(
  r: TargetScanResult,
  ctx: BinaryScanContext,
  base: string,
  lines?: (file: string) => string[] | undefined,
): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return located(r, ctx, base).map(({ b, f, file, local }) => {
    const print = findingFingerprint(f, local ? lines?.(local) : undefined);
    const n = seen.get(print) ?? 0;
    seen.set(print, n + 1);
    return {
      description: binaryCiMessage(f, b.path, b.goVersion),
      check_name: f.kind,
      fingerprint: n === 0 ? print : `${print}:${n}`,
      severity: f.preemptible ? 'major' : 'info',
      location: { path: file, lines: { begin: Math.max(1, f.line) } },
    };
  });
}

export function formatBinaryGitlab(
  r: TargetScanResult,
  ctx: BinaryScanContext,
  base: string,
  lines?: (file: string) => string[] | undefined,
): string {
  return `${JSON.stringify(binaryCodeQualityIssues(r, ctx, base, lines), null, 2)}\n`;
}

/** Analysis errors are not Code Quality issues: said on stderr instead. */
export function binaryErrorLines(r: TargetScanResult): string {
  return analysisErrors(r)
    .map((e) => `preempt-guard: error: ${e}\n`)
    .join('');
}
