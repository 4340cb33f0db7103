// The messages between the language server and a job worker: the job in, a
// cancel, the worker's questions back to the server (settings and the `go` of
// a module live with the connection) and their answers, the result or error out.
import type { ScanBinaryParams, ScanBinaryResult, Settings, TriageParams } from '../../../../shared/protocol';
import type { GoChoice } from '../../core/toolchain/goLocator';
import type { AnalysisErrorCode } from '../../core/util/errors';
import type { TriageView } from '../../core/triage/triage';

/** The jobs a worker runs, with their input and result. */
export interface Jobs {
  scanBinary: { input: { params: ScanBinaryParams; folders: string[] }; result: ScanBinaryResult };
  triage: { input: { params: TriageParams; trusted: boolean }; result: TriageView };
}
export type JobName = keyof Jobs;

/** What a worker may ask the server while it runs. */
export interface ServerCalls {
  settingsFor: { args: [root: string]; result: Settings };
  goFor: { args: [root: string, settings: Settings]; result: { go: GoChoice; env: NodeJS.ProcessEnv } };
  /** preemptGuard.severity of a file (binary-scan diagnostics). */
  severityFor: { args: [fileUri: string]; result: Settings['severity'] };
}
export type CallName = keyof ServerCalls;

export type ToWorker =
  | { type: 'run'; job: JobName; input: Jobs[JobName]['input'] }
  | { type: 'cancel' }
  | { type: 'answer'; id: number; result?: unknown; error?: CallError };

/** A failed server call; an AnalysisError keeps its code and details across the thread. */
export interface CallError {
  message: string;
  analysis?: { code: AnalysisErrorCode; details?: string };
}

/** An error that crosses the thread: an LSP error code and a plain message. */
export interface JobError {
  code: number;
  message: string;
}

export type FromWorker =
  { type: 'done'; result: unknown } | { type: 'failed'; error: JobError } | { type: 'call'; id: number; name: CallName; args: unknown[] };
