// "Preempt Guard: Scan arm64 Binary…": picks a built binary (file dialog, the
// explorer's context menu, or a URI argument), asks the server to scan it
// (preemptGuard/scanBinary), shows the diagnostics the server built for
// findings whose files map to the workspace in their own collection (a later listing analysis publishes
// through the language client and leaves these alone), and opens a read-only
// report document naming binary, toolchain, module, function and line.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BINARY_REPORT_SCHEME, type ScanBinaryResult, ScanBinaryRequest } from '../../shared/protocol';

class BinaryReports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'No report for this binary (scan it again with "Preempt Guard: Scan arm64 Binary…").\n';
  }
  async show(binary: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({
      scheme: BINARY_REPORT_SCHEME,
      path: `/${binary.split('/').pop() ?? 'binary'}.preempt-guard.txt`,
      query: binary,
    });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}

/** The server's diagnostics (built with each file's severity setting) as the editor's, per file. */
async function diagnosticsByFile(client: LanguageClient, result: ScanBinaryResult): Promise<Map<string, vscode.Diagnostic[]>> {
  const out = new Map<string, vscode.Diagnostic[]>();
  for (const d of result.diagnostics) out.set(d.uri, await client.protocol2CodeConverter.asDiagnostics(d.diagnostics));
  return out;
}

async function pickTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const picked = await vscode.window.showOpenDialog({
    title: 'Scan arm64 Binary',
    openLabel: 'Scan',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/** The binary scan: its diagnostics collection, its report documents, and `scan` for the command registry. */
export function createBinaryScan(
  output: vscode.LogOutputChannel,
): { scan(client: LanguageClient, arg: unknown): Promise<void> } & vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('preempt-guard-binary');
  const reports = new BinaryReports();
  const provider = vscode.workspace.registerTextDocumentContentProvider(BINARY_REPORT_SCHEME, reports);
  const scan = async (client: LanguageClient, arg: unknown): Promise<void> => {
    const target = await pickTarget(arg);
    if (!target) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Preempt Guard: scanning ${vscode.workspace.asRelativePath(target)}` },
      () => client.sendRequest(ScanBinaryRequest, { path: target.fsPath }),
    );
    collection.clear();
    const byFile = await diagnosticsByFile(client, result);
    for (const [uri, diags] of byFile) collection.set(vscode.Uri.parse(uri), diags);
    await reports.show(target.fsPath, result.report);
    const hazards = result.binaries.reduce((n, b) => n + b.findings.filter((f) => f.preemptible).length, 0);
    const mapped = [...byFile.values()].reduce((n, d) => n + d.length, 0);
    output.info(`scanned ${target.fsPath}: ${hazards} hazard(s), ${mapped} shown on workspace files`);
  };
  return {
    scan,
    dispose: () => {
      collection.dispose();
      provider.dispose();
    },
  };
}
