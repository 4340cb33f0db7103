// The triage panel: shows one result (the page keeps it in its webview state,
// so a reload or a restored window shows it again through the serializer) and
// opens the files it links to at their line in the workspace.
import * as vscode from 'vscode';
import type { TriageExtensionToWebview, TriagePanelState, TriageWebviewToExtension } from '../../../shared/protocol';
import { triageHtml } from './html';
import { WorkspaceFiles } from './links';
import { notAWorkspaceFile } from '../../../server/src/core/vocabulary';

export const TRIAGE_VIEW_TYPE = 'preemptGuard.triage';

export class TriagePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private state: TriagePanelState | undefined;
  private files = new WorkspaceFiles();
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly onDispose: () => void,
    restored?: TriagePanelState,
  ) {
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'client', 'media')],
    };
    panel.webview.html = triageHtml(panel.webview, extensionUri);
    this.state = restored;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: TriageWebviewToExtension) => {
        void this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** A new result replaces what the panel showed. */
  async show(state: Omit<TriagePanelState, 'openable'>): Promise<void> {
    this.files = new WorkspaceFiles();
    this.state = { ...state, openable: await this.files.openable(state.result) };
    this.post({ type: 'result', state: this.state });
    this.panel.reveal();
  }

  showError(message: string): void {
    this.post({ type: 'error', message });
  }

  private async receive(m: TriageWebviewToExtension): Promise<void> {
    if (m?.type === 'ready' && this.state) {
      // Restored from the page's saved state: the workspace may have changed since.
      this.state = { ...this.state, openable: await this.files.openable(this.state.result) };
      this.post({ type: 'result', state: this.state });
    } else if (m?.type === 'open' && typeof m.file === 'string' && Number.isInteger(m.line)) {
      await this.open(m.file, m.line);
    }
  }

  private async open(file: string, line: number): Promise<void> {
    const uri = await this.files.resolve(file);
    if (!uri) {
      void vscode.window.showWarningMessage(notAWorkspaceFile(file));
      return;
    }
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One, preview: false });
  }

  private post(msg: TriageExtensionToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}
