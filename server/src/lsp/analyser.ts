// Runs one module's analysis for the scheduler: settings for that module,
// the `go` the user's terminal would run, the build with progress, then
// diagnostics, quick fixes, hover targets and the status.
import { pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeModule } from '../core/listing/analyze';
import { AnalysisError, isCancelled } from '../core/util/errors';
import { StatusNotification, type ModuleStatus, type Settings } from '../../../shared/protocol';
import type { CodeActionStore } from './codeActions';
import { goForModule } from './goForModule';
import type { GoProblems } from './goProblems';
import type { Limiter } from './limiter';
import { moduleOutcome, type ModuleOutcome } from './moduleOutcome';
import type { DiagnosticsStore, ModuleRecord, ModuleRegistry } from './moduleState';
import { cachedGoVersion } from './goVersionCache';
import { BuildProgress } from './progress';
import type { SettingsCache } from './settings';
import { TextSource } from './textSource';
import {
  ANALYSIS_CANCELLED,
  ANALYSIS_CANCELLED_QUEUED,
  analysisCancelledLine,
  analysisFailedLine,
  analysisFinishedLine,
  analysisStartedLine,
  buildProgressMessage,
  UNTRUSTED_MESSAGE,
} from '../core/vocabulary';

export interface AnalyserDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  registry: ModuleRegistry;
  diagnostics: DiagnosticsStore;
  actions: CodeActionStore;
  settings: SettingsCache;
  /** Caps concurrent builds across modules. */
  limiter: Limiter;
  /** The environment `go` runs in: the server's own, i.e. the user's. */
  env: NodeJS.ProcessEnv;
  /** The workspace folder a module is in (the innermost), if any. */
  workspaceFolderOf(moduleRoot: string): string | undefined;
  /** Tells the user once when no usable `go` is found. */
  goProblems: GoProblems;
  isTrusted(): boolean;
  progressSupported(): boolean;
  /** Drops what is known about a module and shows `status` (forgetModule). */
  forget(moduleRoot: string, status: Pick<ModuleStatus, 'state' | 'message' | 'toolchain'>): void;
  /** After diagnostics are out, the build slot released: queues background work (heap fix verification). */
  afterAnalysis(record: ModuleRecord, outcome: ModuleOutcome, settings: Settings): void;
}

let runCounter = 0;

export class Analyser {
  private readonly goVersion = cachedGoVersion();

  constructor(private readonly d: AnalyserDeps) {}

  settingsFor(root: string): Promise<Settings> {
    return this.d.settings.get(pathToFileURL(root).toString());
  }

  /** The `go` for a module and the environment it runs in (its settings, vscode-go's, the server's env). */
  goFor(root: string, settings: Settings): ReturnType<typeof goForModule> {
    return goForModule(this.d.settings, pathToFileURL(root).toString(), settings, this.d.env, this.d.workspaceFolderOf(root));
  }

  /** Resolves once the notification is written to the client. */
  notifyStatus(): Promise<void> {
    return this.d.connection.sendNotification(StatusNotification, { modules: this.d.registry.statuses() }).catch(() => undefined);
  }

  setStatus(root: string, status: Partial<ModuleStatus>): void {
    const rec = this.d.registry.get(root);
    rec.status = { ...rec.status, ...status, moduleRoot: root };
    void this.notifyStatus();
  }

  /** The scheduler's ModuleRun. */
  run = async (root: string, signal: AbortSignal, cancel: () => void): Promise<void> => {
    if (!this.d.isTrusted()) {
      this.setStatus(root, { state: 'untrusted', message: UNTRUSTED_MESSAGE });
      return;
    }
    const id = ++runCounter;
    const console = this.d.connection.console;
    const settings = await this.settingsFor(root);
    if (signal.aborted) return;
    const rec = this.d.registry.get(root);
    let progress: BuildProgress | undefined;
    const started = Date.now();
    let release: (() => void) | undefined;
    let published: { outcome: ModuleOutcome; written: Promise<void> } | undefined;
    try {
      release = await this.d.limiter.acquire(signal).catch(() => {
        throw new AnalysisError('cancelled', ANALYSIS_CANCELLED_QUEUED);
      });
      // "analysing" only once a build really runs, not while queued behind others.
      this.setStatus(root, { state: 'analysing', message: undefined });
      // Cancel from the client's progress UI.
      progress = new BuildProgress(this.d.connection, this.d.progressSupported(), 'Preempt Guard', buildProgressMessage(root), () => {
        cancel();
        this.setStatus(root, { state: 'idle', message: ANALYSIS_CANCELLED });
      });
      const { go, env } = await this.goFor(root, settings);
      console.log(analysisStartedLine(id, root, go, settings.scanDependencies));
      rec.env = env;
      const result = await analyzeModule({
        dir: root,
        go: go.path,
        goWhy: go.why,
        env,
        signal,
        deps: settings.scanDependencies,
        goos: settings.goos,
        buildFlags: settings.buildFlags,
        keepFunctions: true,
        goVersion: this.goVersion,
        onProgress: (p) => progress?.report(p),
      });
      if (signal.aborted || result.cancelled) throw new AnalysisError('cancelled', ANALYSIS_CANCELLED);
      const outcome = moduleOutcome(result, settings, new TextSource(this.d.documents), env, (m) => console.log(m));
      rec.result = result;
      rec.functions = outcome.functions;
      rec.hovers = outcome.hovers;
      this.d.actions.set(root, outcome.actions);
      this.d.diagnostics.set(root, outcome.diagnostics);
      rec.status = outcome.status;
      for (const line of outcome.log) {
        if (outcome.status.state === 'failed') console.warn(line);
        else console.log(line);
      }
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(analysisFinishedLine(id, root, secs, result.toolchain.version, outcome.status.findings, outcome.status.state));
      progress?.done();
      const written = this.notifyStatus();
      published = { outcome, written };
    } catch (err) {
      progress?.done();
      if (isCancelled(err) || signal.aborted) {
        console.log(analysisCancelledLine(id, root));
        return;
      }
      const e = err instanceof AnalysisError ? err : undefined;
      const msg = err instanceof Error ? err.message : String(err);
      console.error(analysisFailedLine(id, root, msg, e?.details));
      this.d.goProblems.report(err);
      this.d.forget(root, { state: 'failed', message: msg, toolchain: rec.status.toolchain });
      void this.notifyStatus();
    } finally {
      release?.();
    }
    // The slot is free again: background work queues behind nothing of ours. It
    // starts once the results are written to the client: spawning its first
    // build blocks the event loop for milliseconds, which would delay the write.
    if (!published) return;
    await published.written;
    if (!signal.aborted) this.d.afterAnalysis(rec, published.outcome, settings);
  };
}
