// Runs a tool (go, a reproducer program, qemu): argument arrays only, never a
// shell; its own process group, so aborting (signal) or a time limit kills
// the whole tree it started; stdout and stderr streamed to the caller as they
// come, with a tail of the output kept for error messages. Never rejects:
// how it ended is in the result. Plain child_process rather than execa: the
// per-spawn overhead is measurable on a save-to-diagnostics path of 50 ms.
import { spawn } from 'node:child_process';
import { killProcessTree } from './processTree';

export type ToolEnd = 'exited' | 'aborted' | 'timeout' | 'spawn-failed';

export interface ToolOptions {
  cwd?: string;
  /** The complete environment (nothing is added from process.env). */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Kill the tree after this long (end: 'timeout'). */
  timeoutMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Keep all of stdout in the result (small outputs: `go env`, `go list -m`). */
  collectStdout?: boolean;
}

export interface ToolResult {
  end: ToolEnd;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** All of stdout when collectStdout, else ''. */
  stdout: string;
  /** The last TAIL_BYTES of stdout and stderr together, as text. */
  tail: string;
  seconds: number;
  spawnError?: string;
}

const TAIL_BYTES = 4096;

export function runTool(command: string, args: string[], o: ToolOptions): Promise<ToolResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const seconds = () => Math.round((performance.now() - started) / 100) / 10;
    if (o.signal?.aborted) {
      resolve({ end: 'aborted', exitCode: null, exitSignal: null, stdout: '', tail: '', seconds: 0 });
      return;
    }
    const wantStdout = !!(o.onStdout || o.collectStdout);
    const child = spawn(command, args, {
      cwd: o.cwd,
      env: o.env,
      stdio: ['ignore', wantStdout ? 'pipe' : 'ignore', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let end: ToolEnd = 'exited';
    let spawnError: string | undefined;
    const kill = (why: ToolEnd) => {
      if (end === 'exited') end = why;
      if (child.pid && child.exitCode === null && child.signalCode === null) killProcessTree(child.pid);
    };
    const onAbort = () => kill('aborted');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = o.timeoutMs !== undefined ? setTimeout(() => kill('timeout'), o.timeoutMs) : undefined;
    const out: Buffer[] = [];
    let tail = Buffer.alloc(0);
    const keepTail = (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - TAIL_BYTES))]).subarray(-TAIL_BYTES);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (o.collectStdout) out.push(chunk);
      keepTail(chunk);
      o.onStdout?.(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      keepTail(chunk);
      o.onStderr?.(chunk);
    });
    child.on('error', (err) => {
      end = 'spawn-failed';
      spawnError = err.message;
    });
    child.on('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({
        end,
        exitCode: code,
        exitSignal: sig,
        stdout: Buffer.concat(out).toString('utf8'),
        tail: tail.toString('utf8'),
        seconds: seconds(),
        spawnError,
      });
    });
  });
}
