// Which files a triage result names map to files of the workspace: an
// absolute path inside a workspace folder that exists, or a module-relative
// path as `-trimpath` builds record them (`example.com/svc/api/h.go`) under a
// workspace module whose go.mod declares that module path.
import * as vscode from 'vscode';
import type { TriageView } from '../../../shared/protocol';

interface WorkspaceModule {
  path: string;
  dir: vscode.Uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

async function workspaceModules(): Promise<WorkspaceModule[]> {
  const out: WorkspaceModule[] = [];
  for (const u of await vscode.workspace.findFiles('**/go.mod', '**/{vendor,node_modules}/**', 100)) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
      const m = /^module\s+"?([^\s"]+)"?\s*$/m.exec(text);
      if (m) out.push({ path: m[1], dir: vscode.Uri.joinPath(u, '..') });
    } catch {
      /* unreadable go.mod: no mapping */
    }
  }
  // Longest module path first: nested modules win.
  return out.sort((a, b) => b.path.length - a.path.length);
}

/** Maps a result's file names to workspace URIs (built once per result). */
export class WorkspaceFiles {
  private modules: Promise<WorkspaceModule[]> | undefined;

  async resolve(file: string): Promise<vscode.Uri | undefined> {
    if (!file) return undefined;
    if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) {
      const uri = vscode.Uri.file(file);
      return vscode.workspace.getWorkspaceFolder(uri) && (await exists(uri)) ? uri : undefined;
    }
    this.modules ??= workspaceModules();
    for (const m of await this.modules) {
      const prefix = `${m.path}/`;
      if (!file.startsWith(prefix)) continue;
      const uri = vscode.Uri.joinPath(m.dir, ...file.slice(prefix.length).split('/'));
      if (await exists(uri)) return uri;
    }
    return undefined;
  }

  /** The files of `result` that resolve. */
  async openable(result: TriageView): Promise<string[]> {
    const names = new Set<string>();
    for (const c of result.crashes) {
      if (c.epilogue?.file) names.add(c.epilogue.file);
      if (c.preempted?.file) names.add(c.preempted.file);
      for (const f of c.stack) if (f.file) names.add(f.file);
    }
    const out: string[] = [];
    for (const n of names) if (await this.resolve(n)) out.push(n);
    return out;
  }
}
