// Fuzzes the binary reader's API with fast-check: random bytes, random bytes
// behind real magic numbers, and real binaries with bytes flipped, ranges
// overwritten or the file cut short. openGoBinary, scanBinary and locatePc
// must return (an error line or a report), never throw or hang.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { locatePc, openGoBinary, scanBinary } from '../../server/src/core/binary';
import { FIXTURES } from '../support/paths';

const REAL = ['reproducer-go1.24-linux-arm64-stripped', 'reproducer-go1.27-darwin-arm64-stripped'].map((n) =>
  readFileSync(path.join(FIXTURES, 'binaries', n)),
);
const MAGICS = [
  [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0],
  [0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 1],
  [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 1],
];

async function exercise(bytes: Uint8Array): Promise<void> {
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
}

describe('binary reader fuzz', function () {
  this.timeout(600000);

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
          await exercise(cut === null ? bytes : bytes.subarray(0, Math.floor(cut * bytes.length)));
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
