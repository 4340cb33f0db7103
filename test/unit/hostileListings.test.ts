// Listings an attacker (or a broken pipe) hands to analyze-listing: sizes
// far beyond what the listing holds, a 25 MB single line, an error followed
// by megabytes of indented lines, a listing that stops inside a small
// function. Each gives one short line, in bounded time and memory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { analyzeListing } from '../../server/src/core/listing/listingAnalysis';
import { FIXTURES } from '../support/paths';

const run = (text: string | Buffer) => analyzeListing(Readable.from([Buffer.isBuffer(text) ? text : Buffer.from(text)]));
const header = (size: string) => `# example.com/x\nexample.com/x.F STEXT size=${size} args=0x8 locals=0x11000 funcid=0x0 align=0x0\n`;
const prog = '\t0x0000 00000 (/src/x.go:3)\tTEXT\texample.com/x.F(SB), ABIInternal, $69632-8\n';
const hex = '\t0x0000 ff 43 40 d1 ff 43 00 d1 fd 7b bf a9 fd 03 00 91  .C@..C...{......\n';

describe('hostile listings', function () {
  this.timeout(300000);

  it('a function claiming size=4294967296 allocates by what the listing holds, and is reported truncated', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const r = await run(header('4294967296') + prog + hex);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, 'no 4 GB buffer');
    assert.equal(r.truncated, 'truncated: listing ends inside example.com/x.F (16 bytes of 4294967296 bytes of machine code)');
  });

  it('size=9007199254740993 is refused in one line, no RangeError', async () => {
    const r = await run(header('9007199254740993') + prog + hex);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [
        'listing claims example.com/x.F is 9007199254740992 bytes long, more than the 268435456 bytes a listing can describe: its code was not read',
      ],
    );
  });

  it('a 25 MB single-line listing is skipped quickly and not echoed back whole', async () => {
    const line = Buffer.alloc(25 << 20, 'A');
    const chunks: Buffer[] = [];
    for (let i = 0; i < line.length; i += 64 << 10) chunks.push(line.subarray(i, i + (64 << 10)));
    const t0 = Date.now();
    const r = await analyzeListing(Readable.from(chunks));
    assert.ok(Date.now() - t0 < 60000);
    assert.equal(r.errors.length, 1);
    assert.ok(r.errors[0].message.length < 400, `${r.errors[0].message.length} characters`);
    assert.match(r.errors[0].message, /^listing line of 1\d{6} bytes is not Go assembler output \(starts "AAAA/);
  });

  it('an error followed by a whole listing of indented lines keeps a bounded message', async () => {
    const sample = readFileSync(path.join(FIXTURES, 'listings', 'frames-go1.26.txt'), 'latin1');
    const nested = sample
      .split('\n')
      .map((l) => `\t${l}`)
      .join('\n');
    let text = 'x.go:1:2: something failed\n';
    while (text.length < 2_600_000) text += `${nested}\n`;
    const r = await run(text);
    assert.equal(r.errors.length, 1);
    assert.ok(r.errors[0].message.length < 64 * 210, `${r.errors[0].message.length} characters`);
  });

  it('a listing that stops inside a small function (code not kept) is truncated too', async () => {
    const small = '# example.com/x\nexample.com/x.G STEXT size=32 args=0x8 locals=0x0 funcid=0x0 align=0x0 leaf\n';
    const r = await run(small + hex);
    assert.equal(r.truncated, 'truncated: listing ends inside example.com/x.G (16 bytes of 32 bytes of machine code)');
    const whole = await run(small + hex + hex.replace('0x0000', '0x0010'));
    assert.equal(whole.truncated, undefined);
  });
});
