// The language status item ({} in the status bar next to the language mode):
// toolchain version and verdict for the active file's module.
import * as vscode from 'vscode';
import type { ModuleStatus } from '../../shared/protocol';
import { COMMANDS } from './commandIds';
import { statusView, type StatusSeverity } from './statusText';

const SEVERITY: Record<StatusSeverity, vscode.LanguageStatusSeverity> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private modules: ModuleStatus[] = [];
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('preemptGuard.status', [
      { language: 'go' },
      { scheme: 'file', pattern: '**/go.{mod,work}' },
    ]);
    this.item.name = 'Preempt Guard';
    this.item.command = { title: 'Open Log', command: COMMANDS.showLog.id, tooltip: 'Open the Preempt Guard log' };
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  /** Replaces the modules the server reported (it always sends all of them). */
  update(modules: ModuleStatus[]): void {
    const byRoot = new Map(this.modules.map((m) => [m.moduleRoot, m]));
    for (const m of modules) byRoot.set(m.moduleRoot, m);
    this.modules = [...byRoot.values()];
    this.render();
  }

  /** Forget everything (server restarted). */
  reset(): void {
    this.modules = [];
    this.render();
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const file = doc && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
    const view = statusView(this.modules, file);
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.severity = SEVERITY[view.severity];
    this.item.busy = view.busy;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
