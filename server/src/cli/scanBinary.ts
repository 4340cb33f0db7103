// `preempt-guard scan-binary PATH...`: the binary engine's result as a report
// (core/report), in the chosen format, with the exit status of the --fail-on
// policy over the preemptible hazards. Scanning is core/binary/targets.
import { escapeControl } from '../core/report/escape';
import { binaryScanReport } from '../core/report/model';
import { scanTargets } from '../core/binary/targets/scanTargets';
import { sourceModuleOf } from '../core/binary/targets/sourcePaths';
import { scanBinaryNeedsPaths, scannedProgress } from '../core/vocabulary';
import type { ParsedCommand } from './commands';
import { outputPolicy, UsageError } from './policy';
import { emit } from './emit';

export async function scanBinaryCommand({ values, positionals }: ParsedCommand): Promise<number> {
  const policy = outputPolicy(values);
  if (positionals.length === 0) throw new UsageError(scanBinaryNeedsPaths);
  const cwd = process.cwd();
  const progress =
    process.stderr.isTTY && policy.format !== 'text'
      ? (n: { path: string }) => process.stderr.write(`\r\x1b[K  ${escapeControl(scannedProgress(n.path))}`)
      : undefined;
  const result = await scanTargets(positionals, { all: values.all === true, onReport: progress });
  if (progress) process.stderr.write('\r\x1b[K');
  return emit(binaryScanReport(result, { cwd, module: sourceModuleOf(cwd) }), policy);
}
