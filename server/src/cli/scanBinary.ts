// `preempt-guard scan-binary PATH... [--format text|json|sarif|github|gitlab] [--fail-on hazard|any|none] [--all]`:
// argument parsing, output and exit status (the CI policy of policy.ts, over
// the preemptible hazards); scanning is core/binaryTargets.
import { parseArgs } from 'node:util';
import { scanTargets, type TargetScanResult } from '../core/binaryTargets/scanTargets';
import { sourceModuleOf } from '../core/binaryTargets/sourcePaths';
import { binaryErrorLines, formatBinaryGithub, formatBinaryGitlab } from './binaryCi';
import { formatBinaryJson, formatBinaryText, type BinaryScanContext } from './binaryFormat';
import { formatBinarySarif } from './binarySarif';
import { gitProvenance } from './gitProvenance';
import { exitCodeFor, OUTPUT_OPTIONS, outputPolicy, UsageError, type FailOn, type Format } from './policy';
import { sourceLines } from './sarif';

/**
 * Under --fail-on any or hazard (every binary finding is a split SP update):
 * 1 hazards; else 2 when something could not be analysed (or nothing was
 * found to analyse); else 0. Under none: 0, or 2 when nothing could be analysed
 * and no hazard was found. Non-preemptible pairs (--all) never count.
 */
export function binaryExitCode(r: TargetScanResult, failOn: FailOn = 'any'): number {
  const hazards = r.binaries.flatMap((b) => b.findings.filter((f) => f.preemptible));
  const analysed = r.binaries.filter((b) => b.functions > 0).length;
  const errors = r.errors.length + r.binaries.reduce((n, b) => n + b.errors.length, 0) + (analysed === 0 ? 1 : 0);
  return exitCodeFor(hazards, errors, failOn);
}

function render(fmt: Format, result: TargetScanResult, ctx: BinaryScanContext, version: string): string {
  const git = () => gitProvenance(ctx.module?.root ?? ctx.cwd);
  switch (fmt) {
    case 'json':
      return formatBinaryJson(result);
    case 'sarif':
      return formatBinarySarif(result, ctx, { toolVersion: version, git: git() });
    case 'github':
      return formatBinaryGithub(result, ctx, git()?.root ?? ctx.cwd);
    case 'gitlab':
      return formatBinaryGitlab(result, ctx, git()?.root ?? ctx.cwd, sourceLines());
    default:
      return formatBinaryText(result, ctx);
  }
}

export async function scanBinaryCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...OUTPUT_OPTIONS, all: { type: 'boolean', default: false } },
  });
  const policy = outputPolicy(values);
  if (positionals.length === 0) throw new UsageError('scan-binary takes one or more paths: binaries, directories or image archives');
  const cwd = process.cwd();
  const ctx: BinaryScanContext = { cwd, module: sourceModuleOf(cwd) };
  const progress =
    process.stderr.isTTY && policy.format !== 'text'
      ? (n: { path: string }) => process.stderr.write(`\r\x1b[K  scanned ${n.path}`)
      : undefined;
  const result = await scanTargets(positionals, { all: values.all, onReport: progress });
  if (progress) process.stderr.write('\r\x1b[K');
  process.stdout.write(render(policy.format, result, ctx, version));
  if (policy.format === 'gitlab') process.stderr.write(binaryErrorLines(result));
  return binaryExitCode(result, policy.failOn);
}
