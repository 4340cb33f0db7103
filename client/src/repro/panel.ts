// The reproducer panel: relays between the webview and the language server,
// and keeps what the webview showed so a hidden-then-shown panel (its page is
// reloaded: retainContextWhenHidden is off) gets it all back. A panel restored
// after a window reload starts empty: its page keeps the form (webview state)
// and asks for a preview.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ListToolchainsRequest,
  ReproDisassemblyRequest,
  ReproHostRequest,
  ReproStartRequest,
  ReproStopRequest,
  type ExtensionToWebview,
  type ReproEvent,
  type ReproLane,
  type ReproVariant,
  type WebviewToExtension,
} from '../../../shared/protocol';
import { reproHtml } from './html';
import { laneSpecs } from './shared';
import { reproBuildingPreview, reproNoDisassembly } from '../../../server/src/core/vocabulary';

type Lane = ReproLane;
const MAX_OUTPUT_CHARS = 256 * 1024;

export class ReproPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Messages since the last run started, replayed to a reloaded page. */
  private log: ExtensionToWebview[] = [];
  private outputChars = 0;
  private readonly lanes = new Map<string, Lane>(); // runId -> lane
  private readonly early = new Map<string, ReproEvent[]>(); // events that beat the start response
  private running = new Set<string>();
  private setup: ExtensionToWebview[] = [];
  private previewSeq = 0;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    extensionUri: vscode.Uri,
    private readonly onDispose: () => void,
  ) {
    // Set here, not only at creation: a panel restored by the serializer comes with the options it was saved with.
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'client', 'media')],
    };
    panel.webview.html = reproHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToExtension) => {
        void this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** A server notification for some run; runs of other panels are ignored. */
  onEvent(e: ReproEvent): void {
    const lane = this.lanes.get(e.runId);
    if (!lane) {
      const list = this.early.get(e.runId) ?? [];
      if (list.length < 1000) list.push(e);
      this.early.set(e.runId, list);
      return;
    }
    this.forward(lane, e);
  }

  private forward(lane: Lane, e: ReproEvent): void {
    if (e.kind === 'verdict') {
      this.running.delete(e.runId);
      if (this.running.size === 0) this.post({ type: 'running', running: false });
    }
    this.post({ type: 'event', lane, event: e, at: Date.now() });
  }

  private async receive(m: WebviewToExtension): Promise<void> {
    try {
      switch (m?.type) {
        case 'ready':
          await this.ready();
          break;
        case 'preview':
          await this.preview(m.variant, m.goPath, m.sideBySide);
          break;
        case 'start':
          await this.start(m);
          break;
        case 'stop':
          await this.stop();
          break;
      }
    } catch (err) {
      this.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The page (re)loaded: send the choices, then replay the current run. */
  private async ready(): Promise<void> {
    if (this.setup.length === 0) {
      const [choices, host] = await Promise.all([
        // Both take no params: sent by method name, typed by the protocol's result types.
        this.client.sendRequest(ListToolchainsRequest),
        this.client.sendRequest(ReproHostRequest),
      ]);
      const note = host.installHint ? `${host.note} ${host.installHint}` : host.note;
      this.setup = [{ type: 'toolchains', choices, runnerNote: note }];
    }
    for (const msg of this.setup) this.send(msg);
    for (const msg of this.log) this.send(msg);
    this.send({ type: 'running', running: this.running.size > 0 });
  }

  private async preview(variant: ReproVariant, goPath: string, sideBySide: boolean): Promise<void> {
    if (this.running.size > 0) return;
    const seq = ++this.previewSeq;
    const specs = laneSpecs(variant, sideBySide);
    this.log = [{ type: 'reset', lanes: specs.map((s) => s.lane), variants: specs.map((s) => s.variant) }];
    this.outputChars = 0;
    this.send(this.log[0]);
    // The mitigation lane runs the same program as the main lane: it shows the same disassembly.
    const twin = specs.some((s) => s.lane === 'mitigated');
    await Promise.all(
      specs
        .filter((s) => s.lane !== 'mitigated')
        .map(async ({ lane, variant: v }) => {
          for (const l of lane === 'main' && twin ? (['main', 'mitigated'] as const) : [lane]) {
            this.send({
              type: 'preview',
              lane: l,
              disassembly: null,
              pending: true,
              message: reproBuildingPreview(v),
            });
          }
          let msg: ExtensionToWebview;
          try {
            const d = await this.client.sendRequest(ReproDisassemblyRequest, { variant: v, goPath: goPath || undefined });
            msg = { type: 'preview', lane, disassembly: d };
          } catch (err) {
            msg = {
              type: 'preview',
              lane,
              disassembly: null,
              message: reproNoDisassembly(err instanceof Error ? err.message : String(err)),
            };
          }
          if (seq !== this.previewSeq) return;
          this.post(msg);
          if (lane === 'main' && twin && msg.type === 'preview') this.post({ ...msg, lane: 'mitigated' });
        }),
    );
  }

  private async start(m: Extract<WebviewToExtension, { type: 'start' }>): Promise<void> {
    if (this.running.size > 0) return;
    this.previewSeq++; // a pending preview must not overwrite the run
    const lanes = laneSpecs(m.variant, m.sideBySide);
    this.log = [];
    this.outputChars = 0;
    this.post({ type: 'reset', lanes: lanes.map((s) => s.lane), variants: lanes.map((s) => s.variant) });
    this.post({ type: 'running', running: true });
    const budget = Math.max(1, Number(m.budgetSeconds) || 300);
    const attempts = Math.max(1, Math.floor(Number(m.attempts) || 1));
    const started = await Promise.allSettled(
      lanes.map(async ({ lane, variant, godebug }) => {
        const { runId } = await this.client.sendRequest(ReproStartRequest, {
          variant,
          goPath: m.goPath || undefined,
          budgetSeconds: budget,
          attempts,
          ...(godebug ? { godebug } : {}),
        });
        this.lanes.set(runId, lane);
        this.running.add(runId);
        for (const e of this.early.get(runId) ?? []) this.forward(lane, e);
        this.early.delete(runId);
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.post({ type: 'error', message: failed.reason instanceof Error ? failed.reason.message : String(failed.reason) });
      if (this.running.size === 0) this.post({ type: 'running', running: false });
    }
  }

  /** Resolves when every program of this panel is gone. */
  async stop(): Promise<void> {
    const ids = [...this.running];
    await Promise.all(ids.map((runId) => this.client.sendRequest(ReproStopRequest, { runId }).catch(() => undefined)));
  }

  /** Sends and remembers (for a reloaded page); old output goes first when the log grows too big. */
  private post(msg: ExtensionToWebview): void {
    if (msg.type === 'reset') {
      this.log = [];
      this.outputChars = 0;
    }
    if (msg.type === 'event' && msg.event.kind === 'output') {
      this.outputChars += msg.event.text.length;
      while (this.outputChars > MAX_OUTPUT_CHARS) {
        const i = this.log.findIndex((x) => x.type === 'event' && x.event.kind === 'output');
        if (i < 0) break;
        const old = this.log[i] as Extract<ExtensionToWebview, { type: 'event' }>;
        if (old.event.kind === 'output') this.outputChars -= old.event.text.length;
        this.log.splice(i, 1);
      }
    }
    if (msg.type !== 'running' && msg.type !== 'error') this.log.push(msg);
    this.send(msg);
  }

  private send(msg: ExtensionToWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.stop(); // closing the panel stops its programs
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}
