// Which modules an event is about: those of the workspace folders (go.work
// `use` dirs, else every module root below), of the open Go files and of the
// modules already known; or those a URI (file, folder, go.mod, go.work) stands
// for. Policy only: reads the disk and the open documents, schedules nothing.
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModuleRegistry } from './moduleState';
import { fileKind, moduleOfFile, modulesOfFolder, modulesOfManifest, uriToPath } from './workspace';

export class ModuleDiscovery {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly registry: ModuleRegistry,
    private readonly folders: () => string[],
  ) {}

  /** Modules of the open Go files. */
  ofOpenFiles(): string[] {
    return this.documents.all().flatMap((doc) => {
      const f = uriToPath(doc.uri);
      const m = f && fileKind(f) === 'go' ? moduleOfFile(f) : undefined;
      return m ? [m] : [];
    });
  }

  /** Every module of the workspace: folders, open files, and those known already. */
  all(): string[] {
    return [...new Set([...this.folders().flatMap(modulesOfFolder), ...this.ofOpenFiles(), ...this.registry.all().map((r) => r.root)])];
  }

  /** Modules a URI (file or folder) stands for; all of them when undefined. */
  forUri(uri: string | undefined): string[] {
    if (uri === undefined) return this.all();
    const p = uriToPath(uri);
    if (!p) return [];
    const k = fileKind(p);
    if (k === 'go.mod' || k === 'go.work') return modulesOfManifest(p);
    if (k === 'go') return [moduleOfFile(p)].filter((m): m is string => !!m);
    return modulesOfFolder(p);
  }
}
