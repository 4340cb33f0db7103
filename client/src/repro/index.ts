// "Preempt Guard: Run Preemption Reproducer": one panel, revealed if open.
// The command itself is registered from the registry (commandIds.ts). A
// serializer brings the panel back after a window reload (its page keeps the
// form in the webview state and shows the variant's epilogue again; a run does
// not survive the reload: the server that ran it was restarted).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReproEventNotification } from '../../../shared/protocol';
import { ReproPanel } from './panel';
import { REPRO_VIEW_TYPE } from './shared';
import { REPRO_NEEDS_TRUST, REPRO_PANEL_TITLE } from '../../../server/src/core/vocabulary';

/** The reproducer panel, one at a time, and its serializer; `open` is the command's handler (registered with the others). */
export function createReproducer(context: vscode.ExtensionContext, client: LanguageClient): { open(): void } & vscode.Disposable {
  let current: ReproPanel | undefined;
  const events = client.onNotification(ReproEventNotification, (e) => current?.onEvent(e));
  const adopt = (panel: vscode.WebviewPanel) =>
    (current = new ReproPanel(panel, client, context.extensionUri, () => {
      if (current?.panel === panel) current = undefined;
    }));
  const open = () => {
    if (current) {
      current.panel.reveal();
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(REPRO_NEEDS_TRUST);
    }
    adopt(
      vscode.window.createWebviewPanel(REPRO_VIEW_TYPE, REPRO_PANEL_TITLE, vscode.ViewColumn.Active, {
        enableScripts: true,
        // Off on purpose: the page reloads when shown again and the panel replays its state.
        retainContextWhenHidden: false,
      }),
    );
  };
  const serializer = vscode.window.registerWebviewPanelSerializer(REPRO_VIEW_TYPE, {
    // The state is the page's form (it reads it itself); the panel needs nothing from it.
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
      current?.dispose();
      adopt(panel);
    },
  });
  return {
    open,
    dispose: () => {
      serializer.dispose();
      events.dispose();
      current?.dispose();
    },
  };
}
