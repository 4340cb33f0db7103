// Crash triage on the committed crash logs (test-fixtures/crash-logs): raw, as
// Kubernetes JSON lines, behind journald prefixes, as CRI lines, with CRLF,
// truncated, and concatenated with ordinary panics; exact verdicts and frames.
// The --module/--binary checks are real in test/integration/triage.test.ts;
// here the PC check uses the engine's findings for the same builds (pure).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkFromFindings, type PcChecker } from '../../server/src/core/triage/check';
import { splitCrashes } from '../../server/src/core/crash/split';
import { triageTexts } from '../../server/src/core/triage/triage';
import { NIL_MAP_PANIC } from '../support/crashTexts';
import type { Finding } from '../../server/src/core/types';
import { FIXTURES } from '../support/paths';

const LOGS = path.join(FIXTURES, 'crash-logs');
const read = (name: string): string => readFileSync(path.join(LOGS, name), 'utf8');

interface Want {
  fn: string;
  offset: number | null;
  line: number | null;
  signature: string;
  split?: [number, number];
}
const UNWIND = 'fatal error: traceback did not unwind completely';
const CALLER = 'fatal error: unknown caller pc';
/** Every committed log: what the runtime printed, and the split ADD of that toolchain's build. */
export const CASES: Record<string, Want> = {
  'go1.19.8-leaf-unknown-caller-pc-2.txt': { fn: 'main.bigStack', offset: 0x60, line: 9, signature: CALLER, split: [0x5c, 0x60] },
  'go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118.txt': { fn: 'main.bigStack', offset: null, line: null, signature: CALLER },
  'go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118-2.txt': { fn: 'main.bigStack', offset: null, line: null, signature: CALLER },
  'go1.21.13-leaf-traceback-did-not-unwind.txt': { fn: 'main.bigStack', offset: 0x68, line: 9, signature: UNWIND, split: [0x64, 0x68] },
  'go1.22.12-leaf-traceback-did-not-unwind.txt': { fn: 'main.bigStack', offset: 0x6c, line: 9, signature: UNWIND, split: [0x68, 0x6c] },
  'go1.23.5-leaf-traceback-did-not-unwind.txt': { fn: 'main.bigStack', offset: 0x6c, line: 9, signature: UNWIND, split: [0x68, 0x6c] },
  'go1.24.4-nonleaf-traceback-did-not-unwind.txt': { fn: 'main.bigStack', offset: 0x7c, line: 13, signature: UNWIND, split: [0x78, 0x7c] },
  'go1.25.12-leaf-traceback-did-not-unwind.txt': { fn: 'main.bigStack', offset: 0x68, line: 9, signature: UNWIND, split: [0x64, 0x68] },
  'go1.26.10-leaf-traceback-did-not-unwind-1.txt': { fn: 'main.bigStack', offset: 0x70, line: 9, signature: UNWIND, split: [0x6c, 0x70] },
  'go1.26.10-leaf-traceback-did-not-unwind-2.txt': { fn: 'main.bigStack', offset: 0x70, line: 9, signature: UNWIND, split: [0x6c, 0x70] },
  'go1.26.10-leaf-traceback-did-not-unwind-3.txt': { fn: 'main.bigStack', offset: 0x70, line: 9, signature: UNWIND, split: [0x6c, 0x70] },
  'go1.27.3-leaf-traceback-did-not-unwind.txt': { fn: 'main.bigStack', offset: 0x70, line: 9, signature: UNWIND, split: [0x6c, 0x70] },
};

export const NIL_MAP = [...NIL_MAP_PANIC, 'exit status 2', ''].join('\n');

