// Entry point of the VS Code extension: starts the bundled language server,
// shows its status, registers the palette commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GoProblemNotification, StatusNotification, TrustNotification } from '../../server/src/protocol';
import { showGoProblem } from './goProblem';
import { AssemblyDocuments } from './assemblyDocument';
import { registerBinaryScan } from './binaryScan';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { registerReproducerCommand } from './repro';
import { registerTriageCommand } from './triage';
import { StatusItem } from './statusItem';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Preempt Guard', { log: true });
  const status = new StatusItem();
  const assembly = new AssemblyDocuments(() => client);
  const lc = createLanguageClient(context, output);
  client = lc;

  // Handlers registered before start survive restarts.
  lc.onNotification(StatusNotification, (p) => {
    status.update(p.modules);
    if (!p.modules.some((m) => m.state === 'analysing')) assembly.refreshOpen();
  });

  // No usable go: one notification per situation (the server never repeats one), not on every save.
  lc.onNotification(GoProblemNotification, (p) => void showGoProblem(p, output));

  const restart = async (): Promise<void> => {
    output.info('restarting the server');
    status.reset();
    await lc.restart();
  };

  context.subscriptions.push(
    output,
    status,
    assembly,
    registerCommands({ client: () => client, restart, status, assembly, output }),
    registerReproducerCommand(context, lc),
    registerBinaryScan(() => client, output),
    registerTriageCommand(context, lc, output),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('workspace trusted: analysis enabled');
      if (lc.isRunning()) void lc.sendNotification(TrustNotification, { trusted: true });
    }),
  );

  output.info(`starting the server (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted'})`);
  lc.start().catch((err: unknown) => {
    output.error(`the server did not start: ${err instanceof Error ? err.message : String(err)}`);
  });
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
