// Random and mutated listings never crash the parser, and a long listing is
// parsed in bounded memory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { ListingAnalyzer } from '../../server/src/core/listing/listingAnalysis';
import { FIXTURES } from '../support/paths';

const SAMPLE = readFileSync(path.join(FIXTURES, 'listings', 'frames-go1.26.txt'));

async function analyse(parts: Buffer[]) {
  const a = await ListingAnalyzer.create({ keepFunctions: true });
  for (const p of parts) a.push(p);
  return a.end();
}

describe('listing parser robustness', () => {
  it('survives random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 8 }), async (chunks) => {
        const r = await analyse(chunks.map((c) => Buffer.from(c)));
        assert.ok(Array.isArray(r.findings));
      }),
      { numRuns: 300 },
    );
  });

  it('survives mutated real listings (flipped bytes, cut lines, shuffled lines)', async () => {
    const lines = SAMPLE.toString('latin1').split('\n');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(SAMPLE.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 50 }),
        fc.nat(lines.length),
        fc.nat(lines.length),
        fc.nat(SAMPLE.length),
        async (flips, a, b, cut) => {
          const buf = Buffer.from(SAMPLE);
          for (const [at, v] of flips) buf[at] = v;
          await analyse([buf.subarray(0, cut)]);
          const swapped = [...lines];
          [swapped[a % lines.length], swapped[b % lines.length]] = [swapped[b % lines.length], swapped[a % lines.length]];
          await analyse([Buffer.from(swapped.join('\n'), 'latin1')]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hex dump lines that claim more bytes than the function has do not write out of bounds', async () => {
    const text =
      'main.f STEXT size=4 args=0x0 locals=0x2000 funcid=0x0 align=0x0 leaf\n' +
      '\t0x0000 00000 (/m.go:1)\tTEXT\tmain.f(SB), $8200-0\n' +
      '\t0x0000 ff 43 00 91 ff 43 40 91 ff 43 40 91  .C...C@..C@.\n' +
      '\t0xfffffff0 ff 43 00 91  .C..\n';
    const r = await analyse([Buffer.from(text)]);
    assert.deepEqual(r.findings, []);
  });

  it('parses 300 MB of listing in bounded memory', async function () {
    this.timeout(120000);
    const target = 300 * 1024 * 1024;
    const copies = Math.ceil(target / SAMPLE.length);
    global.gc?.();
    const before = process.memoryUsage();
    let i = 0;
    const stream = new Readable({
      read() {
        this.push(i++ < copies ? SAMPLE : null);
      },
    });
    const a = await ListingAnalyzer.create({ keepFunctions: false });
    let peak = 0;
    for await (const chunk of stream) {
      a.push(chunk as Buffer);
      if (i % 256 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);
    }
    const r = a.end();
    assert.equal(r.findings.length, 15 * copies, 'every copy analysed');
    const grew = peak - (before.heapUsed + before.arrayBuffers);
    assert.ok(
      grew < 150 * 1024 * 1024,
      `heap + buffers grew by ${(grew / 1048576).toFixed(0)} MB parsing ${(r.listingBytes / 1048576).toFixed(0)} MB`,
    );
  });
});
