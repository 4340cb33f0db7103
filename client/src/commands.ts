// The palette commands, registered from the one registry (commandIds.ts):
// a command that needs the server waits for a starting one, then gets a running
// client or, once for all of them, the "server not running" warning; failures
// are logged and shown.
// All custom methods go through shared/protocol.ts.
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { type FunctionSummary, ListFunctionsRequest, type ModuleStatus, ScanRequest } from '../../shared/protocol';
import { AssemblyDocuments } from './assemblyDocument';
import { COMMANDS, type CommandName } from './commandIds';
import type { StatusItem } from './statusItem';
import { functionAtLine } from './functionAtCursor';
import { hazardsOf } from './statusText';
import { commandWords as W, scanSummary } from '../../server/src/core/vocabulary';

export interface CommandDeps {
  client: () => LanguageClient | undefined;
  restart: () => Promise<void>;
  status: StatusItem;
  assembly: AssemblyDocuments;
  output: vscode.LogOutputChannel;
  /** Opens (or reveals) the reproducer panel. */
  openReproducer: () => void;
  /** Scans a built binary (file dialog, explorer menu or path argument). */
  scanBinary: (client: LanguageClient, arg: unknown) => Promise<void>;
  /** Scans a container image (input box, or a reference argument). */
  scanImage: (client: LanguageClient, arg: unknown) => Promise<void>;
  /** Opens the last scan's report as the CLI's text. */
  openScanReportText: () => Promise<void>;
  /** Triages a crash log into the triage panel. */
  triage: (client: LanguageClient) => Promise<void>;
}

/** A command's work; `client` is set (and running) for commands that need the server. */
type Handler = (deps: CommandDeps, client: LanguageClient | undefined, ...args: unknown[]) => Promise<void> | void;

/** FunctionSummary.file may be a path or a URI string. */
function fileUri(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

/** Resolves once a starting client runs (or stops, or the wait ends): a command run right after start waits for it. */
function untilStarted(c: LanguageClient, timeoutMs: number): Promise<void> {
  if (c.state !== State.Starting) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const sub = c.onDidChangeState((e) => {
      if (e.newState !== State.Starting) done();
    });
  });
}

async function runningClient(deps: CommandDeps): Promise<LanguageClient | undefined> {
  const c = deps.client();
  if (c) await untilStarted(c, 30_000);
  if (c && c.isRunning()) return c;
  void vscode.window.showWarningMessage(W.serverNotRunning);
  return undefined;
}

function summary(modules: ModuleStatus[]): string {
  return scanSummary({
    hazards: modules.reduce((n, m) => n + hazardsOf(m), 0),
    modules: modules.length,
    versions: [...new Set(modules.flatMap((m) => (m.toolchain ? [m.toolchain.version] : [])))],
    failed: modules.filter((m) => m.state === 'failed').length,
    untrusted: modules.some((m) => m.state === 'untrusted'),
  });
}

async function scan(deps: CommandDeps, client: LanguageClient): Promise<void> {
  const result = await client.sendRequest(ScanRequest, {});
  deps.status.update(result.modules);
  void vscode.window.showInformationMessage(summary(result.modules));
}

interface FunctionPick extends vscode.QuickPickItem {
  fn: FunctionSummary;
}

async function showAssembly(deps: CommandDeps, symbol?: string, uri?: string): Promise<void> {
  if (typeof symbol === 'string' && typeof uri === 'string') {
    await deps.assembly.show({ symbol, uri });
    return;
  }
  // Opening a named listing needs no server here (the document asks it); picking one does.
  const client = await runningClient(deps);
  if (!client) return;
  const editor = vscode.window.activeTextEditor;
  const active = editor && editor.document.uri.scheme === 'file' ? editor.document.uri : undefined;
  const fns = await client.sendRequest(ListFunctionsRequest, active ? { uri: active.toString() } : {});
  if (fns.length === 0) {
    void vscode.window.showInformationMessage(W.noFunctionsYet);
    return;
  }
  const atCursor = active && editor ? functionAtLine(fns, active.fsPath, active.toString(), editor.selection.active.line + 1) : undefined;
  const ordered = atCursor ? [atCursor, ...fns.filter((f) => f !== atCursor)] : fns;
  const items: FunctionPick[] = ordered.map((fn) => ({
    fn,
    label: fn.symbol,
    description: `${vscode.workspace.asRelativePath(fileUri(fn.file))}:${fn.declLine}${fn === atCursor ? ` ${W.atCursor}` : ''}`,
    detail: fn.findings > 0 ? W.splitEpilogues(fn.findings) : undefined,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: W.assemblyPickTitle,
    placeHolder: W.assemblyPickPlaceholder,
    matchOnDescription: true,
  });
  if (!pick) return;
  await deps.assembly.show({ symbol: pick.fn.symbol, uri: fileUri(pick.fn.file).toString() });
}

const HANDLERS: Record<CommandName, Handler> = {
  scan: (deps, client) => scan(deps, client!),
  showAssembly: (deps, _client, symbol, uri) =>
    showAssembly(deps, typeof symbol === 'string' ? symbol : undefined, typeof uri === 'string' ? uri : undefined),
  restart: (deps) => deps.restart(),
  showLog: (deps) => deps.output.show(true),
  runReproducer: (deps) => deps.openReproducer(),
  scanBinary: (deps, client, arg) => deps.scanBinary(client!, arg),
  scanImage: (deps, client, arg) => deps.scanImage(client!, arg),
  openScanReportText: (deps) => deps.openScanReportText(),
  triageCrashLog: (deps, client) => deps.triage(client!),
};

export function registerCommands(deps: CommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    ...(Object.keys(COMMANDS) as CommandName[]).map((name) => {
      const { id, needsServer } = COMMANDS[name];
      return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        const client = needsServer ? await runningClient(deps) : undefined;
        if (needsServer && !client) return;
        try {
          await HANDLERS[name](deps, client, ...args);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          deps.output.error(`${id}: ${msg}`);
          void vscode.window.showErrorMessage(W.failed(id, msg));
        }
      });
    }),
  );
}
