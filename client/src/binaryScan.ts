// "Preempt Guard: Scan arm64 Binary…" and "Preempt Guard: Scan Container
// Image…": pick a built binary (file dialog, the explorer's context menu, or a
// URI argument) or name an image (input box, or a reference argument), ask the
// server to scan it (preemptGuard/scanBinary, cancellable from the progress
// notification: `$/cancelRequest`), show the result in the scan view (a tree:
// scanView/), and the diagnostics the server built for findings whose files map
// to the workspace in their own collection (a later listing analysis publishes
// through the language client and leaves these alone). The CLI's text report of
// the last scan opens from the view's title bar. Like the server, this works in
// untrusted workspaces: reading a binary or an image runs nothing.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BINARY_REPORT_SCHEME, type ScanBinaryResult, ScanBinaryRequest } from '../../shared/protocol';
import { scanCommandWords as W } from '../../server/src/core/vocabulary';
import { askImageReference } from './scanView/imagePrompt';
import { imageInputProblem } from './scanView/imageReference';
import { scanTree } from './scanView/tree';
import { createScanView } from './scanView/view';

const IMAGE_PREFIX = /^(registry:|docker:\/\/|oci:|oci-archive:|docker-archive:)/;

/** The report document's name: the binary's file name, or the image's repository or folder without its tag or digest. */
function reportName(target: string): string {
  const image = IMAGE_PREFIX.test(target);
  const last =
    target
      .replace(IMAGE_PREFIX, '')
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? '';
  return (image ? last.replace(/[@:].*$/, '') : last) || 'scan';
}

/** The last scan's text report, as a read-only document. */
class TextReport implements vscode.TextDocumentContentProvider {
  private text: string | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private name = 'scan';
  provideTextDocumentContent(): string {
    return this.text ?? W.noReport;
  }
  private get uri(): vscode.Uri {
    return vscode.Uri.from({ scheme: BINARY_REPORT_SCHEME, path: `/${this.name}.preempt-guard.txt` });
  }
  set(target: string, text: string): void {
    this.name = reportName(target);
    this.text = text;
    this.changed.fire(this.uri);
  }
  async open(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri);
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}

/** The server's diagnostics (built with each file's severity setting) as the editor's, per file. */
async function diagnosticsByFile(client: LanguageClient, result: ScanBinaryResult): Promise<Map<string, vscode.Diagnostic[]>> {
  const out = new Map<string, vscode.Diagnostic[]>();
  for (const d of result.diagnostics) out.set(d.uri, await client.protocol2CodeConverter.asDiagnostics(d.diagnostics));
  return out;
}

async function pickBinary(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg) return (arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg)).fsPath;
  const picked = await vscode.window.showOpenDialog({
    title: W.binaryDialogTitle,
    openLabel: W.scanLabel,
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

async function pickImage(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.trim() && !imageInputProblem(arg)) return arg.trim();
  return askImageReference();
}

export interface BinaryScan extends vscode.Disposable {
  scanBinary(client: LanguageClient, arg: unknown): Promise<void>;
  scanImage(client: LanguageClient, arg: unknown): Promise<void>;
  openText(): Promise<void>;
}

/** The scans: their diagnostics collection, the scan view, the text report, and the commands' entry points. */
export function createBinaryScan(output: vscode.LogOutputChannel): BinaryScan {
  const collection = vscode.languages.createDiagnosticCollection('preempt-guard-binary');
  const view = createScanView();
  const text = new TextReport();
  const provider = vscode.workspace.registerTextDocumentContentProvider(BINARY_REPORT_SCHEME, text);

  const run = async (client: LanguageClient, target: string, shown: string): Promise<void> => {
    let cancelled = false;
    let result: ScanBinaryResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: W.progress(shown), cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => (cancelled = true));
          return client.sendRequest(ScanBinaryRequest, { path: target }, token);
        },
      );
    } catch (err) {
      if (!cancelled) throw err;
      output.info(W.logCancelled(shown));
      return;
    }
    collection.clear();
    const byFile = await diagnosticsByFile(client, result);
    for (const [uri, diags] of byFile) collection.set(vscode.Uri.parse(uri), diags);
    text.set(target, result.report);
    await view.show(scanTree(result, target));
    const hazards = result.binaries.reduce((n, b) => n + b.findings.filter((f) => f.preemptible).length, 0);
    const mapped = [...byFile.values()].reduce((n, d) => n + d.length, 0);
    output.info(W.logScanned(target, hazards, mapped));
  };

  return {
    async scanBinary(client, arg) {
      const target = await pickBinary(arg);
      if (target) await run(client, target, vscode.workspace.asRelativePath(target));
    },
    async scanImage(client, arg) {
      const ref = await pickImage(arg);
      if (ref) await run(client, ref, ref);
    },
    openText: () => text.open(),
    dispose: () => {
      collection.dispose();
      view.dispose();
      provider.dispose();
    },
  };
}
