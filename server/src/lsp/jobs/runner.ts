// Runs a job (jobs/table.ts) in a worker thread of its own and answers for
// it: the result, its error as an LSP error, or RequestCancelled once a
// `$/cancelRequest` stopped it. Cancelling asks the job to abort (module builds
// kill their process trees) and terminates the thread after a short grace, so
// even a job busy in a long synchronous parse ends promptly; the request is
// answered only once the thread is gone. The worker's stdout never reaches the
// server's (it carries the protocol on --stdio): both its streams go to stderr.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { AnalysisError } from '../../core/util/errors';
import type { CallError, FromWorker, JobError, JobName, Jobs, ServerCalls, ToWorker } from './protocol';
import { workerMissing, workerStopped } from '../../core/vocabulary';

/** How long a cancelled job may take to wind down (kill its builds) before its thread is terminated. */
const CANCEL_GRACE_MS = 1000;

export interface JobHost {
  settingsFor(root: string): Promise<ServerCalls['settingsFor']['result']>;
  goFor(...args: ServerCalls['goFor']['args']): Promise<ServerCalls['goFor']['result']>;
  severityFor(...args: ServerCalls['severityFor']['args']): Promise<ServerCalls['severityFor']['result']>;
}

/** The worker script beside this code: dist/lsp-worker.js in the bundles, jobs/worker.js when compiled by tsc. */
function workerEntry(dir = __dirname): string | undefined {
  return [path.join(dir, 'lsp-worker.js'), path.join(dir, 'worker.js')].find((f) => existsSync(f));
}

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');

export class JobRunner {
  private readonly cancels = new Set<() => void>();

  constructor(
    private readonly host: JobHost,
    private readonly entry: string | undefined = workerEntry(),
  ) {}

  run<N extends JobName>(job: N, input: Jobs[N]['input'], token: CancellationToken): Promise<Jobs[N]['result']> {
    if (token.isCancellationRequested) return Promise.reject(cancelled());
    if (!this.entry) return Promise.reject(new Error(workerMissing(__dirname, job)));
    const worker = new Worker(this.entry, { stdout: true, stderr: true });
    worker.stdout.pipe(process.stderr);
    worker.stderr.pipe(process.stderr);
    return new Promise<Jobs[N]['result']>((resolve, reject) => {
      let settled = false;
      let wasCancelled = false;
      let killTimer: NodeJS.Timeout | undefined;
      const finish = (answer: () => void) => {
        if (settled) return;
        settled = true;
        sub.dispose();
        this.cancels.delete(cancel);
        // Answer once the thread is gone: nothing of the job outlives the request.
        void worker.terminate().finally(() => {
          clearTimeout(killTimer);
          answer();
        });
      };
      const cancel = () => {
        if (wasCancelled || settled) return;
        wasCancelled = true;
        worker.postMessage({ type: 'cancel' } satisfies ToWorker);
        killTimer = setTimeout(() => finish(() => reject(cancelled())), CANCEL_GRACE_MS);
      };
      const sub = token.onCancellationRequested(cancel);
      this.cancels.add(cancel);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'done') finish(() => resolve(m.result as Jobs[N]['result']));
        else if (m.type === 'failed') finish(() => reject(wasCancelled ? cancelled() : this.asError(job, m.error)));
        else void this.answer(worker, m.id, m.name, m.args);
      });
      worker.on('error', (err) => finish(() => reject(wasCancelled ? cancelled() : err)));
      worker.on('exit', (code) => finish(() => reject(wasCancelled ? cancelled() : new Error(workerStopped(job, code)))));
      worker.postMessage({ type: 'run', job, input } satisfies ToWorker);
    });
  }

  /** Cancels every running job (the server shuts down). */
  cancelAll(): void {
    for (const c of [...this.cancels]) c();
  }

  private async answer(worker: Worker, id: number, name: keyof ServerCalls, args: unknown[]): Promise<void> {
    let reply: ToWorker;
    try {
      const result =
        name === 'settingsFor'
          ? await this.host.settingsFor(...(args as ServerCalls['settingsFor']['args']))
          : name === 'goFor'
            ? await this.host.goFor(...(args as ServerCalls['goFor']['args']))
            : await this.host.severityFor(...(args as ServerCalls['severityFor']['args']));
      reply = { type: 'answer', id, result };
    } catch (err) {
      const error: CallError = { message: err instanceof Error ? err.message : String(err) };
      if (err instanceof AnalysisError) error.analysis = { code: err.code, details: err.details };
      reply = { type: 'answer', id, error };
    }
    worker.postMessage(reply);
  }

  private asError(job: JobName, e: JobError): Error {
    // An internal error's text (a stack) goes to the log; the request guard answers with a plain message.
    if (e.code === ErrorCodes.InternalError) return new Error(`${job} job: ${e.message}`);
    return new ResponseError(e.code, e.message);
  }
}
