// Output options shared by the commands that report findings (scan,
// analyze-listing, and scan-binary): `--format` and `--fail-on`, parsed the same
// way everywhere, and the exit-status policy they imply.
//
// Exit status (errors that stop the analysis — no go, not a module, a bad
// flag — are always 2):
//   --fail-on any (the default): 1 if there is any finding; else 2 if build
//       errors were reported; else 0.
//   --fail-on hazard: 1 only for split-sp-update findings (the crash hazard);
//       a run with only split-fp-restore findings exits 0; else as `any`.
//   --fail-on none: 0, except 2 when build errors were reported and nothing
//       was found (nothing could be analysed: never pass a broken build).
// A binary scan counts only preemptible pairs (`--all` adds others), and one
// that analysed no binary at all counts as an error.
import { countedHazards, type ScanReport } from '../core/report/model';
import { BINARY_FORMATS, FORMATS, type Format } from '../core/report/render';
import type { FindingKind } from '../core/types';
import { mustBeOneOf } from '../core/vocabulary';

export { BINARY_FORMATS, FORMATS, type Format };
export const FAIL_ON = ['hazard', 'any', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** A command line that cannot be run: said in one line, exit 2. */
export class UsageError extends Error {}

/** Spread into node:util parseArgs options. */
export const OUTPUT_OPTIONS = {
  format: { type: 'string', default: 'text' },
  'fail-on': { type: 'string', default: 'any' },
} as const;

export interface OutputPolicy {
  format: Format;
  failOn: FailOn;
}

/** Validates --format (one of `allowed`: scan-binary adds openvex) and --fail-on. */
export function outputPolicy(values: { format?: unknown; 'fail-on'?: unknown }, allowed: readonly Format[] = FORMATS): OutputPolicy {
  const format = String(values.format ?? 'text') as Format;
  if (!allowed.includes(format)) throw new UsageError(mustBeOneOf('--format', allowed, format));
  const failOn = String(values['fail-on'] ?? 'any') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(mustBeOneOf('--fail-on', FAIL_ON, failOn));
  return { format, failOn };
}

/** The exit status of a finished analysis under the policy (see the header). */
export function exitCodeFor(findings: readonly { kind: FindingKind }[], errorCount: number, failOn: FailOn = 'any'): number {
  const brokenAndEmpty = errorCount > 0 && findings.length === 0;
  switch (failOn) {
    case 'none':
      return brokenAndEmpty ? 2 : 0;
    case 'hazard':
      if (findings.some((f) => f.kind === 'split-sp-update')) return 1;
      return brokenAndEmpty ? 2 : 0;
    case 'any':
    default:
      if (findings.length > 0) return 1;
      return errorCount > 0 ? 2 : 0;
  }
}

/** The exit status of a report: its counted hazards and its errors (a binary scan that analysed nothing is one). */
export function reportExitCode(r: ScanReport, failOn: FailOn = 'any'): number {
  const nothingAnalysed = r.source.kind === 'binary' && !r.source.binaries.some((b) => b.functions > 0);
  return exitCodeFor(countedHazards(r), r.errors.length + (nothingAnalysed ? 1 : 0), failOn);
}
