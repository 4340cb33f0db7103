// What "Preempt Guard: Triage Crash Log…" triages: the active editor's
// selection when there is one, else the clipboard, the whole active file or a
// file the user picks; then what to check the crash against: nothing, the
// binary that crashed (read only), a saved scan result (read only: the JSON of
// `preempt-guard scan` or `scan-binary`, e.g. a CI artifact), or a workspace
// module (built: trusted workspaces only).
import * as vscode from 'vscode';

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
  if (selected.trim()) return { text: selected, source: `selection in ${vscode.workspace.asRelativePath(editor!.document.uri)}` };
  const items: SourcePick[] = [{ from: 'clipboard', label: 'Clipboard', description: 'the crash output you copied' }];
  if (editor)
    items.push({ from: 'editor', label: 'Active editor (whole file)', description: vscode.workspace.asRelativePath(editor.document.uri) });
  items.push({ from: 'file', label: 'Choose a file…', description: 'a saved log (raw, Kubernetes JSON, journald…)' });
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Triage Crash Log: the crash output',
    placeHolder: 'Where is the crash log?',
  });
  if (!pick) return undefined;
  switch (pick.from) {
    case 'clipboard': {
      const text = await vscode.env.clipboard.readText();
      if (!text.trim()) throw new Error('the clipboard is empty: copy the crash output first, or select it in an editor');
      return { text, source: 'clipboard' };
    }
    case 'editor':
      return { text: editor!.document.getText(), source: vscode.workspace.asRelativePath(editor!.document.uri) };
    case 'file': {
      const uris = await vscode.window.showOpenDialog({ title: 'Crash log to triage', canSelectMany: false, openLabel: 'Triage' });
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
  const items: TargetPick[] = [
    { target: { kind: 'none' }, label: 'No binary', description: 'verdict from the log alone (consistent at best)' },
    {
      target: 'choose-binary',
      label: 'Choose binary…',
      description: 'the executable that crashed (stripped is fine; only read, never run)',
    },
    {
      target: 'choose-scan',
      label: 'Choose saved scan result…',
      description: 'the JSON of `preempt-guard scan` or `scan-binary` for that build (a CI artifact)',
    },
  ];
  for (const dir of await workspaceModules()) {
    const rel = vscode.workspace.asRelativePath(dir);
    const name = rel === dir ? (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir))?.name ?? dir) : rel;
    items.push({
      target: { kind: 'module', path: dir },
      label: `Module ${name}`,
      description: vscode.workspace.isTrusted
        ? 'build its source with your settings (same toolchain as the crashed binary)'
        : 'needs a trusted workspace (it builds)',
    });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Triage Crash Log: check the crashed PC against',
    placeHolder: 'The binary that crashed, or its module',
  });
  if (!pick) return undefined;
  if (pick.target === 'choose-scan') {
    const uris = await vscode.window.showOpenDialog({
      title: 'A saved scan result (preempt-guard scan or scan-binary --format json)',
      canSelectMany: false,
      openLabel: 'Check against this scan',
      filters: { 'Scan result': ['json'], 'All files': ['*'] },
    });
    return uris?.length ? { kind: 'scan', path: uris[0].fsPath } : undefined;
  }
  if (pick.target !== 'choose-binary') return pick.target;
  const uris = await vscode.window.showOpenDialog({
    title: 'The binary that crashed',
    canSelectMany: false,
    openLabel: 'Check against this binary',
  });
  return uris?.length ? { kind: 'binary', path: uris[0].fsPath } : undefined;
}
