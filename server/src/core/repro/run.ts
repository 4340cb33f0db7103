// One reproducer run: build the variant in a temp module, show its decoded
// epilogue, run fresh processes until one crashes or every attempt's budget
// ends, and turn the crash dump into a verdict. Used by the CLI and the server.
import { EventEmitter } from 'node:events';
import type { ReproDisassembly, ReproRunEvent, ReproVariant, ReproVerdict } from './types';
import { AnalysisError } from '../util/errors';
import { goVersionIn } from '../toolchain/toolchain';
import { buildEnv, buildReproModule, disassembleReproModule, writeReproModule, type Disassembly, type ReproModule } from './build';
import { chooseReproGo } from './chooseGo';
import { findingsChecker } from '../triage/check';
import { triageCrash } from '../triage/verdict';
import { MITIGATION_LANE } from '../vocabulary';
import { runProcess, type ProcessResult } from './processRun';
import { planRunner, type RunnerPlan } from './runner';

export type { ReproRunEvent } from './types';

export interface ReproOptions {
  variant: ReproVariant;
  /** A `go` binary or name; else the `go` on PATH, else the newest installed toolchain. */
  go?: string;
  /** Budget of each attempt, in seconds. */
  budgetSeconds: number;
  /** Fresh processes tried one after another (default 1). */
  attempts?: number;
  /** Processes run side by side within one attempt (default 1); the first crash ends the attempt. */
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
  /** GODEBUG for the program: `asyncpreemptoff=1` runs the mitigation lane (the same program, async preemption off). */
  godebug?: string;
  /** How to run; default: what this host can do (planRunner). */
  plan?: RunnerPlan;
  toolchainsDir?: string;
  signal?: AbortSignal;
}

function baseVerdict(o: ReproOptions): ReproVerdict {
  return {
    variant: o.variant,
    toolchain: '',
    runner: null,
    outcome: 'error',
    signature: null,
    preemptedFunction: null,
    preemptedOffset: null,
    matchedSplitInstruction: false,
    seconds: 0,
    attempts: 0,
    attemptSeconds: [],
    budgetSeconds: o.budgetSeconds,
    ...(o.godebug ? { godebug: o.godebug } : {}),
  };
}

function errorText(err: unknown): string {
  if (err instanceof AnalysisError) return err.details ? `${err.message}\n${err.details}` : err.message;
  return err instanceof Error ? err.message : String(err);
}

/** Runs the reproducer; never throws: failures come back as outcome 'error'. */
export async function runRepro(o: ReproOptions, emit: (e: ReproRunEvent) => void): Promise<ReproVerdict> {
  const v = baseVerdict(o);
  const env = o.env ?? process.env;
  let mod: ReproModule | undefined;
  try {
    const plan = o.plan ?? (await planRunner());
    v.runner = plan.runner;
    const go = await chooseReproGo(o.go, env, o.toolchainsDir);
    v.goPath = go.path;
    v.goWhy = go.why;
    const benv = buildEnv(env, plan.goos);
    emit({ kind: 'phase', phase: 'building', message: `Building the ${o.variant} variant for ${plan.goos}/arm64 with ${go.path}` });
    mod = await writeReproModule(o.variant);
    v.toolchain = await goVersionIn(go.path, mod.dir, benv, o.signal);
    emit({
      kind: 'toolchain',
      toolchain: v.toolchain,
      runner: plan.runner,
      variant: o.variant,
      runnerNote: plan.note,
      goPath: go.path,
      goWhy: go.why,
    });
    // One build: the binary and, from the same compile, the listing.
    const built = await buildReproModule(mod, go.path, benv, plan.goos, o.signal);
    emit({ kind: 'phase', phase: 'disassembling', message: `Decoding ${mod.symbol}'s epilogue` });
    const dis: Disassembly | undefined = built.disassembly;
    if (dis)
      emit({ kind: 'disassembly', findings: dis.findings, lines: dis.lines, symbol: dis.symbol, frameSize: dis.frameSize, leaf: dis.leaf });
    else
      emit({
        kind: 'phase',
        phase: 'disassembling',
        message: `Could not decode the epilogue (the crash cannot be matched to an instruction): ${built.disassemblyError}`,
      });
    if (!plan.runner) {
      v.message = plan.installHint ? `${plan.note}\n${plan.installHint}` : plan.note;
      return v;
    }
    await attempts(o, plan, mod, dis, v, emit);
  } catch (err) {
    if (o.signal?.aborted) {
      v.stopped = true;
      v.message = 'Stopped before the program ran to a verdict.';
    } else v.message = errorText(err);
    v.outcome = 'error';
  } finally {
    await mod?.cleanup().catch(() => undefined);
    emit({ kind: 'phase', phase: 'done', message: v.outcome });
  }
  return v;
}

