// "Preempt Guard: Triage Crash Log…": pick the crash output and what to check
// it against, ask the language server for the verdicts, show them in one
// panel (revealed and refilled when the command runs again). A serializer
// brings the panel back with its result after a window reload.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TriageRequest, type TriagePanelState, type TriageParams } from '../../../server/src/protocol';
import { pickCheckTarget, pickCrashLog } from './input';
import { TRIAGE_VIEW_TYPE, TriagePanel } from './panel';

export const TRIAGE_COMMAND = 'preemptGuard.triageCrashLog';

export function registerTriageCommand(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable {
  let current: TriagePanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, restored?: TriagePanelState) =>
    (current = new TriagePanel(panel, context.extensionUri, () => { if (current?.panel === panel) current = undefined; }, restored));

  const run = async (): Promise<void> => {
    const log = await pickCrashLog();
    if (!log) return;
    const target = await pickCheckTarget();
    if (!target) return;
    if (target.kind === 'module' && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Preempt Guard: checking against a module builds it; trust the workspace first, or choose the binary that crashed.');
      return;
    }
    if (!client.isRunning()) throw new Error('the language server is not running; use "Preempt Guard: Restart Server"');
    const params: TriageParams = { text: log.text, source: log.source };
    if (target.kind === 'binary') params.binaryPath = target.path;
    if (target.kind === 'module') params.modulePath = target.path;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Preempt Guard: triaging the crash log${target.kind === 'module' ? ' (building the module)' : ''}…`, cancellable: true },
      (_p, token) => client.sendRequest(TriageRequest, params, token),
    );
    const panel = current ?? adopt(vscode.window.createWebviewPanel(TRIAGE_VIEW_TYPE, 'Crash Triage', vscode.ViewColumn.Active, { enableScripts: true }));
    await panel.show({ result, source: log.source });
    output.info(`triage of ${log.source}: ${result.crashes.length} crash(es): ${result.crashes.map((c) => c.verdict).join(', ') || 'none'}`);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(TRIAGE_COMMAND, async () => {
      try {
        await run();
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        output.error(`triage: ${msg}`);
        void vscode.window.showErrorMessage(`Preempt Guard: triage failed: ${msg}`);
      }
    }),
    vscode.window.registerWebviewPanelSerializer(TRIAGE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        current?.dispose();
        adopt(panel, isPanelState(state) ? state : undefined);
      },
    }),
    { dispose: () => current?.dispose() },
  );
}

function isPanelState(s: unknown): s is TriagePanelState {
  const x = s as TriagePanelState | null;
  return !!x && typeof x === 'object' && !!x.result && Array.isArray(x.result.crashes) && typeof x.source === 'string';
}
