// The proof, end to end with real toolchains and real processes: the fast leaf
// variant built with go1.26 crashes (natively on arm64, under
// `qemu-aarch64 -singlestep` on x86_64) preempted exactly between the two
// halves of its split SP update, and `preempt-guard triage` confirms that very
// crash against a stripped build of the program and against its module; the
// non-leaf control survives; Stop kills.
// Time-to-crash is random, so the crash test retries with fresh processes
// (bounded: attempts x budget) and reports how many it took.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReproVerdict } from '../../server/src/core/repro/types';
import { ReproRun, runRepro, type ReproRunEvent } from '../../server/src/core/repro/run';
import { planRunner } from '../../server/src/core/repro/runner';
import type { TriageResult } from '../../server/src/core/triage/types';
import { buildFixtureBinary, fastModule } from '../support/goBinaries';
import { objdumpFunction } from '../support/objdump';
import { CLI, goBinary, testEnv } from '../support/paths';
import { pollUntil } from '../support/poll';
import { liveProcesses } from '../support/processes';

/** Set in before(): goBinary fails the suite loudly when go1.26 is missing. */
let GO126 = '';
// Worst case: ATTEMPTS x BUDGET for the crash (2 processes at once), CONTROL_BUDGET for the control.
const ATTEMPTS = Number(process.env.PG_REPRO_ATTEMPTS ?? 3);
const BUDGET = Number(process.env.PG_REPRO_BUDGET ?? 180);
const PARALLEL = Number(process.env.PG_REPRO_PARALLEL ?? 2);
const CONTROL_BUDGET = Number(process.env.PG_REPRO_CONTROL_BUDGET ?? 60);
const MITIGATION_BUDGET = Number(process.env.PG_REPRO_MITIGATION_BUDGET ?? 30);
const SIGNATURES = [
  'fatal error: traceback did not unwind completely',
  'fatal error: unknown caller pc',
  'SIGSEGV addr=0x118 in runtime.(*unwinder).next',
];

// This process's reproducer temp modules carry its pid (core/util/tempDir.ts): other
// test runs and editors on the machine are not ours to count.
const OWN_PREFIX = `preempt-guard-repro-${process.pid}-`;

/** Temp modules of this process's reproducer runs that exist right now. */
function reproDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((n) => n.startsWith(OWN_PREFIX));
}

/** Live processes running one of this process's reproducer binaries (qemu or native). */
const reproProcesses = (): number[] => liveProcesses((p) => p.cmdline.includes(OWN_PREFIX));

async function run(
  opts: Parameters<typeof runRepro>[0],
): Promise<{ verdict: ReproVerdict; events: ReproRunEvent[]; outputs: Map<number, string> }> {
  const events: ReproRunEvent[] = [];
  // What the processes printed, per attempt (the first to exit ends an attempt; the others are killed silently).
  const outputs = new Map<number, string>();
  const verdict = await runRepro(opts, (e) => {
    if (e.kind !== 'output') events.push(e);
    else outputs.set(e.attempt ?? 0, (outputs.get(e.attempt ?? 0) ?? '') + e.text);
  });
  return { verdict, events, outputs };
}

/** `preempt-guard triage LOG <args> --format json` on a crash output. */
function triage(log: string, args: string[]): { code: number | null; json: TriageResult; stderr: string } {
  const file = path.join(os.tmpdir(), `pg-repro-crash-${process.pid}.log`);
  writeFileSync(file, log);
  const r = spawnSync(process.execPath, [CLI, 'triage', file, ...args, '--format', 'json'], { env: testEnv(), encoding: 'utf8' });
  assert.ok(r.stdout.startsWith('{'), `triage printed no JSON (exit ${r.status}): ${r.stderr}`);
  return { code: r.status, json: JSON.parse(r.stdout) as TriageResult, stderr: r.stderr };
}

