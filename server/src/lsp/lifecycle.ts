// The session with the client: initialize (capabilities, folders, trust),
// the one registration the server makes (watched go.mod, go.work and .go
// files; settings changes come without one: every client sends
// didChangeConfiguration, and the VS Code client declares its sections itself),
// workspace folders coming and going, settings changes, trust changes, shutdown.
import path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type InitializeResult, type ServerCapabilities } from 'vscode-languageserver';
import { TrustNotification } from '../../../shared/protocol';
import { isAtOrBelow } from '../core/util/pathWithin';
import type { ServerContext } from './context';
import { forgetModule } from './forget';
import { trustAtInitialize, trustInNotification } from './trust';
import { fileKind, moduleOfFile, modulesOfManifest, uriToPath } from './workspace';
import { serverStartedLine, settingsChangedLine, trustChangedLine, UNTRUSTED_MESSAGE } from '../core/vocabulary';

/** What the server watches on disk (registered once, when the client can take registrations). */
const WATCHED_FILES = ['**/go.mod', '**/go.work', '**/*.go'];

export function registerLifecycle(
  ctx: ServerContext,
  capabilities: ServerCapabilities,
  /** Stops work that is not a module's (worker jobs) at shutdown. */
  stopOtherWork: () => void,
): void {
  const { connection, workspace, settings, scheduler, analyser, stores } = ctx;
  const schedule = (roots: string[]) => roots.forEach((r) => void scheduler.schedule(r));
  const known = (root: string) => stores.registry.has(root);

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    workspace.clientName = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'unknown';
    workspace.can.pullConfiguration = !!caps.workspace?.configuration;
    workspace.can.workDoneProgress = !!caps.window?.workDoneProgress;
    workspace.can.registerWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspace.can.workspaceFolders = !!caps.workspace?.workspaceFolders;
    workspace.can.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    workspace.can.codeLensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
    settings.setFetcher(
      workspace.can.pullConfiguration ? (scopeUri, section) => connection.workspace.getConfiguration({ scopeUri, section }) : undefined,
    );
    workspace.trusted = trustAtInitialize(params.initializationOptions);
    let folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) folders = [uriToPath(params.rootUri)].filter((p): p is string => !!p);
    if (!folders.length && params.rootPath) folders = [params.rootPath];
    workspace.folders = folders;
    return { capabilities, serverInfo: { name: 'preempt-guard' } };
  });

  connection.onInitialized(() => {
    ctx.log(
      serverStartedLine({
        client: workspace.clientName,
        trusted: workspace.trusted,
        folders: workspace.folders,
        pullsConfiguration: workspace.can.pullConfiguration,
      }),
    );
    if (workspace.can.registerWatchers)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })),
      });
    if (workspace.can.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = e.removed.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
        workspace.folders = workspace.folders
          .filter((f) => !removed.includes(f))
          .concat(e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
        // Modules of a removed folder: stop their builds and take their diagnostics down.
        for (const r of stores.registry.all()) {
          if (!removed.some((f) => isAtOrBelow(r.root, f))) continue;
          scheduler.cancel(r.root);
          forgetModule(stores, r.root, { remove: true });
        }
        void analyser.notifyStatus();
      });
    }
  });

  connection.onDidChangeWatchedFiles(async (e) => {
    for (const c of e.changes) {
      const f = uriToPath(c.uri);
      if (!f) continue;
      const k = fileKind(f);
      if (k === 'go.mod' || k === 'go.work') {
        const roots = k === 'go.mod' && c.type === FileChangeType.Deleted ? [path.dirname(f)] : modulesOfManifest(f);
        schedule(roots.filter((r) => known(r) || k === 'go.work'));
      } else if (k === 'go' && !ctx.documents.get(c.uri)) {
        // Saves of open files come through didSave; this is a change from outside the editor.
        const root = moduleOfFile(f);
        if (root && known(root) && (await analyser.settingsFor(root)).analyzeOnSave) void scheduler.schedule(root);
      }
    }
  });

  connection.onDidChangeConfiguration((p) => {
    ctx.log(settingsChangedLine(workspace.can.pullConfiguration));
    if (workspace.can.pullConfiguration) settings.clear();
    else settings.setPushed(p.settings);
    ctx.goProblems.reset();
    schedule(
      stores.registry
        .all()
        .filter((r) => r.status.state !== 'idle' || r.result)
        .map((r) => r.root),
    );
  });

  connection.onNotification(TrustNotification.method, (p: unknown) => {
    const trusted = trustInNotification(p);
    if (trusted === workspace.trusted) return;
    workspace.trusted = trusted;
    ctx.log(trustChangedLine(trusted));
    if (trusted) {
      // What the user has touched so far: modules with a status, and those of open Go files.
      schedule([...new Set([...stores.registry.all().map((r) => r.root), ...ctx.modules.ofOpenFiles()])]);
      return;
    }
    scheduler.cancel();
    for (const r of stores.registry.all()) forgetModule(stores, r.root, { keep: { state: 'untrusted', message: UNTRUSTED_MESSAGE } });
    void analyser.notifyStatus();
  });

  // Builds and background work stop; the client drops the diagnostics of a server that stopped.
  const stopAll = () => {
    scheduler.dispose();
    stores.lane.cancel();
    stopOtherWork();
  };
  connection.onShutdown(stopAll);
  // A client that vanishes without shutdown: the abort listeners kill the build trees synchronously.
  process.on('exit', stopAll);
}
