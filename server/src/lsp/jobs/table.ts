// What each job does, given its input, the server calls it may make and a
// cancellation token: the one place that maps a job name to the request code
// that serves it (lsp/binaryScan.ts, lsp/triage.ts). Runs in a worker thread
// (jobs/worker.ts).
import type { CancellationToken } from 'vscode-languageserver';
import { scanBinaryRequest } from '../binaryScan';
import { triageRequest } from '../triage';
import type { JobName, Jobs, ServerCalls } from './protocol';

export type CallServer = <N extends keyof ServerCalls>(name: N, ...args: ServerCalls[N]['args']) => Promise<ServerCalls[N]['result']>;

export function runJob<N extends JobName>(
  job: N,
  input: Jobs[N]['input'],
  call: CallServer,
  token: CancellationToken,
): Promise<Jobs[N]['result']>;
export async function runJob(job: JobName, input: Jobs[JobName]['input'], call: CallServer, token: CancellationToken): Promise<unknown> {
  if (job === 'scanBinary') {
    const { params, folders } = input as Jobs['scanBinary']['input'];
    // A registry download stops at once on `$/cancelRequest` (the thread is terminated after a grace anyway).
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return scanBinaryRequest(params, folders, (uri) => call('severityFor', uri), abort.signal);
  }
  const { params, trusted } = input as Jobs['triage']['input'];
  return triageRequest(
    { isTrusted: () => trusted, settingsFor: (root) => call('settingsFor', root), goFor: (root, s) => call('goFor', root, s) },
    params,
    token,
  );
}
