// Asks for the image "Scan Container Image…" scans: an input box that checks
// the reference as it is typed (scanView/imageReference.ts), with a "Browse…"
// button that picks an OCI image layout directory instead (the dialog takes
// the box's place; cancelling it brings the box back).
import * as vscode from 'vscode';
import { scanCommandWords as W } from '../../../server/src/core/vocabulary';
import { imageInputProblem, ociReference } from './imageReference';

export function askImageReference(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = W.imageTitle;
    box.prompt = W.imagePrompt;
    box.placeholder = W.imagePlaceholder;
    box.ignoreFocusOut = true;
    const browse: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: W.browseTooltip };
    box.buttons = [browse];
    let browsing = false;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      box.dispose();
      resolve(value);
    };
    box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? imageInputProblem(v) : undefined));
    box.onDidAccept(() => {
      const v = box.value.trim();
      const problem = v ? imageInputProblem(v) : W.notAnImage;
      if (problem) box.validationMessage = problem;
      else finish(v);
    });
    box.onDidHide(() => {
      if (!browsing) finish(undefined);
    });
    box.onDidTriggerButton(async (b) => {
      if (b !== browse) return;
      browsing = true;
      const picked = await vscode.window.showOpenDialog({
        title: W.browseTitle,
        openLabel: W.scanLabel,
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      browsing = false;
      if (picked?.[0]) finish(ociReference(picked[0].fsPath));
      else box.show();
    });
    box.show();
  });
}
