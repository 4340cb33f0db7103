// `preempt-guard reproduce`: builds and runs the reproducer, streams its output
// to stderr, prints the verdict. Exit 0 survived, 1 crashed, 2 error. Its
// options are parsed by the command table (commands.ts) and checked here.
import type { ReproVariant, ReproVerdict } from '../../../shared/protocol';
import { escapeControl, escapeLines } from '../core/report/escape';
import { godebugShape, hex, positiveInteger, positiveSeconds, reproVariantValues, textOrJson } from '../core/vocabulary';
import type { ParsedCommand } from './commands';
import { UsageError } from './policy';
import { isVariant, PROGRAMS } from '../core/repro/programs';
import { ReproRun, type ReproRunEvent } from '../core/repro/run';

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

const hexOrUnknown = (n: number | null) => (n === null ? '?' : hex(n));

export function verdictText(v: ReproVerdict): string {
  const head = `${PROGRAMS[v.variant].title} (${v.variant}), ${v.toolchain || 'unknown toolchain'}, runner ${v.runner ?? 'none'}${v.godebug ? `, GODEBUG=${v.godebug}` : ''}`;
  const lines = [head];
  if (v.outcome === 'crashed') {
    lines.push(`CRASHED after ${v.seconds} s (attempt ${v.attempts}): ${v.signature}`);
    if (v.preemptedFunction) lines.push(`preempted goroutine at ${v.preemptedFunction}+${hexOrUnknown(v.preemptedOffset)}`);
    lines.push(
      v.matchedSplitInstruction
        ? 'matched: the second instruction of the split SP update (preempted between the two halves)'
        : 'not matched to the split SP update',
    );
    if (v.explanation) lines.push(v.explanation);
  } else if (v.outcome === 'survived') {
    lines.push(`SURVIVED ${v.attempts} attempt(s), ${v.seconds} s`);
    if (v.message) lines.push(v.message);
  } else {
    lines.push(`ERROR${v.stopped ? ' (stopped)' : ''}`);
    if (v.message) lines.push(v.message);
  }
  return lines.join('\n') + '\n';
}

function progress(e: ReproRunEvent): string | undefined {
  switch (e.kind) {
    case 'phase':
      return e.phase === 'done' ? undefined : `[${e.phase}] ${e.message}`;
    case 'toolchain':
      return `[toolchain] ${e.toolchain} (${e.goPath}; ${e.goWhy})`;
    case 'disassembly': {
      const f = e.findings.find((x) => x.kind === 'split-sp-update');
      return f
        ? `[epilogue] ${e.symbol} frame ${e.frameSize}${e.leaf ? ' leaf' : ''}: ${hex(f.offsets[0])} ${f.instructions[0]}; ${hex(f.offsets[1])} ${f.instructions[1]}`
        : `[epilogue] ${e.symbol} frame ${e.frameSize}${e.leaf ? ' leaf' : ''}: no split SP update (atomic epilogue)`;
    }
    case 'attempt':
      return `[attempt ${e.attempt}/${e.of}] fresh process, budget ${e.budgetSeconds} s`;
    default:
      return undefined;
  }
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
      const line = progress(e);
      if (line) process.stderr.write(`${escapeControl(line)}\n`);
    });
  }
  const v = await run.verdict;
  process.stdout.write(args.format === 'json' ? JSON.stringify(v, null, 2) + '\n' : escapeLines(verdictText(v)));
  return v.outcome === 'survived' ? 0 : v.outcome === 'crashed' ? 1 : 2;
}
