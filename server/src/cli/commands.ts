// The one table of `preempt-guard`'s subcommands: for each, its help (words
// from core/vocabulary), its options for node:util parseArgs, and what runs
// it. cli.ts parses every command's arguments with this table (so `--help`
// works for each, and an unknown option is one line), then imports the
// command's module only when it runs: `scan-binary` does not pay for loading
// the language server's or the reproducer's code.
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { chooseTransport, COMMAND_HELP, type CommandHelp } from '../core/vocabulary';
import { OUTPUT_OPTIONS, UsageError } from './policy';
import { REPRODUCE_OPTIONS } from './reproduceOptions';

export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CommandSpec {
  help: CommandHelp;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments allowed. */
  positionals: boolean;
  /** Unknown options allowed (lsp: clients add transport options of their own). */
  lenient?: boolean;
  run(args: ParsedCommand, signal: AbortSignal): Promise<number>;
}

const TRANSPORTS = ['stdio', 'node-ipc', 'socket', 'pipe'];

export const COMMANDS: Record<string, CommandSpec> = {
  scan: {
    help: COMMAND_HELP.scan,
    options: {
      go: { type: 'string' },
      deps: { type: 'boolean', default: false },
      goos: { type: 'string', default: 'linux' },
      tags: { type: 'string' },
      ...OUTPUT_OPTIONS,
    },
    positionals: true,
    run: async (a, signal) => (await import('./scan.js')).scanCommand(a, signal),
  },
  'analyze-listing': {
    help: COMMAND_HELP['analyze-listing'],
    options: { ...OUTPUT_OPTIONS },
    positionals: true,
    run: async (a) => (await import('./scan.js')).analyzeListingCommand(a),
  },
  'scan-binary': {
    help: COMMAND_HELP['scan-binary'],
    options: {
      ...OUTPUT_OPTIONS,
      all: { type: 'boolean', default: false },
      platform: { type: 'string' },
      'registry-ca': { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      'images-from': { type: 'string' },
    },
    positionals: true,
    run: async (a) => (await import('./scanBinary.js')).scanBinaryCommand(a),
  },
  reproduce: {
    help: COMMAND_HELP.reproduce,
    options: { ...REPRODUCE_OPTIONS },
    positionals: false,
    run: async (a, signal) => (await import('./reproduce.js')).reproduceCommand(a, signal),
  },
  triage: {
    help: COMMAND_HELP.triage,
    options: {
      binary: { type: 'string' },
      module: { type: 'string' },
      scan: { type: 'string' },
      go: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    positionals: true,
    run: async (a, signal) => (await import('./triage.js')).triageCommand(a, signal),
  },
  lsp: {
    help: COMMAND_HELP.lsp,
    options: { stdio: { type: 'boolean' }, 'node-ipc': { type: 'boolean' }, socket: { type: 'string' }, pipe: { type: 'string' } },
    positionals: false,
    lenient: true,
    run: async (a) => {
      if (!TRANSPORTS.some((t) => a.values[t] !== undefined)) throw new UsageError(chooseTransport);
      // The language server's own bundle, beside the CLI's (dist/server.js): the CLI bundle leaves out
      // its ~400 KB of protocol code, which every other command would otherwise parse at start.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle chosen at run time
      require(path.join(path.dirname(require.main?.filename ?? __filename), 'server.js'));
      // The connection keeps the process alive; the server exits on the client's `exit`.
      return new Promise<number>(() => undefined);
    },
  },
};
