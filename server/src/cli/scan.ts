// `preempt-guard scan` and `preempt-guard analyze-listing`: the listing engine's
// result as a report (core/report), in the chosen format, with the exit status
// of the --fail-on policy. Arguments arrive parsed (commands.ts).
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { analyzeModule, analyzeListing } from '../core/listing/analyze';
import { escapeControl } from '../core/report/escape';
import { listingReport } from '../core/report/model';
import { AnalysisError } from '../core/util/errors';
import type { BuildError } from '../core/types';
import {
  analysingProgress,
  analyzeListingTakesOne,
  cannotReadFile,
  emptyListing,
  goosLinuxOrDarwin,
  scanTakesOneDir,
  STDIN_NAME,
} from '../core/vocabulary';
import type { ParsedCommand } from './commands';
import { emit } from './emit';
import { outputPolicy, UsageError } from './policy';

function progressPrinter(): ((p: { bytes: number; functions: number; packagePath: string }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => process.stderr.write(`\r\x1b[K  ${escapeControl(analysingProgress(p.bytes / 1e6, p.functions, p.packagePath))}`);
}

export async function scanCommand({ values, positionals }: ParsedCommand, signal: AbortSignal): Promise<number> {
  if (positionals.length > 1) throw new UsageError(scanTakesOneDir(positionals));
  const goos = String(values.goos ?? 'linux');
  if (goos !== 'linux' && goos !== 'darwin') throw new UsageError(goosLinuxOrDarwin(goos));
  const policy = outputPolicy(values);
  const dir = path.resolve(positionals[0] ?? '.');
  const go = typeof values.go === 'string' ? values.go : undefined;
  const deps = values.deps === true;
  const progress = deps ? progressPrinter() : undefined;
  const result = await analyzeModule({
    dir,
    go,
    goWhy: go ? `--go ${go}` : undefined,
    deps,
    goos,
    buildFlags: typeof values.tags === 'string' ? [`-tags=${values.tags}`] : [],
    signal,
    onProgress: progress,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  return emit(listingReport(result.findings, result.errors, { toolchain: result.toolchain, root: dir }), policy);
}

export async function analyzeListingCommand({ values, positionals }: ParsedCommand): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(analyzeListingTakesOne);
  const policy = outputPolicy(values);
  const src = positionals[0];
  const input = src === '-' ? process.stdin : createReadStream(src);
  await new Promise<void>((resolve, reject) => {
    if (src === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (e: Error) => reject(new AnalysisError('bad-input', cannotReadFile(src, e.message))));
  });
  const listing = await analyzeListing(input);
  const errors: BuildError[] = [...listing.errors];
  if (listing.truncated) errors.push({ packagePath: '', message: listing.truncated });
  if (listing.functionCount === 0 && errors.length === 0)
    errors.push({ packagePath: '', message: emptyListing(src === '-' ? STDIN_NAME : src) });
  return emit(listingReport(listing.findings, errors, { toolchain: null, root: process.cwd(), category: 'listing' }), policy);
}