describe('reproducer (real go1.26, real processes)', function () {
  before(async function () {
    GO126 = goBinary('1.26');
    const plan = await planRunner();
    assert.ok(plan.runner, `this host cannot run the reproducer: ${plan.note} ${plan.installHint ?? ''}`);
  });

  it('fast leaf variant crashes, preempted at the second instruction of the split SP update', async function () {
    this.timeout((2 * ATTEMPTS * BUDGET + 240) * 1000);
    const dirsBefore = new Set(reproDirs());
    let { verdict, events, outputs } = await run({
      variant: 'fast',
      go: GO126,
      budgetSeconds: BUDGET,
      attempts: ATTEMPTS,
      concurrency: PARALLEL,
    });
    if (verdict.outcome === 'crashed' && verdict.preemptedFunction === null) {
      // A crash whose dump does not say where the goroutine stopped cannot show the instruction: run once more.
      console.log(`      crashed without the preempted frame; running again. ${verdict.message ?? ''}`);
      ({ verdict, events, outputs } = await run({
        variant: 'fast',
        go: GO126,
        budgetSeconds: BUDGET,
        attempts: ATTEMPTS,
        concurrency: PARALLEL,
      }));
    }
    console.log(
      `      fast/${verdict.toolchain}/${verdict.runner}: ${verdict.outcome} after ${verdict.attempts} attempt(s) ` +
        `of up to ${ATTEMPTS} x ${BUDGET} s, ${PARALLEL} process(es) each; seconds per attempt ${JSON.stringify(verdict.attemptSeconds)}`,
    );
    const dis = events.find((e): e is Extract<ReproRunEvent, { kind: 'disassembly' }> => e.kind === 'disassembly');
    assert.ok(dis, 'the engine decoded the epilogue');
    const split = dis.findings.filter((f) => f.kind === 'split-sp-update' && f.function === 'main.bigStack');
    assert.equal(split.length, 1, 'one split SP update in main.bigStack');
    const secondHalf = split[0].offsets[1];
    assert.equal(secondHalf, split[0].offsets[0] + 4);
    assert.deepEqual(split[0].instructions, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']);
    // Where Go's own disassembler puts them, in a build with symbols of the same program and toolchain:
    // the two SP writes of the return on line 9, then RET.
    const plain = await buildFixtureBinary({ minor: '1.26', module: fastModule(), shape: 'plain' });
    const rows = objdumpFunction(GO126, plain, 'main.bigStack');
    const at = (offset: number) => rows.find((r) => r.offset === offset);
    assert.deepEqual(
      [at(split[0].offsets[0]), at(secondHalf), at(secondHalf + 4)].map((r) => r && [r.line, r.text]),
      [
        [9, 'ADD $16, RSP, RSP'],
        [9, 'ADD $(16<<12), RSP, RSP'],
        [9, 'RET'],
      ],
      `go tool objdump of main.bigStack:\n${rows.map((r) => `${r.offset.toString(16)} ${r.line} ${r.text}`).join('\n')}`,
    );
    // The disassembly lines carry the split Prog with both native instructions.
    const line = dis.lines.find((l) => l.offset === split[0].offsets[0]);
    assert.ok(line?.split, 'the split Prog is flagged in the assembly lines');
    assert.deepEqual(line.native, split[0].instructions);

    assert.equal(verdict.outcome, 'crashed', verdict.message);
    assert.ok(SIGNATURES.includes(verdict.signature ?? ''), `known signature: ${verdict.signature}`);
    assert.equal(verdict.preemptedFunction, 'main.bigStack', verdict.message);
    assert.equal(verdict.preemptedOffset, secondHalf);
    assert.equal(verdict.matchedSplitInstruction, true);
    assert.ok(verdict.attempts >= 1 && verdict.attempts <= ATTEMPTS);
    assert.deepEqual(
      reproDirs().filter((d) => !dirsBefore.has(d)),
      [],
      'temp module removed',
    );
    assert.deepEqual(reproProcesses(), [], 'no reproducer process left');

    // Triage of this very crash: against a stripped build of the same program, and against its module.
    const log = outputs.get(verdict.attempts) ?? '';
    const bin = await buildFixtureBinary({ minor: '1.26', module: fastModule(), shape: 'stripped' });
    for (const against of [
      ['--binary', bin],
      ['--module', fastModule(), '--go', GO126],
    ]) {
      const { code, json, stderr } = triage(log, against);
      assert.equal(code, 1, stderr);
      assert.equal(json.crashes.length, 1, `one crash in the output of attempt ${verdict.attempts}`);
      const c = json.crashes[0];
      assert.equal(c.verdict, 'confirmed', `${against[0]}: ${c.explanation}`);
      assert.deepEqual(c.preempted && [c.preempted.function, c.preempted.offset], ['main.bigStack', secondHalf]);
      assert.deepEqual(c.epilogue && [c.epilogue.offsets, c.epilogue.line, c.epilogue.leaf], [split[0].offsets, 9, true]);
    }
  });

  it('non-leaf control built with go1.26 has an atomic epilogue and survives the budget', async function () {
    this.timeout((CONTROL_BUDGET + 120) * 1000);
    const { verdict, events } = await run({ variant: 'control', go: GO126, budgetSeconds: CONTROL_BUDGET });
    console.log(`      control/${verdict.toolchain}/${verdict.runner}: ${verdict.outcome} after ${verdict.seconds} s`);
    const dis = events.find((e): e is Extract<ReproRunEvent, { kind: 'disassembly' }> => e.kind === 'disassembly');
    assert.ok(dis, 'the engine decoded the epilogue');
    assert.deepEqual(
      dis.findings.filter((f) => f.kind === 'split-sp-update'),
      [],
    );
    assert.equal(dis.leaf, false);
    assert.equal(verdict.outcome, 'survived', verdict.message);
    assert.equal(verdict.attempts, 1);
    assert.equal(verdict.signature, null);
    assert.deepEqual(reproProcesses(), [], 'no reproducer process left');
  });

  it('mitigation lane: GODEBUG=asyncpreemptoff=1 reaches the running program (its /proc environ), which survives the budget', async function () {
    this.timeout((MITIGATION_BUDGET + 120) * 1000);
    const r = new ReproRun({ variant: 'fast', go: GO126, budgetSeconds: MITIGATION_BUDGET, godebug: 'asyncpreemptoff=1' });
    const events: ReproRunEvent[] = [];
    // The build (whose command line names the temp module too) is over once the attempt starts.
    const started = new Promise<void>((resolve) =>
      r.on('event', (e: ReproRunEvent) => {
        events.push(e);
        if (e.kind === 'attempt') resolve();
      }),
    );
    await started;
    // The program's own environment, read while it runs (under qemu-user the program is the qemu
    // process, whose environment is the guest's). Survival alone would prove nothing: unmitigated
    // crashes can take longer than the budget.
    let environ: string[] = [];
    await pollUntil(
      'the program is running',
      () => {
        const pids = reproProcesses();
        if (pids.length === 0) return false;
        environ = readFileSync(`/proc/${pids[0]}/environ`, 'latin1').split('\0');
        return true;
      },
      120_000,
      20,
    );
    assert.deepEqual(
      environ.filter((v) => v.startsWith('GODEBUG=')),
      ['GODEBUG=asyncpreemptoff=1'],
      `the program's environment: ${environ.join(' ')}`,
    );
    const verdict = await r.verdict;
    console.log(`      fast+asyncpreemptoff=1/${verdict.toolchain}/${verdict.runner}: ${verdict.outcome} after ${verdict.seconds} s`);
    const dis = events.find((e): e is Extract<ReproRunEvent, { kind: 'disassembly' }> => e.kind === 'disassembly');
    assert.equal(dis?.findings.filter((f) => f.kind === 'split-sp-update').length, 1, 'the same split epilogue');
    assert.equal(verdict.outcome, 'survived', verdict.message);
    assert.equal(verdict.godebug, 'asyncpreemptoff=1');
    assert.match(verdict.message ?? '', /GODEBUG=asyncpreemptoff=1/);
    assert.deepEqual(reproProcesses(), [], 'no reproducer process left');
  });

  it('Stop kills the running program at once and removes the temp module', async function () {
    this.timeout(120_000);
    const dirsBefore = new Set(reproDirs());
    const r = new ReproRun({ variant: 'control', go: GO126, budgetSeconds: 600 });
    const started = new Promise<void>((resolve) =>
      r.on('event', (e) => {
        if (e.kind === 'attempt') resolve();
      }),
    );
    await started;
    // The process is spawned right after the attempt event; wait until /proc shows it.
    await pollUntil('the program is running', () => reproProcesses().length > 0, 30_000, 20);
    r.stop();
    const verdict = await r.verdict;
    assert.equal(verdict.outcome, 'error');
    assert.equal(verdict.stopped, true);
    assert.deepEqual(reproProcesses(), [], 'the program is gone');
    assert.deepEqual(
      reproDirs().filter((d) => !dirsBefore.has(d)),
      [],
      'temp module removed',
    );
  });
});
