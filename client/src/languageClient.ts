// Builds the LanguageClient for the bundled server (dist/server.js over IPC).
// Trust is read at every (re)start, so a restart after granting trust builds.
// Settings changes reach the server through `synchronize` (one
// didChangeConfiguration per change: the server registers none); the files it
// watches (go.mod, go.work, .go) the server registers itself, once. A crashed
// server is restarted within a crash budget (serverRestarts.ts).
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type ErrorHandler,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { APPLY_FIX_COMMAND, type InitializationOptions, SETTINGS_SECTION, VSCODE_GO_SECTION } from '../../shared/protocol';
import { COMMANDS } from './commandIds';
import { CrashBudget, MAX_CRASHES, WINDOW_MS } from './serverRestarts';
import { connectionErrorLine, SERVER_RESTARTING, serverGaveUp } from '../../server/src/core/vocabulary';

export const CLIENT_ID = 'preemptGuard';
export const CLIENT_NAME = 'Preempt Guard';
/** Read and write errors on the connection tolerated in a row before the client shuts the server down. */
const MAX_CONNECTION_ERRORS = 3;

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  crashes: CrashBudget,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions = (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted });
  const errorHandler: ErrorHandler = {
    error: (error, _message, count) => {
      output.error(connectionErrorLine(error.message));
      return { action: (count ?? 1) <= MAX_CONNECTION_ERRORS ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed: () => {
      if (crashes.crashed(Date.now())) {
        output.warn(SERVER_RESTARTING);
        return { action: CloseAction.Restart, handled: true };
      }
      const message = serverGaveUp(MAX_CRASHES + 1, WINDOW_MS / 60000);
      output.error(message);
      return { action: CloseAction.DoNotRestart, message };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'go' },
      { scheme: 'file', pattern: '**/go.mod' },
      { scheme: 'file', pattern: '**/go.work' },
    ],
    // Settings are pulled per resource; the sections make the client tell the
    // server when they change so it re-pulls and re-analyses (vscode-go's `go`
    // section too: go.goroot, go.alternateTools, go.toolsEnvVars choose and run go).
    synchronize: { configurationSection: [SETTINGS_SECTION, VSCODE_GO_SECTION] },
    initializationOptions,
    errorHandler,
    outputChannel: output,
    // Build failures are shown by the status item; never pop the log open.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // The hover's links run these commands, and only these (show assembly, the reproducer, a quick fix).
    markdown: { isTrusted: { enabledCommands: [COMMANDS.showAssembly.id, COMMANDS.runReproducer.id, APPLY_FIX_COMMAND] } },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