async function attempts(
  o: ReproOptions,
  plan: RunnerPlan,
  mod: ReproModule,
  dis: Disassembly | undefined,
  v: ReproVerdict,
  emit: (e: ReproRunEvent) => void,
): Promise<void> {
  const total = Math.max(1, Math.floor(o.attempts ?? 1));
  const width = Math.max(1, Math.floor(o.concurrency ?? 1));
  emit({ kind: 'phase', phase: 'running', message: plan.note });
  for (let attempt = 1; attempt <= total; attempt++) {
    v.attempts = attempt;
    emit({ kind: 'attempt', attempt, of: total, budgetSeconds: o.budgetSeconds });
    const results = await runAttempt(o, plan, mod, attempt, width, emit);
    const seconds = Math.max(...results.map((r) => r.seconds));
    v.attemptSeconds!.push(seconds);
    v.seconds = Math.round((v.seconds + seconds) * 10) / 10;
    const exited = results.find((r) => r.end === 'exited' || r.end === 'spawn-failed');
    if (exited) {
      await decide(exited, mod, dis, v, plan);
      return;
    }
    if (results.some((r) => r.end === 'stopped') && o.signal?.aborted) {
      v.outcome = 'error';
      v.stopped = true;
      v.message = `Stopped after ${v.seconds} s without a crash.`;
      return;
    }
  }
  v.outcome = 'survived';
  v.message = survivedMessage(total, o.budgetSeconds, v.seconds, dis, o.godebug);
}

/** What surviving shows and what it does not, given what the disassembly says. */
function survivedMessage(attempts: number, budget: number, seconds: number, dis: Disassembly | undefined, godebug?: string): string {
  const head = `Survived ${attempts} attempt(s) of ${budget} s (${seconds} s in all): the window was not hit in that time.`;
  if (godebug && /(?:^|,)asyncpreemptoff=1(?:,|$)/.test(godebug)) return `${head} ${MITIGATION_LANE}`;
  if (!dis)
    return `${head} A run alone cannot show the epilogue is safe (the race is random); the disassembly decides, and it could not be decoded.`;
  const split = dis.findings.some((f) => f.kind === 'split-sp-update');
  return split
    ? `${head} That does not make it safe: the disassembly shows ${dis.symbol}'s SP update split in two, and hitting a one-instruction window is random (minutes to hours). Run longer or again.`
    : `${head} Consistent with the disassembly, which shows no split SP update in ${dis.symbol} (the frame is popped by one instruction, so there is no window); the run by itself proves nothing.`;
}

/** `width` fresh processes; the first that exits ends the attempt for all. */
async function runAttempt(
  o: ReproOptions,
  plan: RunnerPlan,
  mod: ReproModule,
  attempt: number,
  width: number,
  emit: (e: ReproRunEvent) => void,
): Promise<ProcessResult[]> {
  const ac = new AbortController();
  const onOuter = () => ac.abort();
  o.signal?.addEventListener('abort', onOuter, { once: true });
  if (o.signal?.aborted) ac.abort();
  try {
    return await Promise.all(
      Array.from({ length: width }, () =>
        runProcess({
          plan,
          binary: mod.binary,
          budgetMs: o.budgetSeconds * 1000,
          signal: ac.signal,
          godebug: o.godebug,
          onOutput: (text) => emit({ kind: 'output', text, attempt }),
        }).then((r) => {
          if (r.end === 'exited' || r.end === 'spawn-failed') ac.abort();
          return r;
        }),
      ),
    );
  } finally {
    o.signal?.removeEventListener('abort', onOuter);
  }
}

