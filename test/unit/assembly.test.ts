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
    // The splits in the header, then each on its own lines under its Prog, the mark between the halves.
    assert.match(
      text,
      /^\/\/ split FP restore at 0x0090 \(main\.go:22\): add x29, sp, #8 then add x29, x29, #0x10, lsl #12\n\/\/ split SP pop at 0x0098 \(main\.go:22\): add sp, sp, #0x10 then add sp, sp, #0x10, lsl #12$/m,
    );
    assert.ok(
      text.includes(
        '0x0098 (main.go:22)\tADD $65552, RSP\n       0x0098  add sp, sp, #0x10\n               ⟵ preemption here = crash\n       0x009c  add sp, sp, #0x10, lsl #12\n0x00a0 (main.go:22)',
      ),
      text,
    );
    assert.match(text, /^0x0000 \(main\.go:11\)\tMOVD 16\(g\), R16 +\t\| ldr x16, \[x28, #0x10\]$/m);
  });
});
