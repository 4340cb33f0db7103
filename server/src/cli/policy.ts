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
import type { FindingKind } from '../core/types';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab'] as const;
/** scan-binary also speaks OpenVEX (its products are binaries and images). */
export const BINARY_FORMATS = [...FORMATS, 'openvex'] as const;
export type Format = (typeof BINARY_FORMATS)[number];
export const FAIL_ON = ['hazard', 'any', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export class UsageError extends Error {}

/** Spread into node:util parseArgs options. */
export const OUTPUT_OPTIONS = {
  format: { type: 'string', default: 'text' },
  'fail-on': { type: 'string', default: 'any' },
} as const;

export const OUTPUT_USAGE = `[--format ${FORMATS.join('|')}] [--fail-on ${FAIL_ON.join('|')}]`;

export interface OutputPolicy {
  format: Format;
  failOn: FailOn;
}

/** Validates --format (optionally limited to `allowed`) and --fail-on. */
export function outputPolicy(values: { format?: string; 'fail-on'?: string }, allowed: readonly Format[] = FORMATS): OutputPolicy {
  const format = (values.format ?? 'text') as Format;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got ${values.format})`);
  const failOn = (values['fail-on'] ?? 'any') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got ${values['fail-on']})`);
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
