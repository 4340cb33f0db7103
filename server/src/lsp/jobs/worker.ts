// Entry of a job worker thread (bundled as dist/lsp-worker.js): runs one
// request that reads or parses much (a binary scan, a crash triage) off the
// server's event loop, so hovers and other requests are answered meanwhile.
// A cancel from the server aborts the job (child processes of a module build
// are killed by their AbortSignal); the server terminates the thread after it.
import { parentPort } from 'node:worker_threads';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { AnalysisError } from '../../core/util/errors';
import type { FromWorker, JobError, ToWorker } from './protocol';
import { runJob, type CallServer } from './table';
import { WORKER_ONLY_AS_THREAD } from '../../core/vocabulary';

const port = parentPort;
if (!port) throw new Error(WORKER_ONLY_AS_THREAD);

const cancellation = new CancellationTokenSource();
const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
let nextCall = 1;

const send = (m: FromWorker) => port.postMessage(m);

const call: CallServer = (name, ...args) => {
  const id = nextCall++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: (v) => resolve(v as never), reject });
    send({ type: 'call', id, name, args });
  });
};

function asJobError(err: unknown): JobError {
  if (err instanceof ResponseError) return { code: err.code, message: err.message };
  if (cancellation.token.isCancellationRequested) return { code: LSPErrorCodes.RequestCancelled, message: 'cancelled' };
  return { code: ErrorCodes.InternalError, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') cancellation.cancel();
  else if (m.type === 'answer') {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error === undefined) p?.resolve(m.result);
    else
      p?.reject(
        m.error.analysis ? new AnalysisError(m.error.analysis.code, m.error.message, m.error.analysis.details) : new Error(m.error.message),
      );
  } else {
    runJob(m.job, m.input, call, cancellation.token).then(
      (result) => send({ type: 'done', result }),
      (err: unknown) => send({ type: 'failed', error: asJobError(err) }),
    );
  }
});
