// The reproducer page's state: the webview API (acquired once per page load),
// and per lane what the page shows — the decoded epilogue, the verdict, the
// run's timing and how much output it holds. Rebuilt from the messages the
// extension replays after the page reloads (hidden then shown, or a restored
// window); the form values live in the webview state instead (form.ts).
import type { AssemblyLine, ReproLane, ReproVerdict, WebviewToExtension } from '../../../../shared/protocol';
import type { Finding } from '../../../../server/src/core/types';

interface VsCodeApi {
  postMessage(msg: WebviewToExtension): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

/** What the epilogue summary and the disassembly table show (a preview or a run's disassembly event). */
export interface LaneDisassembly {
  symbol?: string;
  frameSize?: number;
  leaf?: boolean;
  toolchain?: string;
  findings: Finding[];
  lines: AssemblyLine[];
}

export interface LaneState {
  variant: string;
  dis: LaneDisassembly | null;
  verdict: ReproVerdict | null;
  /** When the run's first event arrived (ms since epoch), 0 before. */
  runStart: number;
  attemptStart: number;
  attempt: number;
  of: number;
  budget: number;
  done: boolean;
  outputLen: number;
}

export function newLane(variant = ''): LaneState {
  return { variant, dis: null, verdict: null, runStart: 0, attemptStart: 0, attempt: 0, of: 0, budget: 0, done: true, outputLen: 0 };
}

export const lanes: Record<ReproLane, LaneState> = { main: newLane(), mitigated: newLane(), control: newLane() };
