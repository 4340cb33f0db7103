// Builds the LanguageClient for the bundled server (dist/server.js over IPC).
// Trust is read at every (re)start, so a restart after granting trust builds.
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { APPLY_FIX_COMMAND, type InitializationOptions, SETTINGS_SECTION, VSCODE_GO_SECTION } from '../../shared/protocol';
import { COMMANDS } from './commandIds';

export const CLIENT_ID = 'preemptGuard';
export const CLIENT_NAME = 'Preempt Guard';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watchers = ['**/go.mod', '**/go.work', '**/*.go'].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const initializationOptions = (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'go' },
      { scheme: 'file', pattern: '**/go.mod' },
      { scheme: 'file', pattern: '**/go.work' },
    ],
    // Settings are pulled per resource; the sections make the client tell the
    // server when they change so it re-pulls and re-analyses (vscode-go's `go`
    // section too: go.goroot, go.alternateTools, go.toolsEnvVars choose and run go).
    synchronize: { fileEvents: watchers, configurationSection: [SETTINGS_SECTION, VSCODE_GO_SECTION] },
    initializationOptions,
    outputChannel: output,
    // Build failures are shown by the status item; never pop the log open.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // The hover's links run these commands, and only these (show assembly, the reproducer, a quick fix).
    markdown: { isTrusted: { enabledCommands: [COMMANDS.showAssembly.id, COMMANDS.runReproducer.id, APPLY_FIX_COMMAND] } },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
