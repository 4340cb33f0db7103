// GitLab Code Quality JSON (the `codequality` report artifact): one issue per
// hazard, located like every CI format (github.ts ciFile), with a fingerprint
// that survives edits above the function (fingerprint.ts). Crash hazards are
// major, split frame-pointer restores minor, non-preemptible pairs info.
// Problems are not Code Quality issues: errorLines says them on stderr.
import { errorLine, hazardCiMessage } from '../vocabulary';
import { escapeControl } from './escape';
import type { Hazard } from '../hazard';
import { sourceLines, uniqueFingerprints } from './fingerprint';
import { ciFile } from './github';
import { localFile, relPath } from './locate';
import type { ScanReport } from './model';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

const severity = (h: Hazard): CodeQualityIssue['severity'] => (!h.preemptible ? 'info' : h.kind === 'split-sp-update' ? 'major' : 'minor');

export function codeQualityIssues(
  r: ScanReport,
  base: string,
  lines: (file: string) => string[] | undefined = sourceLines(),
): CodeQualityIssue[] {
  const prints = uniqueFingerprints(r.hazards, (h) => localFile(h, r.source), lines);
  return r.hazards.map((h, i) => ({
    description: hazardCiMessage(h),
    check_name: h.kind,
    fingerprint: prints[i],
    severity: severity(h),
    location: { path: ciFile(h, r.source, base), lines: { begin: Math.max(1, h.line) } },
  }));
}

export function formatGitlab(r: ScanReport, base: string, lines?: (file: string) => string[] | undefined): string {
  return `${JSON.stringify(codeQualityIssues(r, base, lines), null, 2)}\n`;
}

/** The run's problems as stderr lines (`preempt-guard: error: file:line: message`). */
export function errorLines(r: ScanReport, base: string): string {
  return r.errors
    .map((e) => {
      const where = e.file ? `${relPath(e.file, base)}:${e.line ?? 0}` : e.binary;
      return `preempt-guard: ${escapeControl(errorLine({ message: e.message, where, packagePath: e.packagePath }))}\n`;
    })
    .join('');
}
