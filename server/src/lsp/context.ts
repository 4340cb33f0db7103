// Builds everything one server holds, in dependency order: the per-module
// stores, the settings, then the Analyser (which knows nothing of scheduling),
// then the ModuleScheduler that runs it. No part is created half-wired: the
// scheduler hands each run its own cancel, so the Analyser needs no reference
// back to it.
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isAtOrBelow } from '../core/util/pathWithin';
import { Analyser } from './analyser';
import { BackgroundLane } from './background';
import { CodeActionStore } from './codeActions';
import { forgetModule, type ModuleStores } from './forget';
import { GoProblems } from './goProblems';
import { heapFixHook } from './heapFixes';
import { Limiter } from './limiter';
import { ModuleDiscovery } from './moduleDiscovery';
import { DiagnosticsStore, ModuleRegistry } from './moduleState';
import { ModuleScheduler } from './scheduler';
import { SettingsCache } from './settings';
import { backgroundWorkFailed } from '../core/vocabulary';

export interface ServerOptions {
  /** Environment `go` runs in (default: the server's, i.e. the user's). */
  env?: NodeJS.ProcessEnv;
  debounceMs?: number;
  maxConcurrentBuilds?: number;
}

/** What the client said at initialize, and what changed since. */
export class WorkspaceState {
  trusted = true;
  folders: string[] = [];
  clientName = 'unknown';
  /** The client's capabilities the server acts on. */
  readonly can = {
    pullConfiguration: false,
    workDoneProgress: false,
    registerWatchers: false,
    workspaceFolders: false,
    documentChanges: false,
    codeLensRefresh: false,
  };

  /** The innermost workspace folder holding a module, if any. */
  folderOf(root: string): string | undefined {
    return this.folders.filter((f) => isAtOrBelow(root, f)).sort((a, b) => b.length - a.length)[0];
  }
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  env: NodeJS.ProcessEnv;
  workspace: WorkspaceState;
  stores: ModuleStores;
  limiter: Limiter;
  settings: SettingsCache;
  goProblems: GoProblems;
  analyser: Analyser;
  scheduler: ModuleScheduler;
  modules: ModuleDiscovery;
  log(line: string): void;
}

export function createServerContext(connection: Connection, opts: ServerOptions = {}): ServerContext {
  const env = opts.env ?? process.env;
  const documents = new TextDocuments(TextDocument);
  const workspace = new WorkspaceState();
  const registry = new ModuleRegistry();
  const stores: ModuleStores = {
    registry,
    diagnostics: new DiagnosticsStore((uri, diags) => void connection.sendDiagnostics({ uri, diagnostics: diags })),
    actions: new CodeActionStore(),
    lane: new BackgroundLane((root, err) =>
      connection.console.warn(backgroundWorkFailed(root, err instanceof Error ? err.message : String(err))),
    ),
  };
  const limiter = new Limiter(opts.maxConcurrentBuilds ?? 2);
  // The fetcher is set at initialize, once we know whether the client answers workspace/configuration.
  const settings = new SettingsCache(undefined, (m) => connection.console.warn(m));
  const goProblems = new GoProblems(connection);
  const analyser = new Analyser({
    connection,
    documents,
    registry,
    diagnostics: stores.diagnostics,
    actions: stores.actions,
    settings,
    env,
    goProblems,
    limiter,
    isTrusted: () => workspace.trusted,
    workspaceFolderOf: (root) => workspace.folderOf(root),
    progressSupported: () => workspace.can.workDoneProgress,
    forget: (root, status) => forgetModule(stores, root, { keep: status }),
    afterAnalysis: heapFixHook({
      connection,
      actions: stores.actions,
      diagnostics: stores.diagnostics,
      documents,
      env,
      lane: stores.lane,
      limiter,
    }),
  });
  const scheduler = new ModuleScheduler(
    analyser.run,
    opts.debounceMs ?? 300,
    (root, err) => connection.console.error(`analysis of ${root}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    // A new request for a module supersedes its background work (heap-fix verification).
    (root) => stores.lane.cancel(root),
  );
  return {
    connection,
    documents,
    env,
    workspace,
    stores,
    limiter,
    settings,
    goProblems,
    analyser,
    scheduler,
    modules: new ModuleDiscovery(documents, registry, () => workspace.folders),
    log: (line) => connection.console.log(line),
  };
}
