// `preempt-guard scan` and `preempt-guard analyze-listing`.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeModule, analyzeListing } from '../core/analyze';
import { AnalysisError } from '../core/errors';
import { formatJson, formatSarif, formatText, type Format, type Report } from './format';

const FORMATS: Format[] = ['text', 'json', 'sarif'];

export class UsageError extends Error {}

function format(value: string | undefined): Format {
  const f = (value ?? 'text') as Format;
  if (!FORMATS.includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${value})`);
  return f;
}

function render(report: Report, fmt: Format, version: string): string {
  return fmt === 'json' ? formatJson(report) : fmt === 'sarif' ? formatSarif(report, version) : formatText(report);
}

/** 0: no findings; 1: findings; 2: nothing could be analysed. */
function exitCode(report: Report): number {
  if (report.findings.length > 0) return 1;
  return report.errors.length > 0 ? 2 : 0;
}

function progressPrinter(): ((p: { bytes: number; functions: number; packagePath: string }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => process.stderr.write(`\r\x1b[K  analysing: ${(p.bytes / 1e6).toFixed(0)} MB, ${p.functions} functions (${p.packagePath})`);
}

export async function scanCommand(argv: string[], version: string, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      go: { type: 'string' }, deps: { type: 'boolean', default: false }, goos: { type: 'string', default: 'linux' },
      format: { type: 'string', default: 'text' }, tags: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`scan takes one directory (got ${positionals.join(' ')})`);
  if (values.goos !== 'linux' && values.goos !== 'darwin') throw new UsageError(`--goos must be linux or darwin (got ${values.goos})`);
  const fmt = format(values.format);
  const dir = path.resolve(positionals[0] ?? '.');
  const progress = values.deps ? progressPrinter() : undefined;
  const result = await analyzeModule({
    dir, go: values.go, goWhy: values.go ? `--go ${values.go}` : undefined, deps: values.deps, goos: values.goos,
    buildFlags: values.tags ? [`-tags=${values.tags}`] : [], signal, onProgress: progress,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const report: Report = { toolchain: result.toolchain, findings: result.findings, errors: result.errors, root: dir };
  process.stdout.write(render(report, fmt, version));
  return exitCode(report);
}

export async function analyzeListingCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'text' } },
  });
  if (positionals.length !== 1) throw new UsageError('analyze-listing takes one file, or - for standard input');
  const fmt = format(values.format);
  const src = positionals[0];
  const input = src === '-' ? process.stdin : createReadStream(src);
  const opened = new Promise<void>((resolve, reject) => {
    if (src === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (e: Error) => reject(new AnalysisError('bad-input', `cannot read ${src}: ${e.message}`)));
  });
  await opened;
  const listing = await analyzeListing(input);
  const errors = [...listing.errors];
  if (listing.truncated) errors.push({ packagePath: '', message: listing.truncated });
  if (listing.functionCount === 0 && errors.length === 0) {
    errors.push({ packagePath: '', message: `${src === '-' ? 'standard input' : src} holds no function listing (expected the stderr of go build -gcflags=-S)` });
  }
  const report: Report = { findings: listing.findings, errors, root: process.cwd() };
  process.stdout.write(render(report, fmt, version));
  return exitCode(report);
}