async function decide(r: ProcessResult, mod: ReproModule, dis: Disassembly | undefined, v: ReproVerdict, plan: RunnerPlan): Promise<void> {
  if (r.end === 'spawn-failed') {
    v.outcome = 'error';
    v.message = `Could not start ${plan.command ?? 'the program'}: ${r.spawnError ?? 'unknown error'}`;
    return;
  }
  const rep = r.report;
  if (!rep.signature) {
    v.outcome = 'error';
    v.message = `The program exited (${r.exitSignal ?? `code ${r.exitCode}`}) after ${r.seconds} s without a Go crash dump.\n${r.tail.split('\n').slice(-15).join('\n')}`;
    return;
  }
  v.outcome = 'crashed';
  v.signature = rep.signature.text;
  v.preemptedFunction = rep.preemptedFunction;
  v.preemptedOffset = rep.preemptedOffset;
  // The same verdict engine as crash triage, against this build's findings.
  const checker = findingsChecker(dis?.findings ?? [], { kind: 'module', path: mod.dir }, v.toolchain || undefined);
  const crash = { index: 1, line: 1, endLine: rep.lines, report: rep, gaps: [] };
  const verdict = await triageCrash({ source: 'reproducer', crash }, checker);
  v.matchedSplitInstruction = verdict.verdict === 'confirmed';
  v.explanation = verdict.explanation;
  if (!rep.preemptedFunction) {
    // The runtime can die before it prints the preempted goroutine (or print it as running on another thread).
    v.message = `Crashed with \`${rep.signature.text}\`, but the runtime did not print where the goroutine was preempted.\n${r.tail.split('\n').slice(-15).join('\n')}`;
  }
}

/** Builds nothing runnable: only the decoded epilogue of a variant (shown before a run). */
export async function disassembleVariant(o: {
  variant: ReproVariant;
  go?: string;
  env?: NodeJS.ProcessEnv;
  plan?: RunnerPlan;
  toolchainsDir?: string;
  signal?: AbortSignal;
}): Promise<ReproDisassembly> {
  const env = o.env ?? process.env;
  const plan = o.plan ?? (await planRunner());
  const go = await chooseReproGo(o.go, env, o.toolchainsDir);
  const benv = buildEnv(env, plan.goos);
  const mod = await writeReproModule(o.variant);
  try {
    const toolchain = await goVersionIn(go.path, mod.dir, benv, o.signal);
    const d = await disassembleReproModule(mod, go.path, benv, plan.goos, o.signal);
    return { variant: o.variant, toolchain, ...d };
  } finally {
    await mod.cleanup().catch(() => undefined);
  }
}

/** Event-emitter face of runRepro: `run.on('event', e => ...)`, `await run.verdict`, `run.stop()`. */
export class ReproRun extends EventEmitter {
  readonly verdict: Promise<ReproVerdict>;
  private readonly ac = new AbortController();

  constructor(opts: Omit<ReproOptions, 'signal'> & { signal?: AbortSignal }) {
    super();
    opts.signal?.addEventListener('abort', () => this.ac.abort(), { once: true });
    // Start on the next turn so listeners attached right after construction see every event.
    this.verdict = new Promise((resolve) =>
      setImmediate(() => {
        void runRepro({ ...opts, signal: this.ac.signal }, (e) => this.emit('event', e)).then((verdict) => {
          this.emit('event', { kind: 'verdict', verdict } satisfies ReproRunEvent);
          resolve(verdict);
        });
      }),
    );
  }

  stop(): void {
    this.ac.abort();
  }

  override on(event: 'event', listener: (e: ReproRunEvent) => void): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
}
