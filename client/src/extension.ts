// Entry point of the VS Code extension: starts the bundled language server,
// shows its status, registers the palette commands. Everything the extension
// holds lives in one Session object, created at activation.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GoProblemNotification, StatusNotification, TrustNotification } from '../../shared/protocol';
import { commandWords as W } from '../../server/src/core/vocabulary';
import { showGoProblem } from './goProblem';
import { AssemblyDocuments } from './assemblyDocument';
import { createBinaryScan } from './binaryScan';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { createReproducer } from './repro';
import { createTriage } from './triage';
import { StatusItem } from './statusItem';
import { CrashBudget, Mutex } from './serverRestarts';

/** What one activation holds; `client` is unset once deactivation began. */
interface Session {
  client: LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  status: StatusItem;
  assembly: AssemblyDocuments;
}

let session: Session | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Preempt Guard', { log: true });
  const crashes = new CrashBudget();
  const lc = createLanguageClient(context, output, crashes);
  const s: Session = { client: lc, output, status: new StatusItem(), assembly: new AssemblyDocuments(() => s.client) };
  session = s;

  // Handlers registered before start survive restarts.
  lc.onNotification(StatusNotification, (p) => {
    s.status.update(p.modules);
    if (!p.modules.some((m) => m.state === 'analysing')) s.assembly.refreshOpen();
  });

  // No usable go: one notification per situation (the server never repeats one), not on every save.
  lc.onNotification(GoProblemNotification, (p) => void showGoProblem(p, output));

  // One restart at a time: a second request waits for the first, then restarts again.
  const restarts = new Mutex();
  const restart = (): Promise<void> =>
    restarts.run(async () => {
      if (!s.client) return;
      output.info(W.logRestarting);
      crashes.reset();
      s.status.reset();
      await lc.restart();
    });
  const reproducer = createReproducer(context, lc);
  const binaryScan = createBinaryScan(output);
  const triage = createTriage(context, output);

  context.subscriptions.push(
    output,
    s.status,
    s.assembly,
    reproducer,
    binaryScan,
    triage,
    registerCommands({
      client: () => s.client,
      restart,
      status: s.status,
      assembly: s.assembly,
      output,
      openReproducer: reproducer.open,
      scanBinary: binaryScan.scanBinary,
      scanImage: binaryScan.scanImage,
      openScanReportText: binaryScan.openText,
      triage: triage.run,
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info(W.logTrusted);
      if (lc.isRunning()) void lc.sendNotification(TrustNotification, { trusted: true });
    }),
  );

  output.info(W.logStarting(vscode.workspace.isTrusted));
  lc.start().catch((err: unknown) => {
    output.error(W.logDidNotStart(err instanceof Error ? err.message : String(err)));
  });
}

export async function deactivate(): Promise<void> {
  const c = session?.client;
  if (session) session.client = undefined;
  session = undefined;
  if (c) await c.stop();
}
