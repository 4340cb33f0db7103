// The parser and detector on listings captured from the real toolchains
// (test-fixtures/listings), so they are tested without Go.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { analyzeListing } from '../../server/src/core/listing/listingAnalysis';
import { ListingParser } from '../../server/src/core/listing/listingParser';
import type { FunctionListing } from '../../server/src/core/types';
import { FIXTURES } from '../support/paths';

const listing = (name: string) => path.join(FIXTURES, 'listings', name);
const SP = ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'];
const FP = ['add x29, sp, #8', 'add x29, x29, #0x10, lsl #12'];

/** big_stack's split SP update (and, from go1.21, split FP restore) offsets per toolchain. */
const REPRODUCER: Record<string, { sp: number; fp?: number }> = {
  '1.19': { sp: 140 },
  '1.21': { sp: 144, fp: 136 },
  '1.22': { sp: 144, fp: 136 },
  '1.23': { sp: 144, fp: 136 },
  '1.24': { sp: 144, fp: 136 },
  '1.26': { sp: 152, fp: 144 },
};

function chunked(buf: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('listing parser + detector on captured listings', () => {
  for (const [minor, want] of Object.entries(REPRODUCER)) {
    it(`reproducer, go${minor}: main.big_stack, leaf, frame 65552, return at line 22`, async () => {
      const r = await analyzeListing(createReadStream(listing(`reproducer-go${minor}.txt`)));
      assert.deepEqual(r.errors, []);
      assert.equal(r.truncated, undefined);
      const got = r.findings.map((f) => ({
        kind: f.kind,
        fn: f.function,
        line: f.line,
        decl: f.declLine,
        frame: f.frameSize,
        leaf: f.leaf,
        offsets: f.offsets,
        ins: f.instructions,
        fixed: f.fixedByToolchain,
      }));
      const expected = [
        ...(want.fp !== undefined
          ? [
              {
                kind: 'split-fp-restore',
                fn: 'main.big_stack',
                line: 22,
                decl: 11,
                frame: 65552,
                leaf: true,
                offsets: [want.fp, want.fp + 4],
                ins: FP,
                fixed: false,
              },
            ]
          : []),
        {
          kind: 'split-sp-update',
          fn: 'main.big_stack',
          line: 22,
          decl: 11,
          frame: 65552,
          leaf: true,
          offsets: [want.sp, want.sp + 4],
          ins: SP,
          fixed: false,
        },
      ];
      assert.deepEqual(got, expected);
      assert.ok(
        r.findings.every((f) => f.file.endsWith('reproducer/main.go')),
        r.findings.map((f) => f.file).join(),
      );
    });
  }

  it('cgo package, go1.27: positions written `main.go:18[main.cgo1.go:21]` name the source line', async () => {
    const r = await analyzeListing(createReadStream(listing('cgo-go1.27.txt')));
    assert.deepEqual(
      r.findings.map((f) => [f.kind, f.function, f.file, f.line, f.declLine]),
      [
        ['split-fp-restore', 'main.bigLeaf', '/work/wt/binary-core/test-fixtures/cgo/main.go', 18, 15],
        ['split-sp-update', 'main.bigLeaf', '/work/wt/binary-core/test-fixtures/cgo/main.go', 18, 15],
      ],
    );
  });

  it('gives the same result whatever the chunking and with CRLF line ends', async () => {
    const text = readFileSync(listing('frames-go1.26.txt'));
    const whole = await analyzeListing(Readable.from([text]));
    for (const size of [7, 997, 4096]) {
      const r = await analyzeListing(chunked(text, size));
      assert.deepEqual(r.findings, whole.findings, `chunk ${size}`);
    }
    const crlf = Buffer.from(text.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    assert.deepEqual((await analyzeListing(chunked(crlf, 1000))).findings, whole.findings);
    assert.equal(whole.findings.length, 15);
  });

  it('keeps compile errors apart from the listing, and findings of packages that compiled', async () => {
    const r = await analyzeListing(createReadStream(listing('brokenpkg-go1.19.txt')));
    assert.deepEqual(r.errors, [
      { packagePath: 'example.com/brokenpkg/broken', file: 'broken/broken.go', line: 5, column: 9, message: 'undefined: undefinedName' },
    ]);
    assert.deepEqual(
      r.findings.map((f) => [f.function, f.line]),
      [['example.com/brokenpkg/ok.Checksum', 8]],
    );
  });

  it('reports a listing cut inside a function as truncated, keeping what came before', async () => {
    const text = readFileSync(listing('frames-go1.26.txt'), 'latin1');
    const cut = text.indexOf('\t0x0060', text.indexOf('frames.LeafAbove64K STEXT'));
    const r = await analyzeListing(Readable.from([Buffer.from(text.slice(0, cut), 'latin1')]));
    assert.match(
      r.truncated ?? '',
      /^truncated: listing ends inside example\.com\/frames\.LeafAbove64K \(0 bytes of 144 bytes of machine code\)$/,
    );
    const before = (await analyzeListing(Readable.from([Buffer.from(text, 'latin1')]))).findings.filter(
      (f) => text.indexOf(`${f.function.replace('example.com/', '')} STEXT`) < text.indexOf('frames.LeafAbove64K STEXT'),
    );
    assert.deepEqual(r.findings, before);
  });

  it('parses headers: symbols with spaces, flags, leaf, frame from the TEXT line', () => {
    const fns: FunctionListing[] = [];
    const p = new ListingParser({ onFunction: (f) => fns.push(f), onError: () => assert.fail('no errors') }, { keepSymbol: () => true });
    p.push(
      Buffer.from(
        [
          '# example.com/x',
          'type:*func(*example.com/x.T, uint) uint8 SRODATA dupok size=56',
          '\t0x0000 08 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00  ................',
          'example.com/x.F[go.shape.func(int) int] STEXT dupok nosplit size=8 args=0x10 locals=0x20 funcid=0x0 align=0x0 leaf',
          '\t0x0000 00000 (/src/x.go:4)\tTEXT\texample.com/x.F[go.shape.func(int) int](SB), DUPOK|NOSPLIT|LEAF|ABIInternal, $48-16',
          '\t0x0004 00004 (/src/x.go:5)\tRET\t(R30)',
          '\t0x0000 1f 20 03 d5 c0 03 5f d6                          . ...._.',
          '\trel 0+0 t=R_USEIFACE type:int+0',
          '',
        ].join('\n'),
      ),
    );
    assert.equal(p.end(), undefined);
    assert.equal(fns.length, 1);
    const f = fns[0];
    assert.equal(f.symbol, 'example.com/x.F[go.shape.func(int) int]');
    assert.deepEqual(
      [f.packagePath, f.size, f.frameSize, f.argsSize, f.leaf, f.file, f.declLine],
      ['example.com/x', 8, 48, 16, true, '/src/x.go', 4],
    );
    assert.deepEqual(Array.from(f.code), [0x1f, 0x20, 0x03, 0xd5, 0xc0, 0x03, 0x5f, 0xd6]);
    assert.deepEqual(
      f.progs.map((x) => [x.offset, x.line]),
      [
        [0, 4],
        [4, 5],
      ],
    );
  });
});
