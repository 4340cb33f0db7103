// A small, real LSP client for tests: spawns `node dist/server.js --stdio`
// (or any command), speaks JSON-RPC over its stdio with vscode-jsonrpc, answers
// workspace/configuration and workDoneProgress/create, records everything the
// server sends, and waits on events (no sleeps): every incoming message
// re-checks the pending waits.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CodeLens,
  Diagnostic,
  Hover,
  InitializeParams,
  InitializeResult,
  LogMessageParams,
  ProgressToken,
  PublishDiagnosticsParams,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { ModuleStatus, Settings, StatusParams } from '../../shared/protocol';

import { REPO, TOOLCHAINS_DIR, goBinary, goVersion } from './paths';

export { REPO, goBinary, goVersion };
export const SERVER = path.join(REPO, 'dist', 'server.js');

export function toolchainsDir(): string {
  return TOOLCHAINS_DIR;
}

export const uriOf = (file: string): string => pathToFileURL(file).toString();

export interface ClientOptions {
  command?: string[];
  env?: NodeJS.ProcessEnv;
  rootDir: string;
  workspaceFolders?: string[];
  initializationOptions?: unknown;
  /**
   * Answer workspace/configuration with these (per scopeUri and section: `preemptGuard`, or `go`
   * for vscode-go's settings); undefined = the client lacks the capability.
   */
  settings?: (scopeUri: string, section?: string) => Partial<Settings> | Record<string, unknown>;
  workDoneProgress?: boolean;
}

