// The compiler's inline table as the listing engine reads it
// (`-d=pctab=pctoinline`, listing/inlineTrace.ts): a trace captured from
// go1.27 (paths shortened) for a function returning through two inlined calls
// (`return wrap(s)`, wrap returning pick's result). The table, the tree, the
// walk out to the physical function's line, the package a function belongs
// to, and a trace of other code (another function size) left unused.
import assert from 'node:assert/strict';
import { functionKey, InlineTraceReader, inlineIndexAt, outermostPosition, splitPosition } from '../../server/src/core/listing/inlineTrace';
import { placeFindings } from '../../server/src/core/listing/inlinePlacement';
import type { Finding } from '../../server/src/core/types';

const T = '\t';
const TRACE = `# example.com/app
funcpctab main.leafNested [valfunc=pctoinline]
     0     -1 00000 (/src/app/main.go:17)${T}TEXT${T}main.leafNested(SB), LEAF|ABIInternal, $70016-8
     0        00000 (/src/app/main.go:17)${T}TEXT${T}main.leafNested(SB), LEAF|ABIInternal, $70016-8
     0     -1 00000 (/src/app/main.go:17)${T}MOVD${T}16(g), R16
    a4        00164 (/src/app/main.go:23)${T}BLT${T}144
    a8      0 00168 (/src/app/main.go:26)${T}EOR${T}$3, R0, R1
    ac      1 00172 (/src/app/main.go:26)${T}SUB${T}$10, R1, R2
    b0        00176 (<unknown line number>)${T}NOP
    b0        00176 (/src/app/main.go:26)${T}CMP${T}$10, R1
    b4     -1 00180 (/src/app/main.go:26)${T}CSINC${T}GT, R2, R1, R0
    b8      1 00184 (/src/app/main.go:26)${T}ADD${T}$70008, RSP, R29
    c0        00192 (/src/app/main.go:26)${T}ADD${T}$70016, RSP
    c8        00200 (/src/app/main.go:26)${T}RET${T}(R30)
    cc        00204 (/src/app/main.go:26)${T}NOP
    cc     -1 00204 (/src/app/main.go:17)${T}MOVD${T}R0, 8(RSP)
    dc        00220 (/src/app/main.go:17)${T}JMP${T}0
    e0 done
wrote 13 bytes to 0x1dec9a8ab760
 00 2a 02 01 02 02 03 01 04 05 03 05 00
-- inlining tree for main.leafNested:
0 | -1 | main.wrap (/src/app/main.go:26:13) pc=180
1 | 0 | main.pick (/src/app/main.go:13:13) pc=168
--
funcpctab main.wrap [valfunc=pctoinline]
     0     -1 00000 (/src/app/main.go:12)${T}TEXT${T}main.wrap(SB), LEAF|NOFRAME|ABIInternal, $0-8
     4      0 00004 (/src/app/main.go:13)${T}SUB${T}$10, R1, R2
    20 done
-- inlining tree for main.wrap:
0 | -1 | main.pick (/src/app/main.go:13:13) pc=0
--
# example.com/other
funcpctab main.leafNested [valfunc=pctoinline]
     0     -1 00000 (/src/other/main.go:5)${T}TEXT${T}main.leafNested(SB), LEAF|ABIInternal, $70016-8
    40 done
`;

const KEY = functionKey('example.com/app', 'main.leafNested');

function read(wanted: string[]) {
  const reader = new InlineTraceReader((k) => wanted.includes(k));
  for (const line of TRACE.split('\n')) reader.line(line);
  return reader.tables;
}

const finding = (offsets: [number, number], line: number): Finding => ({
  kind: 'split-sp-update',
  function: 'main.leafNested',
  packagePath: 'example.com/app',
  file: '/src/app/main.go',
  line,
  declLine: 17,
  frameSize: 70016,
  leaf: true,
  offset: offsets[0],
  offsets,
  instructions: ['add sp, sp, #0x180', 'add sp, sp, #0x11, lsl #12'],
  pseudo: 'ADD $70016, RSP',
  fixedByToolchain: false,
});

describe('listing: the compiler inline table (-d=pctab=pctoinline)', () => {
  it('keeps only the wanted functions, by package: changes, size and tree', () => {
    const tables = read([KEY]);
    assert.deepEqual([...tables.keys()], [KEY]);
    const t = tables.get(KEY)!;
    assert.equal(t.size, 0xe0);
    assert.deepEqual(
      t.changes.map((c) => [c.pc, c.value]),
      [
        [0, -1],
        [0, -1],
        [0xa8, 0],
        [0xac, 1],
        [0xb4, -1],
        [0xb8, 1],
        [0xcc, -1],
      ],
    );
    assert.deepEqual(t.tree, [
      { function: 'main.wrap', parent: -1, file: '/src/app/main.go', line: 26 },
      { function: 'main.pick', parent: 0, file: '/src/app/main.go', line: 13 },
    ]);
    // The other package's function of the same name is another function.
    assert.equal(
      read([functionKey('example.com/other', 'main.leafNested')]).get(functionKey('example.com/other', 'main.leafNested'))!.size,
      0x40,
    );
  });

  it('the index in effect at a pc: set by the last change at or before it', () => {
    const t = read([KEY]).get(KEY)!;
    assert.equal(inlineIndexAt(t, 0xa4), -1);
    assert.equal(inlineIndexAt(t, 0xa8), 0);
    assert.equal(inlineIndexAt(t, 0xb4), -1);
    assert.equal(inlineIndexAt(t, 0xc4), 1);
    assert.equal(inlineIndexAt(t, 0xcc), -1);
  });

  it('walks out to the physical function: the return line, the chain innermost first', () => {
    const t = read([KEY]).get(KEY)!;
    assert.deepEqual(outermostPosition(t, 0xc4, { file: '/src/app/main.go', line: 6 }), {
      file: '/src/app/main.go',
      line: 26,
      inlinedFrom: [
        { function: 'main.pick', file: '/src/app/main.go', line: 6 },
        { function: 'main.wrap', file: '/src/app/main.go', line: 13 },
      ],
    });
    assert.deepEqual(outermostPosition(t, 0xd0, { file: '/src/app/main.go', line: 17 }), {
      file: '/src/app/main.go',
      line: 17,
      inlinedFrom: [],
    });
  });

  it('a position with a column and a //line original is file and line', () => {
    assert.deepEqual(splitPosition('/src/app/main.go:26:13'), { file: '/src/app/main.go', line: 26 });
    assert.deepEqual(splitPosition('main.go:18:2[main.cgo1.go:21:2]'), { file: 'main.go', line: 18 });
    assert.deepEqual(splitPosition('a.go:7'), { file: 'a.go', line: 7 });
  });

  it('places a finding on the return line only when the trace is of the function listed (same size)', () => {
    const tables = read([KEY]);
    const f = finding([0xc0, 0xc4], 6);
    assert.deepEqual(placeFindings([f], tables, new Map([[KEY, 0xe0]])), [
      {
        ...f,
        line: 26,
        inlinedFrom: [
          { function: 'main.pick', file: '/src/app/main.go', line: 6 },
          { function: 'main.wrap', file: '/src/app/main.go', line: 13 },
        ],
      },
    ]);
    assert.deepEqual(placeFindings([f], tables, new Map([[KEY, 0xe4]])), [f]);
    // Not in an inlined call: unchanged, no chain.
    const own = finding([0xcc, 0xd0], 17);
    assert.deepEqual(placeFindings([own], tables, new Map([[KEY, 0xe0]])), [own]);
  });
});
