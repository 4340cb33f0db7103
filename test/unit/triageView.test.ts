// The editor's triage view data (core/triage/view.ts, window.ts) without Go:
// a committed crash log gives its verdict plus the preempted goroutine's
// frames; the listing window marks the split SP update's two halves. The
// binary window against real builds is in test/integration/triageView.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkTargetText } from '../../server/src/core/vocabulary';
import { readCrashTexts, triageInputs, triageTexts, type ReadInput, type TriageView } from '../../server/src/core/triage/triage';
import { listingWindow } from '../../server/src/core/triage/window';
import type { AssemblyLine } from '../../server/src/core/types';
import type { PcChecker } from '../../server/src/core/triage/check';
import { FIXTURES } from '../support/paths';

/** The editor's view of one text (the language server's path). */
const readCrashText = async (text: string, name: string): Promise<ReadInput> => (await readCrashTexts([{ name, text }]))[0];
const triageForView = (input: ReadInput, checker?: PcChecker): Promise<TriageView> => triageInputs([input], checker, { detail: true });

const LOG = readFileSync(path.join(FIXTURES, 'crash-logs', 'go1.26.10-leaf-traceback-did-not-unwind-1.txt'), 'utf8');

describe('triage view data', function () {
  it("a crash log alone: consistent, with the preempted goroutine's frames and no window", async function () {
    const v = await triageForView(await readCrashText(LOG, 'clipboard'));
    assert.equal(v.crashes.length, 1);
    assert.equal(v.checkedAgainst, null);
    const c = v.crashes[0];
    assert.equal(c.source, 'clipboard');
    assert.equal(c.verdict, 'consistent');
    assert.deepEqual(c.stack, [
      { function: 'main.bigStack', file: '/home/user/repro/main.go', line: 9, offset: 0x70, frameBytes: 0x10010 },
    ]);
    assert.deepEqual(c.window, []);
    assert.match(c.remedy ?? '', /GODEBUG=asyncpreemptoff=1/);
    // Editor-neutral words: what to give, no CLI flag.
    assert.match(c.explanation, /Give the binary that crashed \(stripped is fine\) or its module source to confirm\.$/);
    assert.doesNotMatch(c.explanation, /--binary|--module/);
  });

  it('says what it was checked against without CLI flags; the CLI words name them', async function () {
    const against = { kind: 'binary', path: '/srv/app' } as const;
    const checker = { against, rebuild: true, check: async () => ({ kind: 'no-function' as const, message: 'no such function' }) };
    const v = await triageForView(await readCrashText(LOG, 'clipboard'), checker);
    assert.deepEqual(v.checkedAgainst, against);
    assert.equal(checkTargetText(against), 'the binary /srv/app');
    assert.equal(checkTargetText({ kind: 'scan', path: 'scan.json' }), 'the scan result scan.json');
    assert.equal(checkTargetText(against, 'cli'), '--binary /srv/app');
    assert.match(v.crashes[0].explanation, /It could not be checked against the binary \/srv\/app: no such function\.$/);
    const cli = await triageTexts([{ name: 'log', text: LOG }], checker, 'cli');
    assert.match(cli.crashes[0].explanation, /It could not be checked against --binary \/srv\/app: no such function\.$/);
    const bare = await triageTexts([{ name: 'log', text: LOG }], undefined, 'cli');
    assert.match(bare.crashes[0].explanation, /run triage again with `--binary`/);
  });

  it('text without a crash: no crashes, the lines read', async function () {
    const v = await triageForView(await readCrashText('starting\nlistening on :8080\n', 'x'));
    assert.deepEqual(v.crashes, []);
    assert.equal(v.lines, 2);
  });

  it('the listing window: five instructions before the preempted one, two after, both halves marked', function () {
    const lines: AssemblyLine[] = [
      { offset: 0x50, sourceLine: 8, pseudo: 'MOVD R0, R1', native: ['mov x1, x0'], split: false },
      { offset: 0x54, sourceLine: 9, pseudo: 'MOVBU (R1), R0', native: ['ldrb w0, [x1]'], split: false },
      { offset: 0x58, sourceLine: 9, pseudo: 'PCDATA $0, $-1', native: [], split: false },
      { offset: 0x58, sourceLine: 9, pseudo: 'LDP -8(RSP), (R29, R30)', native: ['ldp x29, x30, [sp, #-8]'], split: false },
      { offset: 0x5c, sourceLine: 9, pseudo: 'ADD $65552, RSP', native: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'], split: true },
      { offset: 0x64, sourceLine: 9, pseudo: 'RET (R30)', native: ['ret'], split: false },
      { offset: 0x68, sourceLine: 0, pseudo: 'NOP', native: ['nop'], split: false },
      { offset: 0x6c, sourceLine: 0, pseudo: 'NOP', native: ['nop'], split: false },
    ];
    assert.deepEqual(
      listingWindow(lines, 0x60).map((w) => [w.offset, w.instruction, w.line, w.role]),
      [
        [0x50, 'mov x1, x0', 8, null],
        [0x54, 'ldrb w0, [x1]', 9, null],
        [0x58, 'ldp x29, x30, [sp, #-8]', 9, null],
        [0x5c, 'add sp, sp, #0x10', 9, 'first-half'],
        [0x60, 'add sp, sp, #0x10, lsl #12', 9, 'preempted'],
        [0x64, 'ret', 9, null],
        [0x68, 'nop', 0, null],
      ],
    );
  });
});
