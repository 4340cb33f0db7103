// "Preempt Guard: Run Preemption Reproducer": one panel, revealed if open.
// The command itself is registered from the registry (commandIds.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReproEventNotification } from '../../../shared/protocol';
import { ReproPanel } from './panel';

export const REPRO_VIEW_TYPE = 'preemptGuard.reproducer';

/** The reproducer panel, one at a time; `open` is the command's handler (registered with the others). */
export function createReproducer(context: vscode.ExtensionContext, client: LanguageClient): { open(): void } & vscode.Disposable {
  let current: ReproPanel | undefined;
  const events = client.onNotification(ReproEventNotification, (e) => current?.onEvent(e));
  const open = () => {
    if (current) {
      current.panel.reveal();
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Preempt Guard: the reproducer builds and runs a Go program; trust the workspace first.');
    }
    const panel = vscode.window.createWebviewPanel(REPRO_VIEW_TYPE, 'Preemption Reproducer', vscode.ViewColumn.Active, {
      enableScripts: true,
      // Off on purpose: the page reloads when shown again and the panel replays its state.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'client', 'media')],
    });
    current = new ReproPanel(panel, client, context.extensionUri, () => {
      current = undefined;
    });
  };
  return {
    open,
    dispose: () => {
      events.dispose();
      current?.dispose();
    },
  };
}
