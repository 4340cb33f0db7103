// Every subcommand of `preempt-guard`, loaded on demand: each entry imports its
// module only when run, so `scan-binary` does not pay for starting the language
// server's or the reproducer's code (the bundle's modules initialise lazily).
import path from 'node:path';

export type Command = (argv: string[], signal: AbortSignal) => Promise<number>;

export const VERSION = '0.1.0';

export const commands: Record<string, Command> = {
  scan: async (argv, signal) => (await import('./scan.js')).scanCommand(argv, VERSION, signal),
  'analyze-listing': async (argv) => (await import('./scan.js')).analyzeListingCommand(argv, VERSION),
  'scan-binary': async (argv) => (await import('./scanBinary.js')).scanBinaryCommand(argv, VERSION),
  reproduce: async (argv, signal) => (await import('./reproduce.js')).reproduceCommand(argv, signal),
  triage: async (argv, signal) => (await import('./triage.js')).triageCommand(argv, signal),
  lsp: async (argv) => {
    if (!argv.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
      process.stderr.write('preempt-guard lsp: choose a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)\n');
      return 2;
    }
    // The language server's own bundle, beside the CLI's (dist/server.js): the CLI bundle leaves out
    // its ~400 KB of protocol code, which every other command would otherwise parse at start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle chosen at run time
    require(path.join(path.dirname(require.main?.filename ?? __filename), 'server.js'));
    // The connection keeps the process alive; the server exits on the client's `exit`.
    return new Promise<number>(() => undefined);
  },
};