const WRAPS: Record<string, (text: string) => string> = {
  raw: (t) => t,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  kubernetes: (t) =>
    t
      .split('\n')
      .map((l, i) =>
        JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: `2026-11-22T02:00:${String(i % 60).padStart(2, '0')}.123456789Z` }),
      )
      .join('\n'),
  'kubernetes split lines': (t) =>
    t
      .split('\n')
      .flatMap((l) =>
        l.length > 10
          ? [JSON.stringify({ log: l.slice(0, 10), stream: 'stderr' }), JSON.stringify({ log: `${l.slice(10)}\n`, stream: 'stderr' })]
          : [JSON.stringify({ log: `${l}\n`, stream: 'stderr' })],
      )
      .join('\n'),
  cri: (t) =>
    t
      .split('\n')
      .map((l) => `2026-11-22T02:00:00.123456789Z stderr F ${l}`)
      .join('\n'),
  journald: (t) =>
    t
      .split('\n')
      .map((l) => `Nov 22 02:00:00 host svc[4242]: ${l}`)
      .join('\n'),
  'rsyslog #011': (t) =>
    t
      .split('\n')
      .map((l) => `Nov 22 02:00:00 host svc[4242]: ${l.replace(/^\t/, '#011')}`)
      .join('\n'),
  'log-UI table rows': (t) =>
    t
      .split('\n')
      .map((l, i) => `| 2025-10-08 12:00:${String(i % 60).padStart(2, '0')}.123 | ${l} |`)
      .join('\n'),
  '> quoted': (t) =>
    t
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
  'indented 8': (t) =>
    t
      .split('\n')
      .map((l) => (l ? `        ${l}` : l))
      .join('\n'),
  'journalctl -o short, French month': (t) =>
    t
      .split('\n')
      .map((l) => `déc. 02 10:00:00 node-1 svc[77]: ${l}`)
      .join('\n'),
  'mixed: JSON, CRI and shipper lines in turn, each with a timestamp inside': (t) =>
    t
      .split('\n')
      .map((l, i) =>
        i % 3 === 0
          ? JSON.stringify({ log: `2026-11-22T02:00:00.1Z ${l}\n`, stream: 'stderr' })
          : i % 3 === 1
            ? `2026-11-22T02:00:00.123Z stderr F ${l}`
            : `2026-11-22 02:00:00,123 ERROR ${l}`,
      )
      .join('\n'),
  'shipper timestamp + level': (t) =>
    t
      .split('\n')
      .map((l) => `2026-11-22T02:00:00.123Z ERROR ${l}`)
      .join('\n'),
};

function fakeModule(want: Want): PcChecker {
  const f: Finding = {
    kind: 'split-sp-update',
    function: want.fn,
    packagePath: 'preemptguard.local/repro',
    file: '/src/main.go',
    line: want.line ?? 9,
    declLine: 6,
    frameSize: 65552,
    leaf: true,
    offset: want.split![0],
    offsets: want.split!,
    instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
    pseudo: 'ADD $65552, RSP',
    fixedByToolchain: false,
  };
  return {
    against: { kind: 'module', path: '/src' },
    rebuild: false,
    toolchain: 'go1.26.10',
    check: async (fn, off) => checkFromFindings(fn, off, [f], [], '/src/main.go'),
  };
}

describe('triage: committed crash logs in every wrapping', () => {
  for (const [file, want] of Object.entries(CASES)) {
    for (const [wrap, fn] of Object.entries(WRAPS)) {
      it(`${file} (${wrap})`, async () => {
        const r = await triageTexts([{ name: file, text: fn(read(file)) }]);
        assert.equal(r.crashes.length, 1);
        const c = r.crashes[0];
        assert.equal(c.verdict, 'consistent');
        assert.equal(c.signatures.includes(want.signature), true, c.signatures.join(' | '));
        assert.deepEqual(c.preempted && { fn: c.preempted.function, offset: c.preempted.offset, line: c.preempted.line }, {
          fn: want.fn,
          offset: want.offset,
          line: want.line,
        });
        assert.match(c.remedy ?? '', /GODEBUG=asyncpreemptoff=1/);
      });
    }
    if (want.split) {
      it(`${file}: confirmed against the build's split SP update, unrelated one instruction earlier`, async () => {
        const checker = fakeModule(want);
        const r = await triageTexts([{ name: file, text: read(file) }], checker);
        assert.equal(r.crashes[0].verdict, 'confirmed');
        assert.deepEqual(r.crashes[0].epilogue?.offsets, want.split);
        assert.match(r.crashes[0].remedy ?? '', /^Leaf function: .*change the code/);
        const early = fakeModule({ ...want, split: [want.split![0] - 4, want.split![1] - 4] });
        const u = await triageTexts([{ name: file, text: read(file) }], early);
        assert.equal(u.crashes[0].verdict, 'unrelated');
        assert.match(u.crashes[0].explanation, /is .*, not the second half of a split SP update/);
      });
    }
  }
});

