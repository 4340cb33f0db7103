// `preempt-guard reproduce`: builds and runs the reproducer, streams its output
// to stderr, prints the verdict. Exit 0 survived, 1 crashed, 2 error. Its
// options are parsed by the command table (commands.ts) and checked here.
import type { ReproVariant } from '../../../shared/protocol';
import { escapeControl, escapeLines } from '../core/report/escape';
import { godebugShape, positiveInteger, positiveSeconds, reproVariantValues, textOrJson } from '../core/vocabulary';
import { reproProgressLine, reproVerdictText } from '../core/vocabulary/reproText';
import type { ParsedCommand } from './commands';
import { UsageError } from './policy';
import { isVariant, PROGRAMS } from '../core/repro/programs';
import { ReproRun } from '../core/repro/run';

export interface ReproArgs {
  go?: string;
  variant: ReproVariant;
  budget: number;
  attempts: number;
  parallel: number;
  format: 'text' | 'json';
  godebug?: string;
}

const positive = (v: unknown): number | undefined => {
  const n = Number(v);
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The parsed options checked and typed; a UsageError names the first bad one. */
export function reproduceArgs(values: ParsedCommand['values']): ReproArgs {
  const variant = String(values.variant ?? 'fast');
  if (!isVariant(variant)) throw new UsageError(reproVariantValues(variant));
  const budget = positive(values.budget);
  if (budget === undefined) throw new UsageError(positiveSeconds);
  const count = (name: 'attempts' | 'parallel'): number => {
    const n = positive(values[name]);
    if (n === undefined || !Number.isInteger(n)) throw new UsageError(positiveInteger(`--${name}`));
    return n;
  };
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(textOrJson);
  const godebug = values.godebug;
  if (godebug !== undefined && (typeof godebug !== 'string' || !/^[a-z0-9_.]+=[^,\s]+(?:,[a-z0-9_.]+=[^,\s]+)*$/i.test(godebug)))
    throw new UsageError(godebugShape);
  return {
    ...(typeof values.go === 'string' ? { go: values.go } : {}),
    variant,
    budget,
    attempts: count('attempts'),
    parallel: count('parallel'),
    format,
    ...(godebug !== undefined ? { godebug } : {}),
  };
}

/** `signal`: the CLI's stop signal (SIGINT/SIGTERM end the process with the run's tree killed: cli.ts). */
export async function reproduceCommand({ values }: ParsedCommand, signal: AbortSignal): Promise<number> {
  const args = reproduceArgs(values);
  const run = new ReproRun({
    variant: args.variant,
    go: args.go,
    budgetSeconds: args.budget,
    attempts: args.attempts,
    concurrency: args.parallel,
    godebug: args.godebug,
    signal,
  });
  if (args.format === 'text') {
    run.on('event', (e) => {
      // The program's own output is ours (the reproducer), but its path and toolchain names are not: escaped.
      if (e.kind === 'output') {
        process.stderr.write(escapeLines(e.text));
        return;
      }
      const line = reproProgressLine(e);
      if (line) process.stderr.write(`${escapeControl(line)}\n`);
    });
  }
  const v = await run.verdict;
  process.stdout.write(
    args.format === 'json' ? JSON.stringify(v, null, 2) + '\n' : escapeLines(reproVerdictText(v, PROGRAMS[v.variant].title)),
  );
  return v.outcome === 'survived' ? 0 : v.outcome === 'crashed' ? 1 : 2;
}
