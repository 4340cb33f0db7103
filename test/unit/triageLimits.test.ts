// What triage says at its limits and on hostile input: crashes beyond the cap
// are counted and the output says so; memory stays bounded however big the
// log (kept strings never pin the chunks they were read from); a scan result
// with 100k findings is indexed, not searched; a binary over the size cap is
// refused with one line; text from the log reaches the terminal with its
// control characters escaped; a programming error is not taken for a read error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { triageText } from '../../server/src/cli/triageFormat';
import { CrashStream, MAX_CRASHES } from '../../server/src/core/crash/split';
import { createBinaryChecker } from '../../server/src/core/triage/binaryChecker';
import { parseScanResult, scanChecker } from '../../server/src/core/triage/scanChecker';
import { readCrashInput, triageInputs, triageTexts } from '../../server/src/core/triage/triage';
import { NIL_MAP_PANIC } from '../support/crashTexts';

const NIL_MAP = [...NIL_MAP_PANIC, ''].join('\n');

describe('triage: limits and hostile input', function () {
  this.timeout(120_000);

  it('more crashes than the cap: the rest are counted, and the text says how many', async () => {
    const extra = 7;
    const text = Array.from({ length: MAX_CRASHES + extra }, (_, i) => `serving ${i}\n${NIL_MAP}`).join('\n');
    const r = await triageTexts([{ name: 'fleet.log', text }]);
    assert.equal(r.crashes.length, MAX_CRASHES);
    assert.equal(r.dropped, extra);
    assert.match(triageText(r), new RegExp(`^${extra} more crashes beyond the first ${MAX_CRASHES} were counted but not triaged`, 'm'));
  });

  it('memory: crashes read from 400 kB chunks keep none of the chunks alive', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const filler = `${'x'.repeat(1000)}\n`.repeat(200);
    gc();
    const before = process.memoryUsage().heapUsed;
    const s = new CrashStream();
    // 300 chunks of 400 kB, each with one crash in it: 120 MB read.
    for (let i = 0; i < 300; i++) s.push(`${filler}${NIL_MAP}\nserving ${i}\n${filler}`.slice(0));
    const { crashes } = s.end();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.equal(crashes.length, 300);
    assert.ok(grown < 30 * 1024 * 1024, `heap grew by ${Math.round(grown / 1048576)} MB for 300 small crashes`);
  });

  it('a scan result with 100k findings in one function: indexed: parsed in seconds, 1000 checks in well under a second', async () => {
    const findings = Array.from({ length: 100_000 }, (_, i) => ({
      kind: 'split-sp-update',
      function: 'main.huge',
      file: '/src/main.go',
      line: 10 + (i % 50),
      offsets: [8 * i, 8 * i + 4],
      instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
      leaf: true,
      fixedByToolchain: false,
    }));
    const text = JSON.stringify({ toolchain: { version: 'go1.26.0' }, findings });
    let t = Date.now();
    const index = parseScanResult(text);
    assert.ok(!('error' in index));
    // A linear pass; the quadratic one it replaces took 150 s for this input.
    assert.ok(Date.now() - t < 10_000, `parse took ${Date.now() - t} ms`);
    const checker = scanChecker(index, 'scan.json');
    t = Date.now();
    for (let i = 0; i < 1000; i++) assert.equal((await checker.check('main.huge', 8 * i * 97 + 4)).kind, 'second-half');
    assert.equal((await checker.check('main.huge', 2)).kind, 'other-offset');
    assert.ok(Date.now() - t < 1500, `1000 checks took ${Date.now() - t} ms`);
  });

  it('--binary over the size cap: one line naming the limit, the file never read', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-triage-'));
    try {
      // Sparse: 2.5 GiB on paper, no disk used. Read whole before, Node refused it with its own error text.
      const file = path.join(dir, 'big');
      writeFileSync(file, '');
      truncateSync(file, 2.5 * 1024 ** 3);
      const r = await createBinaryChecker(file);
      assert.ok('error' in r);
      assert.equal(r.error, `${file} is 2560 MB, larger than the 1024 MB limit for a Go binary: not read`);
      const missing = await createBinaryChecker(path.join(dir, 'nope'));
      assert.deepEqual(missing, { error: `cannot read ${path.join(dir, 'nope')} (ENOENT)` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('control characters from the log are escaped in the text output', async () => {
    const evil = ['panic: boom \x1b]0;owned\x07', '', 'goroutine 1 [running]:', 'main.f\x1b[31m()', '\t/src/a.go:3 +0x10', ''].join('\n');
    const r = await triageTexts([{ name: 'log\n::error::forged', text: evil }]);
    const out = triageText(r);
    const control = [...out.replace(/\n/g, '')].filter((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
    assert.deepEqual(control, [], JSON.stringify(out));
    assert.match(out, /panic: boom \\x1b\]0;owned\\x07/);
    assert.match(out, /^log\\x0a::error::forged crash 1/m);
  });

  it('a programming error while reading is thrown, not reported as an unreadable input', async () => {
    async function* broken(): AsyncIterable<string> {
      yield NIL_MAP;
      throw new TypeError('a bug');
    }
    await assert.rejects(readCrashInput({ name: 'x', chunks: broken() }), /a bug/);
    async function* eio(): AsyncIterable<string> {
      yield NIL_MAP;
      throw Object.assign(new Error('i/o error'), { code: 'EIO' });
    }
    const r = await readCrashInput({ name: 'x', chunks: eio() });
    assert.equal(r.error, 'EIO');
    assert.equal((await triageInputs([r])).crashes.length, 1);
  });
});