describe('triage: truncated and mixed logs', () => {
  it('a log cut at any line never throws; once the signature and frame are in, the verdict holds', async () => {
    const text = read('go1.26.10-leaf-traceback-did-not-unwind-1.txt');
    const lines = text.split('\n');
    const frame = lines.findIndex((l) => / \+0x70 /.test(l));
    for (let n = 0; n <= lines.length; n += 3) {
      const r = await triageTexts([{ name: 'cut', text: lines.slice(0, n).join('\n') }]);
      if (n > frame) {
        assert.equal(r.crashes[0].verdict, 'consistent', `cut at ${n}`);
        assert.equal(r.crashes[0].preempted?.offset, 0x70, `cut at ${n}`);
      }
    }
    // Cut in the middle of a line (no newline at the end) too.
    const mid = text.slice(0, text.indexOf('+0x70') + 5);
    assert.equal((await triageTexts([{ name: 'mid', text: mid }])).crashes[0].preempted?.offset, 0x70);
  });

  it('crashes concatenated with ordinary panics and normal output: one verdict each, in order, and the summary', async () => {
    const crash = read('go1.26.10-leaf-traceback-did-not-unwind-1.txt');
    const normal = Array.from({ length: 12 }, (_, i) => `2026/11/22 02:00:${i} serving request ${i}`).join('\n');
    const text = [normal, NIL_MAP, normal, crash, NIL_MAP, crash, normal].join('\n');
    for (const [wrap, fn] of Object.entries(WRAPS)) {
      const r = await triageTexts([{ name: 'fleet.log', text: fn(text) }]);
      assert.deepEqual(
        r.crashes.map((c) => c.verdict),
        ['unrelated', 'consistent', 'unrelated', 'consistent'],
        wrap,
      );
      assert.deepEqual(
        r.crashes.map((c) => c.index),
        [1, 2, 3, 4],
      );
      assert.deepEqual(r.crashes[0].signatures, ['panic: assignment to entry in nil map']);
      assert.match(r.crashes[0].explanation, /^Not the split-epilogue crash: `panic: assignment to entry in nil map`/);
      assert.deepEqual(
        r.summary.map((s) => [s.verdict, s.function ?? s.signature, s.count]),
        [
          ['consistent', 'main.bigStack', 2],
          ['unrelated', 'panic: assignment to entry in nil map', 2],
        ],
        wrap,
      );
    }
  });

  it('the summary puts the most frequent epilogue first', async () => {
    const a = read('go1.26.10-leaf-traceback-did-not-unwind-1.txt');
    const b = read('go1.24.4-nonleaf-traceback-did-not-unwind.txt');
    const r = await triageTexts([{ name: 'day.log', text: [b, a, a, a, b, NIL_MAP].join('\n') }]);
    assert.deepEqual(
      r.summary.map((s) => [s.verdict, s.line, s.count]),
      [
        ['consistent', 9, 3],
        ['consistent', 13, 2],
        ['unrelated', null, 1],
      ],
    );
  });

  it("GOTRACEBACK=single (runtime frames hidden): the [preempted] goroutine's first frame is the preempted one", () => {
    const text = [
      'runtime: g1: frame.sp=0x4000100f10 top=0x4000110fd0',
      'fatal error: traceback did not unwind completely',
      '',
      'goroutine 1 gp=0x40000021c0 m=nil [preempted (scan)]:',
      'main.bigStack(0x0?)',
      '\t/src/main.go:9 +0x70 fp=0x1 sp=0x2 pc=0x3',
      'main.main()',
      '\t/src/main.go:20 +0x54 fp=0x1 sp=0x2 pc=0x3',
      '...additional frames elided...',
      '',
      'goroutine 5 [running]:',
      '\tgoroutine running on other thread; stack unavailable',
      'created by main.main in goroutine 1',
      '\t/src/main.go:14 +0x2c',
      '',
    ].join('\n');
    const [c] = splitCrashes(text);
    assert.equal(c.report.preemptedFunction, 'main.bigStack');
    assert.equal(c.report.preemptedOffset, 0x70);
    assert.deepEqual(
      c.report.preemptedStack.map((f) => f.function),
      ['main.bigStack', 'main.main'],
    );
  });

  it('a SIGSEGV at 0x118 in user code is not the unwinder signature', async () => {
    const text = [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x118 pc=0x9a2b4]',
      '',
      'goroutine 1 [running]:',
      'runtime.panicmem()',
      '\t/go/src/runtime/panic.go:262 +0x2c',
      'runtime.sigpanic()',
      '\t/go/src/runtime/signal_unix.go:917 +0x218',
      'main.(*T).f(0x0)',
      '\t/src/main.go:12 +0x14',
      '',
    ].join('\n');
    const r = await triageTexts([{ name: 'nil', text }]);
    assert.equal(r.crashes[0].verdict, 'unrelated');
  });
});
