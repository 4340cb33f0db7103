// Shows the server's "no usable go" report (GoProblemNotification) as one
// notification with actions: open the preemptGuard.goPath setting, open the
// log, or open Go's install page. The server sends each situation once; the
// status item keeps the detail.
import * as vscode from 'vscode';
import type { GoProblemParams } from '../../shared/protocol';
import { GO_PROBLEM_ACTIONS, goProblemNotice } from '../../server/src/core/vocabulary';

export const GO_INSTALL_URL = 'https://go.dev/doc/install';

export async function showGoProblem(p: GoProblemParams, output: vscode.LogOutputChannel): Promise<void> {
  output.warn(`${p.message}${p.details ? `\n${p.details}` : ''}`);
  const a = GO_PROBLEM_ACTIONS;
  const pick = await vscode.window.showErrorMessage(goProblemNotice(p.message), a.setPath, a.openLog, a.install);
  if (pick === a.setPath) {
    // goPath is machine-overridable: a remote window (code-server, SSH) hides it from the User tab, the workspace tab always shows it.
    const inFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    if (inFolder) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', { query: 'preemptGuard.goPath' });
    else await vscode.commands.executeCommand('workbench.action.openSettings', 'preemptGuard.goPath');
  } else if (pick === a.openLog) output.show(true);
  else if (pick === a.install) await vscode.env.openExternal(vscode.Uri.parse(GO_INSTALL_URL));
}
