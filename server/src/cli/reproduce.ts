// `preempt-guard reproduce`: builds and runs the reproducer, streams its output
// to stderr, prints the verdict. Exit 0 survived, 1 crashed, 2 error.
import type { ReproVariant, ReproVerdict } from '../../../shared/protocol';
import { hex } from '../core/vocabulary';
import { isVariant, PROGRAMS } from '../core/repro/programs';
import { ReproRun, type ReproRunEvent } from '../core/repro/run';

const USAGE = `usage: preempt-guard reproduce [--go PATH] [--variant seed|fast|control] [--budget SECONDS]
                                [--attempts N] [--parallel N] [--godebug asyncpreemptoff=1] [--format text|json]

Builds the project's own reproducer (never anything from the workspace) for arm64 in a
temp directory and runs it: natively on arm64, under qemu-aarch64 -singlestep on Linux x86_64.
  --go PATH       go binary (default: the go on PATH, else the newest installed toolchain)
  --variant       seed (the write-up's program), fast (leaf, default), control (non-leaf)
  --budget S      seconds per attempt (default 300)
  --attempts N    fresh processes tried one after another (default 1)
  --parallel N    processes run side by side in each attempt (default 1)
  --godebug V     GODEBUG for the program: asyncpreemptoff=1 is the mitigation lane (it should survive)
  --format        text (default) or json
Exit status: 0 survived the budget, 1 crashed, 2 error.`;

interface ReproArgs {
  go?: string;
  variant: ReproVariant;
  budget: number;
  attempts: number;
  parallel: number;
  format: 'text' | 'json';
  godebug?: string;
}

export function parseReproduceArgs(argv: string[]): ReproArgs | string {
  const a: ReproArgs = { variant: 'fast', budget: 300, attempts: 1, parallel: 1, format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq) : flag;
    const value = () => (eq > 0 ? flag.slice(eq + 1) : argv[++i]);
    const positive = (v: string | undefined) => {
      const n = Number(v);
      return Number.isFinite(n) && n > 0 ? n : undefined;
    };
    switch (name) {
      case '--go': {
        const v = value();
        if (!v) return '--go needs a path';
        a.go = v;
        break;
      }
      case '--variant': {
        const v = value() ?? '';
        if (!isVariant(v)) return `--variant must be seed, fast or control (got "${v}")`;
        a.variant = v;
        break;
      }
      case '--budget': {
        const n = positive(value());
        if (n === undefined) return '--budget needs a positive number of seconds';
        a.budget = n;
        break;
      }
      case '--attempts': {
        const n = positive(value());
        if (n === undefined || !Number.isInteger(n)) return '--attempts needs a positive integer';
        a.attempts = n;
        break;
      }
      case '--parallel': {
        const n = positive(value());
        if (n === undefined || !Number.isInteger(n)) return '--parallel needs a positive integer';
        a.parallel = n;
        break;
      }
      case '--godebug': {
        const v = value();
        if (!v || !/^[a-z0-9_.]+=[^,\s]+(?:,[a-z0-9_.]+=[^,\s]+)*$/i.test(v))
          return '--godebug needs NAME=VALUE[,NAME=VALUE] (e.g. asyncpreemptoff=1)';
        a.godebug = v;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') return '--format must be text or json';
        a.format = v;
        break;
      }
      case '-h':
      case '--help':
        return 'help';
      default:
        return `unknown argument: ${flag}`;
    }
  }
  return a;
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

/** `signal` (optional): the CLI's Ctrl-C controller; SIGINT/SIGTERM are handled here too. */
export async function reproduceCommand(argv: string[], signal?: AbortSignal): Promise<number> {
  const args = parseReproduceArgs(argv);
  if (args === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (typeof args === 'string') {
    process.stderr.write(`preempt-guard reproduce: ${args}\n${USAGE}\n`);
    return 2;
  }
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
      if (e.kind === 'output') {
        process.stderr.write(e.text);
        return;
      }
      const line = progress(e);
      if (line) process.stderr.write(line + '\n');
    });
  }
  // Ctrl-C / kill: stop the program (its whole tree) and still print a verdict.
  const stop = () => run.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const v = await run.verdict;
    process.stdout.write(args.format === 'json' ? JSON.stringify(v, null, 2) + '\n' : verdictText(v));
    return v.outcome === 'survived' ? 0 : v.outcome === 'crashed' ? 1 : 2;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
