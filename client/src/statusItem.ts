// The language status item ({} in the status bar next to the language mode):
// the toolchain and hazard count of the active file's module, every module and
// the time of the last analysis as detail; its link opens the log (the long form).
import * as vscode from 'vscode';
import type { ModuleStatus } from '../../shared/protocol';
import { COMMANDS } from './commandIds';
import { STATUS_WORDS } from '../../server/src/core/vocabulary';
import { statusView, type StatusSeverity } from './statusText';

const SEVERITY: Record<StatusSeverity, vscode.LanguageStatusSeverity> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private modules: ModuleStatus[] = [];
  /** When each module's last analysis finished, as shown (local time). */
  private readonly analysedAt = new Map<string, string>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('preemptGuard.status', [
      { language: 'go' },
      { scheme: 'file', pattern: '**/go.{mod,work}' },
    ]);
    this.item.name = STATUS_WORDS.name;
    this.item.command = { title: STATUS_WORDS.openLog, command: COMMANDS.showLog.id, tooltip: STATUS_WORDS.openLogTooltip };
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  /** Replaces the modules the server reported (it always sends all of them). */
  update(modules: ModuleStatus[]): void {
    const byRoot = new Map(this.modules.map((m) => [m.moduleRoot, m]));
    const now = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    for (const m of modules) {
      const before = byRoot.get(m.moduleRoot);
      // A finished analysis: the state left 'analysing', or a result came without one seen.
      const finished = m.state === 'affected' || m.state === 'clean' || m.state === 'failed';
      if (finished && (!before || before.state === 'analysing' || !this.analysedAt.has(m.moduleRoot)))
        this.analysedAt.set(m.moduleRoot, now);
      byRoot.set(m.moduleRoot, m);
    }
    this.modules = [...byRoot.values()];
    this.render();
  }

  /** Forget everything (server restarted). */
  reset(): void {
    this.modules = [];
    this.analysedAt.clear();
    this.render();
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const file = doc && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
    const view = statusView(this.modules, file, this.analysedAt);
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
