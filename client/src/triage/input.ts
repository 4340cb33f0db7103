// What "Preempt Guard: Triage Crash Log…" triages: the active editor's
// selection when there is one, else the clipboard, the whole active file or a
// file the user picks; then what to check the crash against: nothing, the
// binary that crashed (read only), a saved scan result (read only: the JSON of
// `preempt-guard scan` or `scan-binary`, e.g. a CI artifact), or a workspace
// module (built: trusted workspaces only).
import * as vscode from 'vscode';
import { moduleTargetLabel, selectionSource, TRIAGE_LOG_PICK, TRIAGE_TARGET_PICK } from '../../../server/src/core/vocabulary';

export interface CrashLogInput {
  text: string;
  source: string;
}
export type CheckTarget =
  { kind: 'none' } | { kind: 'binary'; path: string } | { kind: 'scan'; path: string } | { kind: 'module'; path: string };

interface SourcePick extends vscode.QuickPickItem {
  from: 'clipboard' | 'editor' | 'file';
}

/** undefined when the user cancelled; throws with one line when the input cannot be read. */
export async function pickCrashLog(): Promise<CrashLogInput | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (selected.trim()) return { text: selected, source: selectionSource(vscode.workspace.asRelativePath(editor!.document.uri)) };
  const w = TRIAGE_LOG_PICK;
  const items: SourcePick[] = [{ from: 'clipboard', label: w.clipboard, description: w.clipboardDetail }];
  if (editor) items.push({ from: 'editor', label: w.editor, description: vscode.workspace.asRelativePath(editor.document.uri) });
  items.push({ from: 'file', label: w.file, description: w.fileDetail });
  const pick = await vscode.window.showQuickPick(items, {
    title: w.title,
    placeHolder: w.placeHolder,
  });
  if (!pick) return undefined;
  switch (pick.from) {
    case 'clipboard': {
      const text = await vscode.env.clipboard.readText();
      if (!text.trim()) throw new Error(w.emptyClipboard);
      return { text, source: 'clipboard' };
    }
    case 'editor':
      return { text: editor!.document.getText(), source: vscode.workspace.asRelativePath(editor!.document.uri) };
    case 'file': {
      const uris = await vscode.window.showOpenDialog({ title: w.fileDialogTitle, canSelectMany: false, openLabel: w.fileDialogOpen });
      if (!uris?.length) return undefined;
      const bytes = await vscode.workspace.fs.readFile(uris[0]);
      return { text: new TextDecoder('utf-8').decode(bytes), source: uris[0].fsPath };
    }
  }
}

interface TargetPick extends vscode.QuickPickItem {
  target: CheckTarget | 'choose-binary' | 'choose-scan';
}

/** Module roots (folders holding a go.mod) of the workspace, at most a few dozen. */
async function workspaceModules(): Promise<string[]> {
  const mods = await vscode.workspace.findFiles('**/go.mod', '**/{vendor,node_modules,testdata}/**', 50);
  return mods.map((u) => vscode.Uri.joinPath(u, '..').fsPath).sort();
}

/** undefined when the user cancelled. */
export async function pickCheckTarget(): Promise<CheckTarget | undefined> {
  const w = TRIAGE_TARGET_PICK;
  const items: TargetPick[] = [
    { target: { kind: 'none' }, label: w.none, description: w.noneDetail },
    { target: 'choose-binary', label: w.binary, description: w.binaryDetail },
    { target: 'choose-scan', label: w.scan, description: w.scanDetail },
  ];
  for (const dir of await workspaceModules()) {
    const rel = vscode.workspace.asRelativePath(dir);
    const name = rel === dir ? (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir))?.name ?? dir) : rel;
    items.push({
      target: { kind: 'module', path: dir },
      label: moduleTargetLabel(name),
      description: vscode.workspace.isTrusted ? w.moduleTrusted : w.moduleUntrusted,
    });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: w.title,
    placeHolder: w.placeHolder,
  });
  if (!pick) return undefined;
  if (pick.target === 'choose-scan') {
    const uris = await vscode.window.showOpenDialog({
      title: w.scanDialogTitle,
      canSelectMany: false,
      openLabel: w.scanDialogOpen,
      filters: { [w.scanFilter]: ['json'], [w.allFilesFilter]: ['*'] },
    });
    return uris?.length ? { kind: 'scan', path: uris[0].fsPath } : undefined;
  }
  if (pick.target !== 'choose-binary') return pick.target;
  const uris = await vscode.window.showOpenDialog({
    title: w.binaryDialogTitle,
    canSelectMany: false,
    openLabel: w.binaryDialogOpen,
  });
  return uris?.length ? { kind: 'binary', path: uris[0].fsPath } : undefined;
}
