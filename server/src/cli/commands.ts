// Subcommands implemented outside cli/scan.ts: the reproducer, crash triage and the
// language server (`preempt-guard lsp --stdio` is a complete LSP server).
import { runLanguageServer } from '../lsp/start';
import { reproduceCommand } from './reproduce';
import { triageCommand } from './triage';

export type Command = (argv: string[], signal: AbortSignal) => Promise<number>;

export const commands: Record<string, Command> = {
  reproduce: (argv, signal) => reproduceCommand(argv, signal),
  triage: (argv, signal) => triageCommand(argv, signal),
  lsp: async (argv) => {
    if (!argv.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
      process.stderr.write('preempt-guard lsp: choose a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)\n');
      return 2;
    }
    runLanguageServer();
    // The connection keeps the process alive; the server exits on the client's `exit`.
    return new Promise<number>(() => undefined);
  },
};
