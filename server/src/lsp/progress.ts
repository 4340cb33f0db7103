// LSP work-done progress while a build runs (window/workDoneProgress/create,
// then begin/report/end). The build never waits for the client to answer the
// create request; a client without the capability gets nothing.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

const REPORT_EVERY_MS = 250;

export class BuildProgress {
  private reporter?: Promise<WorkDoneProgressServerReporter | undefined>;
  private lastReport = 0;
  private ended = false;

  constructor(
    connection: Connection,
    supported: boolean,
    title: string,
    message: string,
    /** The user pressed cancel in the client's progress UI. */
    onCancel: () => void,
  ) {
    if (!supported) return;
    this.reporter = connection.window.createWorkDoneProgress().then(
      (r) => {
        if (this.ended) {
          r.done();
          return undefined;
        }
        r.begin(title, undefined, message, true);
        r.token.onCancellationRequested(onCancel);
        return r;
      },
      () => undefined,
    );
  }

  /** Listing bytes and functions so far, from the core's onProgress. */
  report(p: { bytes: number; functions: number; packagePath: string }): void {
    const now = Date.now();
    if (now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    const mb = (p.bytes / (1024 * 1024)).toFixed(1);
    const msg = `${mb} MB of listing, ${p.functions} functions${p.packagePath ? ` (${p.packagePath})` : ''}`;
    void this.reporter?.then((r) => r?.report(msg));
  }

  done(): void {
    if (this.ended) return;
    this.ended = true;
    void this.reporter?.then((r) => r?.done());
  }
}