interface ProgressParams<T> {
  token: ProgressToken;
  value: T;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class LspTestClient {
  readonly statuses: StatusParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly progress: ProgressParams<WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd>[] = [];
  readonly progressCreated: string[] = [];
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly configurationRequests: string[] = [];
  /** workspace/applyEdit requests the server sent (answered as applied). */
  readonly appliedEdits: { label?: string; edit: WorkspaceEdit }[] = [];
  /** How often the server asked to refresh code lenses. */
  codeLensRefreshes = 0;
  /** What the server registered dynamically (client/registerCapability), in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** Publish events in order (uri + count), to see clears. */
  readonly publishes: { uri: string; count: number }[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  private exited = false;
  stderr = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    private readonly opts: ClientOptions,
  ) {}

  static async start(opts: ClientOptions): Promise<{ client: LspTestClient; init: InitializeResult }> {
    const cmd = opts.command ?? [process.execPath, SERVER, '--stdio'];
    const proc = spawn(cmd[0], cmd.slice(1), { cwd: opts.rootDir, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspTestClient(proc, conn, opts);
    proc.stderr!.on('data', (d: Buffer) => {
      client.stderr += d.toString();
    });
    proc.on('exit', () => {
      client.exited = true;
      client.poke();
    });
    client.wire();
    conn.listen();
    const folders = opts.workspaceFolders ?? [opts.rootDir];
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: uriOf(opts.rootDir),
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: opts.initializationOptions,
      capabilities: {
        workspace: {
          configuration: !!opts.settings,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: opts.workDoneProgress ?? true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          synchronization: { didSave: true },
        },
      },
    };
    const init = await conn.sendRequest<InitializeResult>('initialize', params);
    await conn.sendNotification('initialized', {});
    return { client, init };
  }

  private wire(): void {
    const c = this.conn;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishes.push({ uri: p.uri, count: p.diagnostics.length });
      this.poke();
    });
    c.onNotification('preemptGuard/status', (p: StatusParams) => {
      this.statuses.push(p);
      this.poke();
    });
    c.onNotification('window/logMessage', (p: LogMessageParams) => {
      this.logs.push(p);
      this.poke();
    });
    c.onNotification('$/progress', (p: ProgressParams<WorkDoneProgressBegin>) => {
      this.progress.push(p);
      this.poke();
    });
    c.onRequest('window/workDoneProgress/create', (p: { token: string }) => {
      this.progressCreated.push(String(p.token));
      return null;
    });
    c.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((i) => {
        this.configurationRequests.push(i.scopeUri ?? '');
        return this.opts.settings?.(i.scopeUri ?? '', i.section) ?? null;
      }),
    );
    c.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations.map((r) => ({ method: r.method, registerOptions: r.registerOptions })));
      this.poke();
      return null;
    });
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('workspace/applyEdit', (p: { label?: string; edit: WorkspaceEdit }) => {
      this.appliedEdits.push(p);
      this.poke();
      return { applied: true };
    });
    c.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.poke();
      return null;
    });
  }

  private poke(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Resolves when check() holds, re-checked on every message; rejects at the deadline with what was seen. */
  waitFor(what: string, check: () => boolean, timeoutMs = 180_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(
          new Error(
            `timed out waiting for ${what}; last statuses: ${JSON.stringify(this.statuses.slice(-3))}; logs: ${this.logs
              .slice(-8)
              .map((l) => l.message)
              .join(' | ')}; stderr: ${this.stderr.slice(-2000)}`,
          ),
        );
      }, timeoutMs);
      const w: Waiter = {
        check: () => this.exited || check(),
        resolve: () => {
          clearTimeout(timer);
          if (this.exited && !check()) reject(new Error(`server exited while waiting for ${what}: ${this.stderr.slice(-2000)}`));
          else resolve();
        },
      };
      this.waiters.add(w);
    });
  }

  /** Latest status of a module. */
  status(root: string): ModuleStatus | undefined {
    for (let i = this.statuses.length - 1; i >= 0; i--) {
      const m = this.statuses[i].modules.find((s) => s.moduleRoot === root);
      if (m) return m;
    }
    return undefined;
  }

  /** Waits for a finished analysis of root among the status notifications from index `since` on. */
  async waitForResult(root: string, since = 0): Promise<ModuleStatus> {
    const done = () =>
      this.statuses
        .slice(since)
        .map((s) => s.modules.find((m) => m.moduleRoot === root))
        .find((m) => m && m.state !== 'analysing' && m.state !== 'idle');
    await this.waitFor(`a finished analysis of ${root}`, () => !!done());
    return done()!;
  }

  logCount(re: RegExp): number {
    return this.logs.filter((l) => re.test(l.message)).length;
  }

  async open(file: string, languageId = 'go'): Promise<void> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text: readFileSync(file, 'utf8') },
    });
  }

  /** Full-text change (the file on disk is the caller's business), then didSave. */
  async changeAndSave(file: string, text: string): Promise<void> {
    await this.change(file, text);
    await this.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
  }

  /** An unsaved full-text change; returns the document's new version. */
  async change(file: string, text: string): Promise<number> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  version(file: string): number | undefined {
    return this.versions.get(uriOf(file));
  }

  async save(file: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
  }

  async watchedChange(file: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type }] });
  }

  hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line, character } });
  }

  codeLenses(file: string): Promise<CodeLens[]> {
    return this.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf(file) } });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.conn.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  codeActions(file: string, range: Diagnostic['range'], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range, context: { diagnostics } });
  }

  /** What an editor does: ask at `range` with the published diagnostics that touch it in the context. */
  codeActionsAt(file: string, range: Diagnostic['range']): Promise<CodeAction[]> {
    const before = (p: Diagnostic['range']['start'], q: Diagnostic['range']['start']) =>
      p.line < q.line || (p.line === q.line && p.character < q.character);
    const touching = this.diagnosticsOf(file).filter((d) => !before(d.range.end, range.start) && !before(range.end, d.range.start));
    return this.codeActions(file, range, touching);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  /** A request the caller can cancel (`$/cancelRequest`) with the returned cancel(). */
  cancellableRequest<R>(method: string, params: unknown): { result: Promise<R>; cancel: () => void } {
    const source = new CancellationTokenSource();
    return { result: this.conn.sendRequest<R>(method, params, source.token), cancel: () => source.cancel() };
  }

  /** Bytes straight onto the server's input, past the client's framing (a broken or hostile client). */
  writeRaw(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.proc.stdin!.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  /** shutdown + exit; kills the process if it is not gone within 10 s (a server that stopped answering too). */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => (this.exited ? r() : this.proc.once('exit', () => r())));
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), gone]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already closing */
    }
    await gone;
    clearTimeout(timer);
    this.conn.dispose();
  }
}

export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
