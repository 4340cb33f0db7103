// The crash-dump parser on real outputs of the reproducer (test-fixtures/crash-logs:
// the team's captures and ours, go1.19/go1.24/go1.26 under qemu-aarch64 -singlestep).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { CrashLogParser, parseCrashLog, type CrashReport, type CrashSignatureId } from '../../server/src/core/crash/parser';
import { checkFromFindings } from '../../server/src/core/triage/check';
import type { Finding } from '../../server/src/core/types';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures/crash-logs');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

interface Expected {
  signature: string;
  signatureIds: CrashSignatureId[];
  unwound: number;
  goroutine: number;
  fn: string;
  offset: number | null;
  file: string | null;
  line: number | null;
  source: 'traceback' | 'unexpected-return-pc';
}

const TRACEBACK = 'fatal error: traceback did not unwind completely';
const CASES: Record<string, Expected> = {
  'go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118.txt': {
    signature: 'fatal error: unknown caller pc',
    signatureIds: ['unexpected-return-pc', 'unknown-caller-pc', 'other-fatal', 'sigsegv-unwinder'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    // The runtime died (SIGSEGV at 0x118 in gentraceback) while printing goroutine 1: no frame after asyncPreempt.
    offset: null,
    file: null,
    line: null,
    source: 'unexpected-return-pc',
  },
  // Ours, the same shape: bench:repro --save, 74 s.
  'go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118-2.txt': {
    signature: 'fatal error: unknown caller pc',
    signatureIds: ['unexpected-return-pc', 'unknown-caller-pc', 'other-fatal', 'sigsegv-unwinder'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    offset: null,
    file: null,
    line: null,
    source: 'unexpected-return-pc',
  },
  // Ours: this time the runtime printed the whole frame (after a hex dump of the stack) before dying.
  'go1.19.8-leaf-unknown-caller-pc-2.txt': {
    signature: 'fatal error: unknown caller pc',
    signatureIds: ['unexpected-return-pc', 'unknown-caller-pc'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    offset: 0x60,
    file: '/tmp/pgrepro/fast19/main.go',
    line: 9,
    source: 'traceback',
  },
  'go1.24.4-nonleaf-traceback-did-not-unwind.txt': {
    signature: TRACEBACK,
    signatureIds: ['traceback-did-not-unwind'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    offset: 0x7c,
    file: '/home/user/repro-nonleaf/main.go',
    line: 13,
    source: 'traceback',
  },
  'go1.26.10-leaf-traceback-did-not-unwind-1.txt': {
    signature: TRACEBACK,
    signatureIds: ['traceback-did-not-unwind'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    offset: 0x70,
    file: '/home/user/repro/main.go',
    line: 9,
    source: 'traceback',
  },
  'go1.26.10-leaf-traceback-did-not-unwind-2.txt': {
    signature: TRACEBACK,
    signatureIds: ['traceback-did-not-unwind'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    offset: 0x70,
    file: '/home/user/repro/main.go',
    line: 9,
    source: 'traceback',
  },
  'go1.26.10-leaf-traceback-did-not-unwind-3.txt': {
    signature: TRACEBACK,
    signatureIds: ['traceback-did-not-unwind'],
    unwound: 1,
    goroutine: 1,
    fn: 'main.bigStack',
    offset: 0x70,
    file: '/tmp/pgrepro/fast26/main.go',
    line: 9,
    source: 'traceback',
  },
};

function summary(r: CrashReport) {
  return {
    signature: r.signature?.text,
    signatureIds: r.signatures.map((s) => s.id),
    unwound: r.unwoundGoroutine,
    goroutine: r.preemptedGoroutine,
    fn: r.preemptedFunction,
    offset: r.preemptedOffset,
    file: r.preemptedFile,
    line: r.preemptedLine,
    source: r.preemptedSource,
  };
}

/** What the engine reports for the fast variant built with go1.26.10 (split ADD $65552, RSP at 0x6c). */
function finding(kind: Finding['kind'], offsets: [number, number], instructions: [string, string]): Finding {
  return {
    kind,
    function: 'main.bigStack',
    packagePath: 'preemptguard.local/repro',
    file: '/tmp/x/main.go',
    line: 9,
    declLine: 6,
    frameSize: 65552,
    leaf: true,
    offset: offsets[0],
    instructions,
    offsets,
    pseudo: 'ADD $65552, RSP',
    fixedByToolchain: false,
  };
}
const GO126_FAST: Finding[] = [
  finding('split-fp-restore', [0x64, 0x68], ['add x29, sp, #8', 'add x29, x29, #0x10, lsl #12']),
  finding('split-sp-update', [0x6c, 0x70], ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']),
];

describe('crash log parser', () => {
  for (const [file, want] of Object.entries(CASES)) {
    it(`parses ${file}`, () => {
      assert.deepEqual(summary(parseCrashLog(read(file))), want);
    });

    it(`gives the same result fed in small chunks: ${file}`, () => {
      const text = read(file);
      const whole = parseCrashLog(text);
      for (const size of [1, 7, 100, 4096]) {
        const p = new CrashLogParser();
        for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
        assert.deepEqual(p.end(), whole, `chunk size ${size}`);
      }
    });
  }

  it('names the SIGSEGV at 0x118 in the unwinder when that is what killed the process (go1.26 goroutine trace layout)', () => {
    // A SIGSEGV-first crash: the signal throw, then sigpanic, then the faulting unwinder frame.
    const head = read('go1.26.10-leaf-traceback-did-not-unwind-1.txt').split('\n');
    const preempted = head.slice(
      head.findIndex((l) => l.startsWith('goroutine 1 ')),
      head.findIndex((l) => l.startsWith('goroutine 17 ')),
    );
    const text = [
      'fatal error: unexpected signal during runtime execution',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x118 pc=0x6f6e0]',
      '',
      'runtime stack:',
      'runtime.throw({0xa9d0b?, 0x0?})',
      '\t/usr/lib/go-1.26/src/runtime/panic.go:1229 +0x38 fp=0x1 sp=0x2 pc=0x3',
      'runtime.sigpanic()',
      '\t/usr/lib/go-1.26/src/runtime/signal_unix.go:942 +0x2a0 fp=0x1 sp=0x2 pc=0x3',
      'runtime.(*unwinder).next(0x22b853d13d20?)',
      '\t/usr/lib/go-1.26/src/runtime/traceback.go:462 +0x1b0 fp=0x1 sp=0x2 pc=0x3',
      '',
      ...preempted,
    ].join('\n');
    const r = parseCrashLog(text);
    assert.equal(r.signature?.text, '[signal SIGSEGV: segmentation violation code=0x1 addr=0x118 pc=0x6f6e0] in runtime.(*unwinder).next');
    assert.equal(r.preemptedFunction, 'main.bigStack');
    assert.equal(r.preemptedOffset, 0x70);
  });

  it('finds nothing in output without a crash, and never throws on garbage', () => {
    const empty = parseCrashLog('');
    assert.equal(empty.signature, null);
    assert.equal(empty.preemptedFunction, null);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (chunks) => {
        const p = new CrashLogParser();
        for (const c of chunks) p.push(c);
        const r = p.end();
        assert.ok(Array.isArray(r.signatures));
      }),
      { numRuns: 300 },
    );
    // One 8 MB line with no newline stays bounded and parses to nothing.
    const p = new CrashLogParser();
    for (let i = 0; i < 8; i++) p.push('x'.repeat(1 << 20));
    assert.equal(p.end().signature, null);
  });
});

describe('matching the preempted offset to the split instruction (the triage checker, also the reproducer)', () => {
  const at = (file: string, findings: Finding[], offset?: number) => {
    const r = parseCrashLog(read(file));
    return checkFromFindings(r.preemptedFunction!, offset ?? r.preemptedOffset!, findings, undefined);
  };

  it('+0x70 in go1.26.10 main.bigStack is the second half of the split SP update', () => {
    const m = at('go1.26.10-leaf-traceback-did-not-unwind-1.txt', GO126_FAST);
    assert.equal(m.kind, 'second-half');
    assert.deepEqual(m.kind === 'second-half' && m.epilogue.offsets, [0x6c, 0x70]);
  });

  it('+0x60 in go1.19.8 main.bigStack is the second half of its split SP update (ADD $65552, RSP at 0x5c)', () => {
    const go119 = [finding('split-sp-update', [0x5c, 0x60], ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'])];
    assert.equal(at('go1.19.8-leaf-unknown-caller-pc-2.txt', go119).kind, 'second-half');
  });

  it('an offset at the first half, elsewhere, or in a build without the function does not match', () => {
    const file = 'go1.26.10-leaf-traceback-did-not-unwind-1.txt';
    assert.equal(at(file, GO126_FAST, 0x6c).kind, 'first-half');
    assert.equal(at(file, GO126_FAST, 0x40).kind, 'other-offset');
    assert.equal(at(file, []).kind, 'no-function');
    const go119 = parseCrashLog(read('go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118.txt'));
    assert.equal(go119.preemptedOffset, null);
    assert.equal(go119.preemptedSource, 'unexpected-return-pc');
  });
});
