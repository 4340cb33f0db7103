// Runs one reproducer process until it crashes, its time budget ends, or it is
// stopped, streaming its output and parsing it as a crash dump on the way.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { killProcessTree } from '../processTree';
import { CrashLogParser, type CrashReport } from '../crash/parser';
import type { RunnerPlan } from './runner';

export type ProcessEnd = 'exited' | 'budget' | 'stopped' | 'spawn-failed';

export interface ProcessResult {
  end: ProcessEnd;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  seconds: number;
  report: CrashReport;
  /** The last lines of output, for error messages. */
  tail: string;
  spawnError?: string;
}

export interface ProcessRunOptions {
  plan: RunnerPlan;
  binary: string;
  budgetMs: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
  /** GODEBUG for the program (the mitigation lane: `asyncpreemptoff=1`); none by default. */
  godebug?: string;
}

const TAIL_CHARS = 4000;

/**
 * A clean environment: the user's GODEBUG (asyncpreemptoff=1!), GOGC or GOMAXPROCS must not change the odds.
 * `godebug` is set only when asked for (the mitigation lane).
 */
export function programEnv(base: NodeJS.ProcessEnv, godebug?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GOTRACEBACK: 'system' };
  if (base.PATH) env.PATH = base.PATH;
  if (godebug) env.GODEBUG = godebug;
  return env;
}

export function runProcess(o: ProcessRunOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const parser = new CrashLogParser();
    let tail = '';
    const started = performance.now();
    const seconds = () => Math.round((performance.now() - started) / 100) / 10;
    if (o.signal?.aborted) {
      resolve({ end: 'stopped', exitCode: null, exitSignal: null, seconds: 0, report: parser.end(), tail });
      return;
    }
    const command = o.plan.command ?? o.binary;
    const args = o.plan.command ? [...o.plan.args, o.binary] : [];
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: programEnv(process.env, o.godebug),
      // Own process group, so a stop takes every thread and child with it.
      detached: process.platform !== 'win32',
    });
    let end: ProcessEnd = 'exited';
    let spawnError: string | undefined;
    const kill = (why: ProcessEnd) => {
      if (end === 'exited') end = why;
      if (child.pid && child.exitCode === null && child.signalCode === null) killProcessTree(child.pid);
    };
    const timer = setTimeout(() => kill('budget'), o.budgetMs);
    const onAbort = () => kill('stopped');
    o.signal?.addEventListener('abort', onAbort, { once: true });

    const take = (decoder: StringDecoder) => (buf: Buffer) => {
      const text = decoder.write(buf);
      if (!text) return;
      parser.push(text);
      tail = (tail + text).slice(-TAIL_CHARS);
      o.onOutput?.(text);
    };
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    child.stdout.on('data', take(outDecoder));
    child.stderr.on('data', take(errDecoder));
    child.on('error', (err) => { end = 'spawn-failed'; spawnError = err.message; });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      for (const rest of [outDecoder.end(), errDecoder.end()]) {
        if (rest) { parser.push(rest); o.onOutput?.(rest); }
      }
      resolve({ end, exitCode: code, exitSignal: sig, seconds: seconds(), report: parser.end(), tail, spawnError });
    });
  });
}
