// The editor's triage view data against real builds: the committed go1.26.10
// crash log with the stripped binary of the same program decodes the epilogue
// window from the binary's machine code; with the module, from the listing
// build. Both mark 0x6c as the first half and 0x70 as the preempted one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBinaryChecker } from '../../server/src/core/triage/binaryChecker';
import { createModuleChecker } from '../../server/src/core/triage/moduleChecker';
import { preemptedFunctions, readCrashTexts, triageInputs, type ReadInput, type TriageView } from '../../server/src/core/triage/triage';
import { buildFixtureBinary, fastModule } from '../support/goBinaries';
import type { PcChecker } from '../../server/src/core/triage/check';
import { FIXTURES, goBinary, testEnv } from '../support/paths';

/** The editor's view of one text (the language server's path). */
const readCrashText = async (text: string, name: string): Promise<ReadInput> => (await readCrashTexts([{ name, text }]))[0];
const triageForView = (input: ReadInput, checker?: PcChecker): Promise<TriageView> => triageInputs([input], checker, { detail: true });

const LOG = readFileSync(path.join(FIXTURES, 'crash-logs', 'go1.26.10-leaf-traceback-did-not-unwind-1.txt'), 'utf8');

const PAIR = [
  [0x6c, 'add sp, sp, #0x10', 9, 'first-half'],
  [0x70, 'add sp, sp, #0x10, lsl #12', 9, 'preempted'],
];

describe('triage view data (real go1.26 builds)', function () {
  this.timeout(300_000);

  it('with the stripped -trimpath binary: confirmed, the window decoded from its machine code', async function () {
    const bin = await buildFixtureBinary({ minor: '1.26', module: fastModule(), shape: 'trimpath' });
    const checker = await createBinaryChecker(bin);
    assert.ok(!('error' in checker), JSON.stringify(checker));
    const v = await triageForView(await readCrashText(LOG, 'log'), checker);
    const c = v.crashes[0];
    assert.equal(c.verdict, 'confirmed', c.explanation);
    assert.equal(c.epilogue?.file, 'preemptguard.local/repro/main.go');
    assert.deepEqual(v.checkedAgainst, { kind: 'binary', path: bin });
    const w = c.window.map((x) => [x.offset, x.instruction, x.line, x.role]);
    assert.equal(w.length, 8, JSON.stringify(w));
    assert.deepEqual(
      w.filter((x) => x[3] !== null),
      PAIR,
    );
    // The return follows; after it the prologue's stack-growth tail (`str x0, [sp, #8]`, then the morestack call).
    assert.deepEqual(
      w.slice(6).map((x) => x[1]),
      ['ret', 'str x0, [sp, #8]'],
    );
  });

  it('with the module: the same window from the listing build', async function () {
    const dir = fastModule();
    const input = await readCrashText(LOG, 'log');
    const checker = await createModuleChecker({ dir, go: goBinary('1.26'), functions: preemptedFunctions([input]), env: testEnv() });
    const c = (await triageForView(input, checker)).crashes[0];
    assert.equal(c.verdict, 'confirmed', c.explanation);
    assert.deepEqual(
      c.window.filter((x) => x.role !== null).map((x) => [x.offset, x.instruction, x.line, x.role]),
      PAIR,
    );
    assert.ok(
      c.window.some((x) => x.instruction === 'ret'),
      JSON.stringify(c.window),
    );
  });
});
