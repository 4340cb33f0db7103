// The palette commands: Scan Workspace, Show arm64 Assembly for Function,
// Restart Server, Open Log. All custom methods go through protocol.ts.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type FunctionSummary, ListFunctionsRequest, type ModuleStatus, ScanRequest } from '../../server/src/protocol';
import { AssemblyDocuments } from './assemblyDocument';
import { SHOW_LOG_COMMAND, type StatusItem } from './statusItem';
import { functionAtLine } from './functionAtCursor';

export const COMMANDS = {
  scan: 'preemptGuard.scanWorkspace',
  showAssembly: 'preemptGuard.showAssembly',
  restart: 'preemptGuard.restartServer',
  showLog: SHOW_LOG_COMMAND,
} as const;

export interface CommandDeps {
  client: () => LanguageClient | undefined;
  restart: () => Promise<void>;
  status: StatusItem;
  assembly: AssemblyDocuments;
  output: vscode.LogOutputChannel;
}

/** FunctionSummary.file may be a path or a URI string. */
function fileUri(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

function runningClient(deps: CommandDeps): LanguageClient | undefined {
  const c = deps.client();
  if (c && c.isRunning()) return c;
  void vscode.window.showWarningMessage('Preempt Guard: the language server is not running. Use "Preempt Guard: Restart Server".');
  return undefined;
}

function summary(modules: ModuleStatus[]): string {
  const findings = modules.reduce((n, m) => n + m.findings, 0);
  const versions = [...new Set(modules.flatMap((m) => (m.toolchain ? [m.toolchain.version] : [])))];
  const failed = modules.filter((m) => m.state === 'failed').length;
  const untrusted = modules.some((m) => m.state === 'untrusted');
  if (untrusted) return 'Preempt Guard: workspace not trusted, nothing was built.';
  const parts = [`${findings} split epilogue${findings === 1 ? '' : 's'} in ${modules.length} module${modules.length === 1 ? '' : 's'}`];
  if (versions.length) parts.push(`toolchain ${versions.join(', ')}`);
  if (failed) parts.push(`${failed} build${failed === 1 ? '' : 's'} failed (see the log)`);
  return `Preempt Guard: ${parts.join('; ')}.`;
}

async function scan(deps: CommandDeps): Promise<void> {
  const client = runningClient(deps);
  if (!client) return;
  const result = await client.sendRequest(ScanRequest, {});
  deps.status.update(result.modules);
  void vscode.window.showInformationMessage(summary(result.modules));
}

interface FunctionPick extends vscode.QuickPickItem { fn: FunctionSummary }

async function showAssembly(deps: CommandDeps, symbol?: string, uri?: string): Promise<void> {
  if (typeof symbol === 'string' && typeof uri === 'string') {
    await deps.assembly.show({ symbol, uri });
    return;
  }
  const client = runningClient(deps);
  if (!client) return;
  const editor = vscode.window.activeTextEditor;
  const active = editor && editor.document.uri.scheme === 'file' ? editor.document.uri : undefined;
  const fns = await client.sendRequest(ListFunctionsRequest, active ? { uri: active.toString() } : {});
  if (fns.length === 0) {
    void vscode.window.showInformationMessage('Preempt Guard: no analysed functions yet. Open a Go file or run "Preempt Guard: Scan Workspace".');
    return;
  }
  const atCursor = active && editor ? functionAtLine(fns, active.fsPath, active.toString(), editor.selection.active.line + 1) : undefined;
  const ordered = atCursor ? [atCursor, ...fns.filter((f) => f !== atCursor)] : fns;
  const items: FunctionPick[] = ordered.map((fn) => ({
    fn,
    label: fn.symbol,
    description: `${vscode.workspace.asRelativePath(fileUri(fn.file))}:${fn.declLine}${fn === atCursor ? ' (at cursor)' : ''}`,
    detail: fn.findings > 0 ? `${fn.findings} split epilogue${fn.findings === 1 ? '' : 's'}` : undefined,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Show arm64 Assembly for Function', placeHolder: 'Function', matchOnDescription: true });
  if (!pick) return;
  await deps.assembly.show({ symbol: pick.fn.symbol, uri: fileUri(pick.fn.file).toString() });
}

export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const report = (name: string, f: () => Promise<void>) => async () => {
    try {
      await f();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      deps.output.error(`${name}: ${msg}`);
      void vscode.window.showErrorMessage(`Preempt Guard: ${name} failed: ${msg}`);
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.scan, report('scan', () => scan(deps))),
    vscode.commands.registerCommand(COMMANDS.showAssembly, (symbol?: unknown, uri?: unknown) =>
      report('show assembly', () => showAssembly(deps, typeof symbol === 'string' ? symbol : undefined, typeof uri === 'string' ? uri : undefined))()),
    vscode.commands.registerCommand(COMMANDS.restart, report('restart', () => deps.restart())),
    vscode.commands.registerCommand(COMMANDS.showLog, () => deps.output.show(true)),
  );
}
