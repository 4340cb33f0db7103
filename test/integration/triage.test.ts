// `preempt-guard triage` end to end with real toolchains: the committed
// reproducer crash logs against binaries built here from the same program with
// the same toolchain (stripped) are `confirmed` with function, file and line;
// the same through --module; an ordinary nil-map panic from a real program run
// under qemu is `unrelated`; a log with the signature against a build where
// that PC is no split epilogue is `unrelated` with what is there instead.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROGRAMS } from '../../server/src/core/repro/programs';
import { planRunner } from '../../server/src/core/repro/runner';
import { createBinaryChecker } from '../../server/src/core/triage/binaryChecker';
import type { TriageResult } from '../../server/src/core/triage/types';
import { buildFixtureBinary, fastModule, programModule } from '../support/goBinaries';
import { CLI, FIXTURES, goBinary, testEnv } from '../support/paths';

const LOGS = path.join(FIXTURES, 'crash-logs');
const WORK = path.join(os.tmpdir(), 'preempt-guard-triage-test');

function triage(args: string[], input?: string): { code: number | null; json: TriageResult; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'triage', ...args, '--format', 'json'], {
    env: testEnv(),
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  let json: TriageResult = { crashes: [], summary: [], dropped: 0 };
  try {
    json = JSON.parse(r.stdout) as TriageResult;
  } catch {
    assert.fail(`no JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status, json, stderr: r.stderr };
}

const NIL_MAP = `package main

import "fmt"

func main() {
	fmt.Println("serving")
	var m map[string]int
	m["a"] = 1
}
`;

/** Each log, the toolchain that built the crashed program, the variant, the preempted offset. */
const CONFIRM: [string, string, 'fast' | 'control', number, 'leaf' | 'non-leaf'][] = [
  ['go1.19.8-leaf-unknown-caller-pc-2.txt', '1.19', 'fast', 0x60, 'leaf'],
  ['go1.21.13-leaf-traceback-did-not-unwind.txt', '1.21', 'fast', 0x68, 'leaf'],
  ['go1.22.12-leaf-traceback-did-not-unwind.txt', '1.22', 'fast', 0x6c, 'leaf'],
  ['go1.23.5-leaf-traceback-did-not-unwind.txt', '1.23', 'fast', 0x6c, 'leaf'],
  ['go1.24.4-nonleaf-traceback-did-not-unwind.txt', '1.24', 'control', 0x7c, 'non-leaf'],
  ['go1.25.12-leaf-traceback-did-not-unwind.txt', '1.25', 'fast', 0x68, 'leaf'],
  ['go1.26.10-leaf-traceback-did-not-unwind-1.txt', '1.26', 'fast', 0x70, 'leaf'],
  ['go1.26.10-leaf-traceback-did-not-unwind-3.txt', '1.26', 'fast', 0x70, 'leaf'],
  ['go1.27.3-leaf-traceback-did-not-unwind.txt', '1.27', 'fast', 0x70, 'leaf'],
];

describe('preempt-guard triage (real toolchains, real binaries)', function () {
  this.timeout(300_000);
  const fast = fastModule;
  const control = () => programModule('control', PROGRAMS.control.source);

  for (const [log, minor, variant, offset, kind] of CONFIRM) {
    it(`${log} + the ${variant} program built stripped with go${minor}: confirmed at main.bigStack+0x${offset.toString(16)}`, async () => {
      const bin = await buildFixtureBinary({ minor, module: variant === 'fast' ? fast() : control(), shape: 'stripped' });
      const { code, json } = triage([path.join(LOGS, log), '--binary', bin]);
      assert.equal(code, 1);
      assert.equal(json.crashes.length, 1);
      const c = json.crashes[0];
      assert.equal(c.verdict, 'confirmed', c.explanation);
      assert.deepEqual(c.preempted && [c.preempted.function, c.preempted.offset], ['main.bigStack', offset]);
      assert.equal(c.epilogue?.function, 'main.bigStack');
      assert.equal(c.epilogue?.offsets[1], offset, "the log's offset is the second instruction of this build's split ADD");
      assert.deepEqual(c.epilogue?.instructions, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']);
      assert.equal(path.basename(c.epilogue?.file ?? ''), 'main.go');
      assert.equal(c.epilogue?.line, variant === 'fast' ? 9 : 13);
      assert.equal(c.epilogue?.leaf, kind === 'leaf');
      assert.match(c.remedy ?? '', kind === 'leaf' ? /^Leaf function: .*change the code/ : /^Non-leaf function: rebuild with go1\.24\.6\+/);
      assert.match(c.remedy ?? '', /GODEBUG=asyncpreemptoff=1/);
      assert.deepEqual(
        json.summary.map((s) => [s.verdict, s.function, s.line, s.count]),
        [['confirmed', 'main.bigStack', c.epilogue?.line, 1]],
      );
    });
  }

  it("--module with the same toolchain: confirmed, with the module's file and line", () => {
    const { code, json } = triage([
      path.join(LOGS, 'go1.26.10-leaf-traceback-did-not-unwind-1.txt'),
      '--module',
      fast(),
      '--go',
      goBinary('1.26'),
    ]);
    assert.equal(code, 1);
    const c = json.crashes[0];
    assert.equal(c.verdict, 'confirmed', c.explanation);
    assert.equal(c.epilogue?.file, path.join(fast(), 'main.go'));
    assert.equal(c.epilogue?.line, 9);
    assert.deepEqual(c.epilogue?.offsets, [0x6c, 0x70]);
  });

  it('the signature, but a build where that PC is no split epilogue: unrelated, saying what is there', async () => {
    // The go1.24 non-leaf crash (+0x7c) against the same program built with go1.26 (atomic epilogue).
    const bin = await buildFixtureBinary({ minor: '1.26', module: control(), shape: 'stripped' });
    const { code, json } = triage([path.join(LOGS, 'go1.24.4-nonleaf-traceback-did-not-unwind.txt'), '--binary', bin]);
    assert.equal(code, 0);
    const c = json.crashes[0];
    assert.equal(c.verdict, 'unrelated');
    assert.equal(c.epilogue, null);
    assert.match(c.explanation, /main\.bigStack\+0x7c is `[^`]+` on .*main\.go:13 .*not the second half of a split SP update/);
  });

  it('an ordinary panic (assignment to entry in nil map) from a real program under qemu: unrelated, exit 0', async () => {
    const plan = await planRunner();
    assert.ok(plan.runner, `this host cannot run arm64 programs: ${plan.note}`);
    const bin = await buildFixtureBinary({ minor: '1.26', module: programModule('nilmap', NIL_MAP), shape: 'stripped' });
    const stderr = await new Promise<string>((resolve) => {
      const [cmd, args] = plan.command ? [plan.command, [bin]] : [bin, []];
      execFile(cmd, args, { timeout: 60_000 }, (_err, stdout, err) => resolve(`${stdout}${err}`));
    });
    assert.match(stderr, /panic: assignment to entry in nil map/);
    const { code, json } = triage(['-', '--binary', bin], stderr);
    assert.equal(code, 0);
    assert.equal(json.crashes.length, 1);
    assert.equal(json.crashes[0].verdict, 'unrelated');
    assert.deepEqual(json.crashes[0].signatures, ['panic: assignment to entry in nil map']);
  });

  it('--binary cut or damaged at many points: each answer is one line in our words, never a JavaScript engine message', async () => {
    const bin = await buildFixtureBinary({ minor: '1.26', module: fast(), shape: 'stripped' });
    const bytes = readFileSync(bin);
    const cut = path.join(WORK, 'cut-binary');
    mkdirSync(WORK, { recursive: true });
    const engine = /The value of|out of range|Cannot read prop|is not a function|undefined|TypeError|RangeError|ERR_[A-Z_]+/;
    for (let k = 1; k <= 40; k++) {
      const damaged = Buffer.from(bytes.subarray(0, Math.floor((bytes.length * k) / 41)));
      if (k % 2 === 0) for (let i = 64; i < damaged.length; i += 4099) damaged[i] ^= 0xff;
      writeFileSync(cut, damaged);
      const c = await createBinaryChecker(cut);
      const words = 'error' in c ? c.error : JSON.stringify(await c.check('main.bigStack', 0x70));
      assert.doesNotMatch(words, engine, `cut at ${damaged.length}`);
      assert.equal(words.split('\n').length, 1);
    }
  });

  it('bad input: a missing log and a non-Go binary give one line each and exit 2', () => {
    const missing = spawnSync(process.execPath, [CLI, 'triage', path.join(WORK, 'nope.log')], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^preempt-guard triage: cannot read .*nope\.log: .* does not exist\n$/);
    const notGo = spawnSync(
      process.execPath,
      [CLI, 'triage', path.join(LOGS, 'go1.27.3-leaf-traceback-did-not-unwind.txt'), '--binary', path.join(LOGS, 'README.md')],
      { encoding: 'utf8' },
    );
    assert.equal(notGo.status, 2);
    assert.equal(notGo.stderr.trim().split('\n').length, 1, notGo.stderr);
    assert.ok(readFileSync(path.join(LOGS, 'README.md')).length > 0);
  });
});
