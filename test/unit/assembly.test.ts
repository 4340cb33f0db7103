import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { assemblyLines, assemblyText } from '../../server/src/core/listing/assembly';
import { analyzeListing } from '../../server/src/core/listing/listingAnalysis';
import { FIXTURES } from '../support/paths';

describe('assembly view', () => {
  it('pairs each Prog with its native instructions and marks the split updates', async () => {
    const r = await analyzeListing(createReadStream(path.join(FIXTURES, 'listings', 'reproducer-go1.26.txt')), { keepFunctions: true });
    const fn = r.functions.find((f) => f.symbol === 'main.big_stack')!;
    const lines = await assemblyLines(fn);
    assert.equal(lines[0].pseudo.startsWith('TEXT'), false, 'TEXT assembles to nothing');
    const split = lines.filter((l) => l.split);
    assert.deepEqual(
      split.map((l) => [l.offset, l.sourceLine, l.pseudo, l.native]),
      [
        [144, 22, 'ADD $65544, RSP, R29', ['add x29, sp, #8', 'add x29, x29, #0x10, lsl #12']],
        [152, 22, 'ADD $65552, RSP', ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']],
      ],
    );
    // Every instruction of the function appears once, under the Prog that produced it.
    assert.equal(
      lines.reduce((n, l) => n + l.native.length, 0),
      fn.size / 4,
    );
    const text = assemblyText(fn, lines, 'go1.26.10');
    assert.match(text, /^\/\/ main\.big_stack {2}frame=65552 args=8 leaf {2}\(go1\.26\.10, GOARCH=arm64\)$/m);
    assert.match(text, /ADD \$65552, RSP .*\| add sp, sp, #0x10; add sp, sp, #0x10, lsl #12 {2}; <-- split SP\/FP update/);
  });
});
