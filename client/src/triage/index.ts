// "Preempt Guard: Triage Crash Log…": pick the crash output and what to check
// it against, ask the language server for the verdicts, show them in one
// panel (revealed and refilled when the command runs again). A serializer
// brings the panel back with its result after a window reload.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TriageRequest, type TriagePanelState, type TriageParams } from '../../../shared/protocol';
import { pickCheckTarget, pickCrashLog } from './input';
import { TRIAGE_VIEW_TYPE, TriagePanel } from './panel';
import { TRIAGE_MODULE_NEEDS_TRUST, TRIAGE_PANEL_TITLE, triageLogLine, triageProgressTitle } from '../../../server/src/core/vocabulary';

/** The triage panel (one, refilled on each run), its serializer, and `run` for the command registry. */
export function createTriage(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): { run(client: LanguageClient): Promise<void> } & vscode.Disposable {
  let current: TriagePanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, restored?: TriagePanelState) =>
    (current = new TriagePanel(
      panel,
      context.extensionUri,
      () => {
        if (current?.panel === panel) current = undefined;
      },
      restored,
    ));

  const run = async (client: LanguageClient): Promise<void> => {
    const log = await pickCrashLog();
    if (!log) return;
    const target = await pickCheckTarget();
    if (!target) return;
    if (target.kind === 'module' && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(TRIAGE_MODULE_NEEDS_TRUST);
      return;
    }
    const params: TriageParams = { text: log.text, source: log.source, ...(target.kind === 'none' ? {} : { target }) };
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: triageProgressTitle(target.kind === 'module'),
        cancellable: true,
      },
      (_p, token) => client.sendRequest(TriageRequest, params, token),
    );
    const panel =
      current ??
      adopt(vscode.window.createWebviewPanel(TRIAGE_VIEW_TYPE, TRIAGE_PANEL_TITLE, vscode.ViewColumn.Active, { enableScripts: true }));
    await panel.show({ result, source: log.source });
    output.info(
      triageLogLine(
        log.source,
        result.crashes.map((c) => c.verdict),
      ),
    );
  };

  const serializer = vscode.window.registerWebviewPanelSerializer(TRIAGE_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
      current?.dispose();
      adopt(panel, isPanelState(state) ? state : undefined);
    },
  });
  return {
    run,
    dispose: () => {
      serializer.dispose();
      current?.dispose();
    },
  };
}

function isPanelState(s: unknown): s is TriagePanelState {
  const x = s as TriagePanelState | null;
  return !!x && typeof x === 'object' && !!x.result && Array.isArray(x.result.crashes) && typeof x.source === 'string';
}
