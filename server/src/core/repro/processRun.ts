// Runs one reproducer process until it crashes, its time budget ends, or it is
// stopped, streaming its output and parsing it as a crash dump on the way.
import { StringDecoder } from 'node:string_decoder';
import { runTool, type ToolEnd } from '../util/process';
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

const ENDS: Record<ToolEnd, ProcessEnd> = { exited: 'exited', aborted: 'stopped', timeout: 'budget', 'spawn-failed': 'spawn-failed' };

export async function runProcess(o: ProcessRunOptions): Promise<ProcessResult> {
  const parser = new CrashLogParser();
  let tail = '';
  const take = (decoder: StringDecoder) => (buf: Buffer) => {
    const text = decoder.write(buf);
    if (!text) return;
    parser.push(text);
    tail = (tail + text).slice(-TAIL_CHARS);
    o.onOutput?.(text);
  };
  const outDecoder = new StringDecoder('utf8');
  const errDecoder = new StringDecoder('utf8');
  const command = o.plan.command ?? o.binary;
  const args = o.plan.command ? [...o.plan.args, o.binary] : [];
  const r = await runTool(command, args, {
    env: programEnv(process.env, o.godebug),
    signal: o.signal,
    timeoutMs: o.budgetMs,
    onStdout: take(outDecoder),
    onStderr: take(errDecoder),
  });
  for (const rest of [outDecoder.end(), errDecoder.end()]) {
    if (rest) {
      parser.push(rest);
      o.onOutput?.(rest);
    }
  }
  return {
    end: ENDS[r.end],
    exitCode: r.exitCode,
    exitSignal: r.exitSignal,
    seconds: r.seconds,
    report: parser.end(),
    tail,
    spawnError: r.spawnError,
  };
}
