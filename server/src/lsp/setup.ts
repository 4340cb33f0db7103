// Wires a connection to the analysis: capabilities, document events, watched
// files, settings, trust, hover, code actions and the custom requests.
import path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AssemblyRequest,
  ListFunctionsRequest,
  ScanBinaryRequest,
  ScanRequest,
  SETTINGS_SECTION,
  TrustNotification,
  VSCODE_GO_SECTION,
  type InitializationOptions,
  type TrustParams,
} from '../../../shared/protocol';
import { isAtOrBelow } from '../core/util/pathWithin';
import { Analyser, UNTRUSTED_MESSAGE } from './analyser';
import { BackgroundLane } from './background';
import { CodeActionStore, withoutVersions } from './codeActions';
import { forgetModule, type ModuleServices } from './forget';
import { Limiter } from './limiter';
import { DiagnosticsStore, ModuleRegistry } from './moduleState';
import { assembly, listFunctions, scan, type RequestDeps } from './requests';
import { ModuleScheduler } from './scheduler';
import { SettingsCache } from './settings';
import { GoProblems } from './goProblems';
import { fileUri } from './textSource';
import { fileKind, moduleOfFile, modulesOfFolder, modulesOfManifest, uriToPath } from './workspace';
import { heapFixHook } from './heapFixes';
import { registerExtensions } from './extensions';
import { scanBinaryRequest } from './binaryScan';
import { registerTriage } from './triage';
import { EDITOR_CAPABILITIES, registerEditorFeatures, type EditorFeatures } from './editorFeatures';

export interface ServerOptions {
  /** Environment `go` runs in (default: the server's, i.e. the user's). */
  env?: NodeJS.ProcessEnv;
  debounceMs?: number;
  maxConcurrentBuilds?: number;
}

