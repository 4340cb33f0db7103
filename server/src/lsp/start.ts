// Starts the language server on the transport named on the command line
// (--stdio, --node-ipc, --socket=N, --pipe=NAME): used by dist/server.js and
// by `preempt-guard lsp --stdio`.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './setup';

export function runLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
}
