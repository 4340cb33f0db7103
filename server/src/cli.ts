// The `preempt-guard` command: argument parsing (one table, cli/commands.ts,
// node:util parseArgs for every command, `--help` for each), the one error
// convention (a line `preempt-guard <cmd>: ...` on stderr, exit 2) and the
// signals: the first SIGINT or SIGTERM aborts the run — the abort kills every
// child process tree synchronously (builds, compilers, the reproducer) — and
// exits 130 or 143 at once, whatever the command was doing. The work is done
// by the core (server/src/core) and, for `lsp`, by the language server.
import { parseArgs } from 'node:util';
import { escapeControl, escapeLines } from './core/report/escape';
import { AnalysisError } from './core/util/errors';
import {
  cliErrorLine,
  COMMAND_HELP,
  commandHelpText,
  generalHelpText,
  internalError,
  optionNeedsValue,
  stoppedBy,
  unexpectedArgument,
  unknownCommand,
  unknownOption,
} from './core/vocabulary';
import { COMMANDS, type CommandSpec, type ParsedCommand } from './cli/commands';
import { UsageError } from './cli/policy';
import { VERSION } from './cli/version';

/** Exit status of a run stopped by a signal: 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** parseArgs' own error as one line in our words (its codes are stable; its texts are not ours). */
function usageErrorOf(err: unknown, command: string): UsageError | undefined {
  const e = err as { code?: string; message?: string };
  if (!e.code?.startsWith('ERR_PARSE_ARGS')) return undefined;
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '').replace(/^-\w, /, '');
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(unknownOption(option, command));
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(optionNeedsValue(option, command));
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(unexpectedArgument(quoted, command));
  return new UsageError(e.message ?? String(err));
}

function parse(command: string, spec: CommandSpec, argv: string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: spec.positionals || spec.lenient,
      strict: !spec.lenient,
    });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (err) {
    throw usageErrorOf(err, command) ?? err;
  }
}

/** The first SIGINT/SIGTERM stops the run: child trees are killed by the abort, then the process exits. */
function stopOnSignals(controller: AbortController, command: string | undefined): void {
  const stop = (signal: keyof typeof SIGNAL_EXIT) => {
    controller.abort();
    process.stderr.write(`${cliErrorLine(command, stoppedBy(signal))}\n`);
    process.exit(SIGNAL_EXIT[signal]);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function main(command: string | undefined, argv: string[], signal: AbortSignal): Promise<number> {
  switch (command) {
    case 'version':
    case '--version':
    case '-V':
      process.stdout.write(`preempt-guard ${VERSION}\n`);
      return 0;
    case undefined:
      process.stderr.write(generalHelpText(COMMAND_HELP));
      return 2;
    case 'help':
    case '--help':
    case '-h': {
      const about = argv[0] !== undefined ? COMMANDS[argv[0]] : undefined;
      process.stdout.write(about ? commandHelpText(argv[0], about.help) : generalHelpText(COMMAND_HELP));
      return 0;
    }
  }
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) throw new UsageError(unknownCommand(command));
  const parsed = parse(command, spec, argv);
  if (parsed.values.help === true) {
    process.stdout.write(commandHelpText(command, spec.help));
    return 0;
  }
  return spec.run(parsed, signal);
}

/** The one error convention: one line naming the command; details (a compiler's output) indented below; a bug with its stack. */
function failureText(command: string | undefined, err: unknown): string {
  if (err instanceof UsageError) return `${cliErrorLine(command, escapeControl(err.message))}\n`;
  if (err instanceof AnalysisError) {
    const details = err.details ? `${escapeLines(err.details).replace(/^/gm, '  ')}\n` : '';
    return `${cliErrorLine(command, escapeControl(err.message))}\n${details}`;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const stack = (e.stack ?? '').split('\n').slice(1).join('\n');
  return `${cliErrorLine(command, escapeControl(internalError(e.message)))}\n${stack ? `${escapeLines(stack)}\n` : ''}`;
}

const [command, ...rest] = process.argv.slice(2);
const known = command !== undefined && Object.hasOwn(COMMANDS, command) ? command : undefined;
const controller = new AbortController();
stopOnSignals(controller, known);
main(command, rest, controller.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(failureText(known, err));
    process.exitCode = 2;
  },
);