export function startServer(connection: Connection, opts: ServerOptions = {}): void {
  const env = opts.env ?? process.env;
  const documents = new TextDocuments(TextDocument);
  const registry = new ModuleRegistry();
  // Set below, before the connection listens: the lenses follow every publish.
  let editor: EditorFeatures | undefined;
  const diagnostics = new DiagnosticsStore((uri, diags) => {
    void connection.sendDiagnostics({ uri, diagnostics: diags });
    editor?.diagnosticsPublished();
  });
  const actions = new CodeActionStore();
  const lane = new BackgroundLane((root, err) =>
    connection.console.warn(`background work for ${root}: ${err instanceof Error ? err.message : String(err)}`),
  );
  const services: ModuleServices = { registry, diagnostics, actions, lane };
  const limiter = new Limiter(opts.maxConcurrentBuilds ?? 2);
  let trusted = true;
  let documentChangesSupported = false;
  let configSupported = false;
  let progressSupported = false;
  let watchRegistration = false;
  let foldersSupported = false;
  let clientName = 'unknown';
  let folders: string[] = [];
  // The fetcher is set at initialize, once we know whether the client answers workspace/configuration.
  const settings = new SettingsCache(undefined, (m) => connection.console.warn(m));

  const goProblems = new GoProblems(connection);

  let scheduler: ModuleScheduler;
  const analyser = new Analyser({
    connection,
    documents,
    registry,
    diagnostics,
    actions,
    settings,
    env,
    goProblems,
    limiter,
    isTrusted: () => trusted,
    workspaceFolderOf: (root) => folders.filter((f) => isAtOrBelow(root, f)).sort((a, b) => b.length - a.length)[0],
    progressSupported: () => progressSupported,
    cancel: (root) => {
      scheduler.cancel(root);
      analyser.setStatus(root, { state: 'idle', message: 'analysis cancelled' });
    },
    forget: (root, status) => forgetModule(services, root, { keep: status, stopBuilds: false }),
    afterAnalysis: heapFixHook({ connection, actions, diagnostics, documents, env, lane, limiter }),
  });
  scheduler = new ModuleScheduler(
    analyser.run,
    opts.debounceMs ?? 300,
    (root, err) => connection.console.error(`analysis of ${root}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    // A new request for a module supersedes its background work (heap-fix verification).
    (root) => lane.cancel(root),
  );
  services.scheduler = scheduler;

  const modulesOfOpenFiles = (): string[] =>
    documents.all().flatMap((doc) => {
      const f = uriToPath(doc.uri);
      const m = f && fileKind(f) === 'go' ? moduleOfFile(f) : undefined;
      return m ? [m] : [];
    });
  const allModules = (): string[] => [
    ...new Set([...folders.flatMap(modulesOfFolder), ...modulesOfOpenFiles(), ...registry.all().map((r) => r.root)]),
  ];
  const modulesFor = (uri: string | undefined): string[] => {
    if (!uri) return allModules();
    const p = uriToPath(uri);
    if (!p) return [];
    const k = fileKind(p);
    if (k === 'go.mod' || k === 'go.work') return modulesOfManifest(p);
    if (k === 'go') return [moduleOfFile(p)].filter((m): m is string => !!m);
    return modulesOfFolder(p);
  };
  const schedule = (roots: string[]) => roots.forEach((r) => void scheduler.schedule(r));
  const known = (root: string) => registry.has(root);

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    clientName = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'unknown';
    configSupported = !!caps.workspace?.configuration;
    progressSupported = !!caps.window?.workDoneProgress;
    settings.setFetcher(configSupported ? (scopeUri, section) => connection.workspace.getConfiguration({ scopeUri, section }) : undefined);
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    foldersSupported = !!caps.workspace?.workspaceFolders;
    documentChangesSupported = !!caps.workspace?.workspaceEdit?.documentChanges;
    editor?.initialize(caps);
    const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
    // Clients without a trust concept (neovim, the CLI's users) started the server themselves: trusted.
    trusted = init.trusted !== false;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) folders = [uriToPath(params.rootUri)].filter((p): p is string => !!p);
    if (!folders.length && params.rootPath) folders = [params.rootPath];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        ...EDITOR_CAPABILITIES,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'preempt-guard' },
    };
  });

  connection.onInitialized(() => {
    connection.console.log(
      `preempt-guard language server (client ${clientName}): workspace ${trusted ? 'trusted' : 'NOT trusted (nothing is built)'}; ` +
        `folders: ${folders.join(', ') || '(none)'}; settings ${configSupported ? 'pulled per module' : 'pushed by the client (didChangeConfiguration) or defaults'}`,
    );
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/go.mod' }, { globPattern: '**/go.work' }],
      });
    }
    if (configSupported)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: [SETTINGS_SECTION, VSCODE_GO_SECTION] });
    if (foldersSupported) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = folders.filter((f) => !removed.has(f)).concat(e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
        // Modules of a removed folder: stop their builds and take their diagnostics down.
        for (const r of registry.all()) {
          if (![...removed].some((f) => f && isAtOrBelow(r.root, f))) continue;
          forgetModule(services, r.root, { remove: true });
        }
        void analyser.notifyStatus();
      });
    }
  });

  documents.onDidOpen(async (e) => {
    const f = uriToPath(e.document.uri);
    if (!f || fileKind(f) !== 'go') return;
    const root = moduleOfFile(f);
    if (!root) return;
    // Opening does not change what is on disk: analyse a module only once on open.
    if (known(root) && (registry.get(root).result || scheduler.isBusy(root))) return;
    if (!trusted) return void scheduler.schedule(root);
    if ((await analyser.settingsFor(root)).analyzeOnOpen) void scheduler.schedule(root);
    else registry.get(root);
  });

  // Quick fixes computed for an older text of a document must not apply to the new one.
  documents.onDidChangeContent((e) => actions.documentChanged(e.document.uri, e.document.version));
  documents.onDidClose((e) => actions.documentChanged(e.document.uri, null));

  documents.onDidSave(async (e) => {
    const f = uriToPath(e.document.uri);
    if (!f) return;
    const k = fileKind(f);
    if (k === 'go.mod' || k === 'go.work') return schedule(modulesOfManifest(f));
    if (k !== 'go') return;
    const root = moduleOfFile(f);
    // A save is one deliberate event: build at once (saves during a build coalesce into the next one).
    if (root && (await analyser.settingsFor(root)).analyzeOnSave) void scheduler.schedule(root, { immediate: true });
  });

  connection.onDidChangeWatchedFiles(async (e) => {
    for (const c of e.changes) {
      const f = uriToPath(c.uri);
      if (!f) continue;
      const k = fileKind(f);
      if (k === 'go.mod' || k === 'go.work') {
        const roots = k === 'go.mod' && c.type === FileChangeType.Deleted ? [path.dirname(f)] : modulesOfManifest(f);
        schedule(roots.filter((r) => known(r) || k === 'go.work'));
      } else if (k === 'go' && !documents.get(c.uri)) {
        // Saves of open files come through didSave; this is a change from outside the editor.
        const root = moduleOfFile(f);
        if (root && known(root) && (await analyser.settingsFor(root)).analyzeOnSave) void scheduler.schedule(root);
      }
    }
  });

  connection.onDidChangeConfiguration((p) => {
    if (configSupported) settings.clear();
    else settings.setPushed(p.settings);
    goProblems.reset();
    schedule(
      registry
        .all()
        .filter((r) => r.status.state !== 'idle' || r.result)
        .map((r) => r.root),
    );
  });

  connection.onNotification(TrustNotification, (p: TrustParams) => {
    if (p.trusted === trusted) return;
    trusted = p.trusted;
    connection.console.log(`workspace ${trusted ? 'trusted: analysing' : 'no longer trusted: builds stopped'}`);
    if (trusted) {
      // What the user has touched so far: modules with a status, and those of open Go files.
      schedule([...new Set([...registry.all().map((r) => r.root), ...modulesOfOpenFiles()])]);
      return;
    }
    for (const r of registry.all())
      forgetModule(services, r.root, { keep: { state: 'untrusted', message: UNTRUSTED_MESSAGE }, stopBuilds: true });
    scheduler.cancel();
    void analyser.notifyStatus();
  });

  // ---- Editor features (hover, code lenses, the applyFix command): one registration ----
  editor = registerEditorFeatures({
    connection,
    registry,
    actions,
    diagnostics,
    settingsFor: (root) => analyser.settingsFor(root),
    documentChangesSupported: () => documentChangesSupported,
  });
  // ---- end of editor features ----

  connection.onCodeAction((params) => {
    const found = actions.lookup(params);
    return documentChangesSupported ? found : found.map(withoutVersions);
  });

  const deps: RequestDeps = {
    registry,
    scheduler,
    analyser,
    modulesFor,
    isTrusted: () => trusted,
    log: (m) => connection.console.log(m),
  };
  connection.onRequest(ScanRequest, (p) => scan(deps, p ?? {}));
  connection.onRequest(ListFunctionsRequest, (p) => listFunctions(deps, p ?? {}));
  connection.onRequest(AssemblyRequest, (p, token) => assembly(deps, p, token));
  // Allowed untrusted: reading a binary's bytes builds and runs nothing.
  connection.onRequest(ScanBinaryRequest, (p) => scanBinaryRequest(p, folders, async (uri) => (await settings.get(uri)).severity));

  registerExtensions(connection, {
    isTrusted: () => trusted,
    env,
    // The reproducer is not tied to a module: the settings of the first workspace folder (or the pushed ones).
    settings: () => settings.get(folders[0] ? fileUri(folders[0]) : ''),
  });
  registerTriage(connection, {
    isTrusted: () => trusted,
    settingsFor: (root) => analyser.settingsFor(root),
    goFor: (root, s) => analyser.goFor(root, s),
  });

  // Builds and background work stop; the client drops the diagnostics of a server that stopped.
  const stopAll = () => {
    scheduler.dispose();
    lane.cancel();
  };
  connection.onShutdown(stopAll);
  // A client that vanishes without shutdown: the abort listeners kill the build trees synchronously.
  process.on('exit', stopAll);

  documents.listen(connection);
  connection.listen();
}
