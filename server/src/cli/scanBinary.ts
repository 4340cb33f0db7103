// `preempt-guard scan-binary PATH... [--format text|json|sarif] [--all]`:
// argument parsing, output and exit status; scanning is core/binaryTargets.
import { parseArgs } from 'node:util';
import { scanTargets, type TargetScanResult } from '../core/binaryTargets/scanTargets';
import { sourceModuleOf } from '../core/binaryTargets/sourcePaths';
import { formatBinaryJson, formatBinarySarif, formatBinaryText, type BinaryScanContext } from './binaryFormat';
import { UsageError } from './scan';

const FORMATS = ['text', 'json', 'sarif'] as const;

/** 0: no hazard; 1: hazards; 2: something could not be analysed (or nothing was found to analyse). */
export function binaryExitCode(r: TargetScanResult): number {
  if (r.binaries.some((b) => b.findings.some((f) => f.preemptible))) return 1;
  const analysed = r.binaries.filter((b) => b.functions > 0).length;
  if (analysed === 0 || r.errors.length > 0 || r.binaries.some((b) => b.errors.length > 0)) return 2;
  return 0;
}

export async function scanBinaryCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { format: { type: 'string', default: 'text' }, all: { type: 'boolean', default: false } },
  });
  const fmt = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(fmt)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${values.format})`);
  if (positionals.length === 0) throw new UsageError('scan-binary takes one or more paths: binaries, directories or image archives');
  const cwd = process.cwd();
  const ctx: BinaryScanContext = { cwd, module: sourceModuleOf(cwd) };
  const progress = process.stderr.isTTY && fmt !== 'text'
    ? (n: { path: string }) => process.stderr.write(`\r\x1b[K  scanned ${n.path}`)
    : undefined;
  const result = await scanTargets(positionals, { all: values.all, onReport: progress });
  if (progress) process.stderr.write('\r\x1b[K');
  const text = fmt === 'json' ? formatBinaryJson(result) : fmt === 'sarif' ? formatBinarySarif(result, ctx, version) : formatBinaryText(result, ctx);
  process.stdout.write(text);
  return binaryExitCode(result);
}
