// Fuzzes the binary reader's API with fast-check: random bytes, random bytes
// behind real magic numbers, and real binaries with bytes flipped, ranges
// overwritten or the file cut short. openGoBinary, scanBinary and locatePc
// must return (an error line or a report), never throw or hang; a reader bug
// (TypeError, RangeError) fails the test instead of reading as "corrupt".
// And never fewer findings without an error: a cut gives the complete
// findings or `truncated`, a mutation outside the code and the pclntab gives
// the complete findings or an error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { locatePc, openGoBinary, scanBinary, type BinaryFinding, type BinaryReport } from '../../server/src/core/binary';
import { FIXTURES } from '../support/paths';
import { assertCompleteOrTruncated } from '../support/binaryProperties';

const REAL = ['reproducer-go1.24-linux-arm64-stripped', 'reproducer-go1.27-darwin-arm64-stripped'].map((n) =>
  readFileSync(path.join(FIXTURES, 'binaries', n)),
);
const MAGICS = [
  [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0],
  [0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 1],
  [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 1],
];

/** The complete findings of the unmodified binaries and the file ranges they depend on (code and pclntab). */
const COMPLETE = REAL.map((bytes) => {
  const b = openGoBinary(bytes);
  if ('error' in b) throw new Error(b.error);
  const code = b.container.segments.filter((s) => s.exec).map((s) => [s.offset, s.offset + s.filesz] as const);
  return { code, pclntab: [b.pclntab.offset, b.pclntab.limit] as const };
});
const touches = (which: number, at: number, len = 1): boolean => {
  const { code, pclntab } = COMPLETE[which];
  return [...code, pclntab].some(([from, to]) => at < to && at + len > from);
};
const key = (f: BinaryFinding) => `${f.function} ${f.file}:${f.line} +${f.offset}`;

async function exercise(bytes: Uint8Array): Promise<BinaryReport> {
  const r = await scanBinary(bytes, 'fuzz', { all: true });
  assert.ok(Array.isArray(r.findings) && r.errors.every((e) => typeof e === 'string' && !e.includes('\n')));
  const b = openGoBinary(bytes);
  if (!('error' in b)) {
    for (const name of ['main.big_stack', 'main.main', 'runtime.call65536']) {
      const loc = await locatePc(b, name, 148);
      assert.ok(typeof loc === 'object');
    }
    b.functionAt(b.textStart.addr + 0x100);
  }
  return r;
}

describe('binary reader fuzz', function () {
  this.timeout(600000);
  const whole: BinaryReport[] = [];
  before(async () => {
    for (const b of REAL) whole.push(await scanBinary(b, 'whole', { all: true }));
  });

  it('unmodified binaries: no errors and their known findings', () => {
    assert.deepEqual(
      whole.map((r) => r.errors),
      [[], []],
    );
    // go1.24: the reproducer's hazard and the runtime's assembly pairs; go1.27: the leaf hazard and debugCall65536.
    const calls = [65536, 131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608].map(
      (n, i) => `runtime.call${n} runtime/asm_arm64.s:${516 + i} +${i === 0 ? 224 : 228}`,
    );
    assert.deepEqual(whole[0].findings.map(key), [
      'debugCall65536 runtime/asm_arm64.s:1519 +76',
      ...calls,
      'main.big_stack example.com/reproducer/main.go:22 +144',
    ]);
    assert.deepEqual(whole[1].findings.map(key), [
      'debugCall65536 runtime/asm_arm64.s:1330 +68',
      'main.big_stack example.com/reproducer/main.go:22 +152',
    ]);
  });

  it('random bytes, with and without a real magic number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.nat(MAGICS.length), async (data, m) => {
        const bytes = new Uint8Array(data);
        if (m < MAGICS.length) bytes.set(MAGICS[m].slice(0, bytes.length));
        await exercise(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('real binaries with flipped bytes, overwritten ranges and truncation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(REAL.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        fc.option(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 0, max: 255 })),
        ),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        async (which, flips, range, cut) => {
          const src = REAL[which];
          const bytes = Buffer.from(src);
          for (const [at, v] of flips) bytes[Math.floor(at * (bytes.length - 1))] = v;
          if (range) {
            const at = Math.floor(range[0] * bytes.length);
            bytes.fill(range[2], at, Math.min(bytes.length, at + range[1]));
          }
          const r = await exercise(cut === null ? bytes : bytes.subarray(0, Math.floor(cut * bytes.length)));
          const touched =
            flips.some(([at]) => touches(which, Math.floor(at * (src.length - 1)))) ||
            (range !== null && touches(which, Math.floor(range[0] * src.length), range[1]));
          if (touched) return;
          // A cut before the magic number leaves nothing that says what the file was.
          if (cut !== null && Math.floor(cut * bytes.length) < 4) return;
          if (cut !== null && Math.floor(cut * bytes.length) < bytes.length) {
            if (flips.length === 0 && range === null) assertCompleteOrTruncated(r, whole[which].findings, 'cut');
            else assert.ok(r.errors.length > 0 || r.findings.map(key).join() === whole[which].findings.map(key).join(), 'cut and mutated');
          } else {
            // Mutations outside the code and the pclntab: the complete findings or an error.
            assert.ok(
              r.errors.length > 0 || r.findings.map(key).join() === whole[which].findings.map(key).join(),
              `fewer findings without an error: ${JSON.stringify(r.findings.map(key))}`,
            );
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('header fields pointing anywhere (ELF and Mach-O headers, pcHeader)', async () => {
    const pcHeaderAt = REAL[0].indexOf(Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0, 4, 8]));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(REAL.length - 1),
        fc.boolean(),
        fc.integer({ min: 0, max: 71 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
        async (which, pclntab, off, vals) => {
          const bytes = Buffer.from(REAL[which]);
          const base = pclntab && which === 0 ? pcHeaderAt : 0;
          vals.forEach((v, i) => {
            bytes[base + off + i] = v;
          });
          await exercise(bytes);
        },
      ),
      { numRuns: 200 },
    );
  });
});
