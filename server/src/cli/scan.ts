// `preempt-guard scan` and `preempt-guard analyze-listing`.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeModule, analyzeListing } from '../core/listing/analyze';
import { AnalysisError } from '../core/util/errors';
import { errorLines, formatGithub, formatGitlab } from './ciFormats';
import { formatJson, formatText, type Report } from './format';
import { gitProvenance } from './gitProvenance';
import { exitCodeFor, OUTPUT_OPTIONS, outputPolicy, type Format, type OutputPolicy } from './policy';
import { formatSarif, sourceLines } from './sarif';

import { UsageError } from './policy';

export { UsageError };

/** Writes the report in the chosen format; returns the exit status under the policy. */
export function emit(report: Report, policy: OutputPolicy, version: string, category?: string): number {
  process.stdout.write(render(report, policy.format, version, category));
  if (policy.format === 'gitlab' && report.errors.length) process.stderr.write(errorLines(report.errors, ciBase(report.root)));
  return exitCodeFor(report.findings, report.errors.length, policy.failOn);
}

/** Where CI paths are relative to: the git checkout's top directory, else the working directory. */
function ciBase(root: string): string {
  return gitProvenance(root)?.root ?? process.cwd();
}

function render(report: Report, fmt: Format, version: string, category?: string): string {
  switch (fmt) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { toolVersion: version, git: gitProvenance(report.root), category });
    case 'github':
      return formatGithub(report, ciBase(report.root));
    case 'gitlab':
      return formatGitlab(report, ciBase(report.root), sourceLines());
    default:
      return formatText(report);
  }
}

function progressPrinter(): ((p: { bytes: number; functions: number; packagePath: string }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => process.stderr.write(`\r\x1b[K  analysing: ${(p.bytes / 1e6).toFixed(0)} MB, ${p.functions} functions (${p.packagePath})`);
}

export async function scanCommand(argv: string[], version: string, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      go: { type: 'string' },
      deps: { type: 'boolean', default: false },
      goos: { type: 'string', default: 'linux' },
      tags: { type: 'string' },
      ...OUTPUT_OPTIONS,
    },
  });
  if (positionals.length > 1) throw new UsageError(`scan takes one directory (got ${positionals.join(' ')})`);
  if (values.goos !== 'linux' && values.goos !== 'darwin') throw new UsageError(`--goos must be linux or darwin (got ${values.goos})`);
  const policy = outputPolicy(values);
  const dir = path.resolve(positionals[0] ?? '.');
  const progress = values.deps ? progressPrinter() : undefined;
  const result = await analyzeModule({
    dir,
    go: values.go,
    goWhy: values.go ? `--go ${values.go}` : undefined,
    deps: values.deps,
    goos: values.goos,
    buildFlags: values.tags ? [`-tags=${values.tags}`] : [],
    signal,
    onProgress: progress,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const report: Report = { toolchain: result.toolchain, findings: result.findings, errors: result.errors, root: dir };
  return emit(report, policy, version);
}

export async function analyzeListingCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...OUTPUT_OPTIONS },
  });
  if (positionals.length !== 1) throw new UsageError('analyze-listing takes one file, or - for standard input');
  const policy = outputPolicy(values);
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
    errors.push({
      packagePath: '',
      message: `${src === '-' ? 'standard input' : src} holds no function listing (expected the stderr of go build -gcflags=-S)`,
    });
  }
  const report: Report = { findings: listing.findings, errors, root: process.cwd() };
  return emit(report, policy, version, 'listing');
}
