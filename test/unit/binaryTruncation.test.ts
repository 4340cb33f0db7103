// A cut binary is never a clean one: real binaries (the committed builds and
// ones built here with several toolchains and shapes) cut at many points
// give either exactly the complete findings or a `truncated` error, never
// fewer findings without an error. Also: the function table never drops a
// record silently, and the reader's bugs are not disguised as corrupt input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openGoBinary, scanBinary } from '../../server/src/core/binary';
import { reason } from '../../server/src/core/binary/goBinary';
import { buildFixtureBinary, fastModule, type BinaryShape } from '../support/goBinaries';
import { assertCompleteOrTruncated } from '../support/binaryProperties';
import { FIXTURES } from '../support/paths';

/** Cut points: spread over the file (from just past the magic number on), plus the few bytes around its end. */
function cuts(size: number, n: number): number[] {
  const out = new Set<number>([4, 20, 40, 63]);
  for (let i = 1; i < n; i++) out.add(Math.floor((size * i) / n));
  for (const d of [1, 2, 3, 4, 7, 8, 16, 64, 512, 4096]) if (size - d > 0) out.add(size - d);
  return [...out].sort((a, b) => a - b);
}

async function cutEverywhere(bytes: Buffer, label: string, points: number): Promise<{ truncated: number; complete: number }> {
  const whole = await scanBinary(bytes, label, { all: true });
  assert.deepEqual(whole.errors, [], `${label}: the whole file reads without errors`);
  assert.ok(whole.findings.length > 0, `${label}: has findings to lose`);
  const tally = { truncated: 0, complete: 0 };
  for (const at of cuts(bytes.length, points)) {
    const r = await scanBinary(bytes.subarray(0, at), `${label}@${at}`, { all: true });
    assertCompleteOrTruncated(r, whole.findings, `${label} cut at ${at} of ${bytes.length}`);
    if (r.errors.length) tally.truncated++;
    else tally.complete++;
  }
  return tally;
}

describe('binary reader: truncated files are errors, never fewer findings', function () {
  this.timeout(600000);

  for (const name of ['reproducer-go1.24-linux-arm64-stripped', 'reproducer-go1.27-darwin-arm64-stripped']) {
    it(`committed ${name}, cut at 200 points`, async () => {
      const bytes = readFileSync(path.join(FIXTURES, 'binaries', name));
      const t = await cutEverywhere(bytes, name, 200);
      // Every cut of these two loses something the headers describe.
      assert.equal(t.complete, 0);
    });
  }

  const built: [string, BinaryShape][] = [
    ['1.19', 'plain'],
    ['1.22', 'darwin'],
    ['1.24', 'pie'],
    ['1.26', 'noshdr'],
    ['1.27', 'cgo-pie'],
  ];
  for (const [minor, shape] of built) {
    it(`built with go${minor} (${shape}), cut at 120 points`, async () => {
      const file = await buildFixtureBinary({ minor, module: fastModule(), shape });
      const t = await cutEverywhere(readFileSync(file), `go${minor}-${shape}`, 120);
      assert.ok(t.truncated > 100, `most cuts are truncation errors (${t.truncated})`);
    });
  }

  it('the cut restic-like case: a cut inside the pclntab names the expected and actual size', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'binaries', 'reproducer-go1.24-linux-arm64-stripped'));
    const b = openGoBinary(bytes);
    if ('error' in b) assert.fail(b.error);
    const inside = b.pclntab.offset + b.pclntab.pclnOffset + 100;
    const r = await scanBinary(bytes.subarray(0, inside), 'cut');
    assert.equal(r.findings.length, 0);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], new RegExp(`^truncated: .* needs \\d+ bytes, the file has ${inside} bytes`));
  });

  it('a function record outside the pclntab is an error, not a dropped function', () => {
    const bytes = Buffer.from(readFileSync(path.join(FIXTURES, 'binaries', 'reproducer-go1.24-linux-arm64-stripped')));
    const b = openGoBinary(bytes);
    if ('error' in b) assert.fail(b.error);
    const ftab = b.funcs.ftab;
    const i = b.funcs.count - 1;
    bytes.writeUInt32LE(0x7ffffff0, ftab + i * 8 + 4); // the last function's record, far past the table
    const reopened = openGoBinary(bytes);
    assert.ok('error' in reopened, 'the completeness check refuses the table');
    assert.match(reopened.error, /^truncated: the record of Go function \d+ of \d+ needs/);
    assert.throws(() => b.funcs.func(i), /^TruncatedError: truncated: the record of Go function/);
  });

  it("reason() passes the reader's bugs through instead of calling the file corrupt", () => {
    assert.throws(() => reason(new TypeError("Cannot read properties of undefined (reading 'x')")), TypeError);
    assert.throws(() => reason(new RangeError('Invalid array length')), RangeError);
  });
});
