import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planHeapFix, type Candidate, type HeapFixPlan } from '../../server/src/core/heapfix/heapFix';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures/heapfix');
const fixture = (mod: string): string => readFileSync(path.join(FIXTURES, mod, 'main.go'), 'utf8');

const originalOf = new WeakMap<Candidate, string>();

function plan(
  fileText: string,
  fn: string,
  declLine: number,
  frameSize = 65552,
  extra: { packageTexts?: string[]; langVersion?: string } = {},
): HeapFixPlan {
  const p = planHeapFix({ finding: { function: fn, declLine, frameSize, leaf: true }, fileText, ...extra });
  if (p.ok) for (const c of p.candidates) originalOf.set(c, fileText);
  return p;
}

function ok(p: HeapFixPlan): Extract<HeapFixPlan, { ok: true }> {
  assert.ok(p.ok, p.ok ? '' : p.reason);
  return p;
}

/** Applies LSP-style edits (line/character) the way an editor would, last first. */
function applyEdits(text: string, c: Candidate): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  let out = text;
  for (const e of [...c.edits].reverse()) {
    const a = starts[e.start.line] + e.start.character;
    const b = starts[e.end.line] + e.end.character;
    out = out.slice(0, a) + e.newText + out.slice(b);
  }
  return out;
}

function strategy(p: Extract<HeapFixPlan, { ok: true }>, s: string): Candidate {
  const c = p.candidates.find((x) => x.strategy === s);
  assert.ok(c, `no ${s} candidate; skipped: ${p.skipped.join('; ')}`);
  // The LSP ranges and the offsets describe the same edit.
  assert.equal(applyEdits(originalOf.get(c) ?? '', c), c.text);
  return c;
}

describe('heap fix: locating the large local (fixtures)', () => {
  const src = fixture('array64k');
  it('var buf [bufSize]byte in checksum, with bufSize from a const', () => {
    const p = ok(plan(src, 'main.checksum', 13));
    assert.deepEqual(
      {
        name: p.local.name,
        form: p.local.form,
        size: p.local.size,
        line: p.local.line,
        len: p.local.lenText,
        elem: p.local.elemText,
        lenValue: p.local.lenValue,
      },
      { name: 'buf', form: 'var', size: 65536, line: 14, len: 'bufSize', elem: 'byte', lenValue: 65536 },
    );
    assert.deepEqual(
      p.candidates.map((c) => c.strategy),
      ['slice-make', 'array-pointer-make', 'new-array'],
    );
  });
  it('a method with a pointer receiver: [1 << 13]uint64 is 64 KiB', () => {
    const p = ok(plan(src, 'main.(*ring).spin', 55));
    assert.deepEqual([p.local.name, p.local.size, p.local.funcName], ['slots', 65536, 'spin']);
  });
  it('a closure, under its own name and as inlined into main', () => {
    for (const sym of ['main.handler.func1', 'main.main.handler.func1', 'main.main.func1']) {
      const p = ok(plan(src, sym, 65));
      assert.deepEqual([p.local.name, p.local.line, p.local.closure], ['scratch', 66, true], sym);
    }
  });
  it('new and make of constant size', () => {
    assert.equal(ok(plan(src, 'main.fromNew', 37)).local.form, 'new');
    const m = ok(plan(src, 'main.fromMake', 44));
    assert.deepEqual([m.local.form, m.local.size], ['make', 65536]);
    assert.deepEqual(
      m.candidates.map((c) => c.strategy),
      ['slice-make'],
    );
  });
  it('over 64 KiB: new([N]T) ranks first', () => {
    const p = ok(plan(fixture('array128k16'), 'main.frame', 10, 131104));
    assert.deepEqual([p.local.size, p.candidates[0].strategy], [131088, 'new-array']);
    assert.deepEqual(
      p.candidates[0].edits.map((e) => [e.start, e.end, e.newText]),
      [[{ line: 10, character: 1 }, { line: 10, character: 19 }, 'buf := new([size]byte)']],
    );
  });
  it('no local accounts for a much larger frame', () => {
    const p = plan(src, 'main.checksum', 13, 65552 + 4096);
    assert.equal(p.ok, false);
  });
  it('a non-leaf finding is for the toolchain fix', () => {
    const p = planHeapFix({ finding: { function: 'main.checksum', declLine: 13, frameSize: 65552, leaf: false }, fileText: src });
    assert.ok(!p.ok && /not a leaf/.test(p.reason));
  });
  it('a range over a copy whose body writes the array: no candidate at all', () => {
    const p = plan(fixture('unsupported'), 'main.rotate', 8, 131088);
    assert.ok(!p.ok && /range body writes/.test(p.reason), p.ok ? 'offered' : p.reason);
  });
});

describe('heap fix: exact rewrites', () => {
  const src = fixture('array64k');
  it('slice-make: helper var above the doc comment, one declaration replaced', () => {
    const p = ok(plan(src, 'main.checksum', 13));
    const c = strategy(p, 'slice-make');
    const expected = src
      .replace(
        '// checksum uses its buffer',
        '// checksumBufLen is a variable so that make puts buf on the heap: on the stack\n' +
          '// it made the arm64 epilogue of checksum split in two (golang/go#73259).\nvar checksumBufLen = bufSize\n\n// checksum uses its buffer',
      )
      .replace('\tvar buf [bufSize]byte\n\tfor i := range buf', '\tbuf := make([]byte, checksumBufLen)\n\tfor i := range buf');
    assert.equal(c.text, expected);
    assert.equal(c.edits.length, 2);
  });
  it('array-pointer-make keeps &buf valid by dropping the &', () => {
    const p = ok(plan(src, 'main.pointerTo', 29));
    assert.deepEqual(p.skipped, ['slice-make: &buf on line 31 needs an array']);
    const c = strategy(p, 'array-pointer-make');
    assert.deepEqual(
      c.edits.slice(1).map((e) => e.newText),
      ['buf := (*[bufSize]byte)(make([]byte, pointerToBufLen))', ''],
    );
    assert.match(c.text, /\tp := buf\n/);
  });
  it('new(T) becomes a conversion of a non-constant make, uses untouched', () => {
    const p = ok(plan(src, 'main.fromNew', 37));
    assert.deepEqual(
      p.candidates.map((c) => c.strategy),
      ['array-pointer-make', 'slice-make'],
    );
    assert.match(
      strategy(p, 'array-pointer-make').text,
      /\tbuf := \(\*\[bufSize\]byte\)\(make\(\[\]byte, fromNewBufLen\)\)\n\tbuf\[i%bufSize\] = 7\n/,
    );
  });
  it('make([]T, N): only the length argument changes', () => {
    const p = ok(plan(src, 'main.fromMake', 44));
    const c = strategy(p, 'slice-make');
    assert.equal(c.edits[1].newText, 'fromMakeBufLen');
    assert.match(c.text, /\tbuf := make\(\[\]byte, fromMakeBufLen\)\n/);
  });
});

const wrap = (body: string, extra = ''): string => `package p\n\n${extra}func f(i uint, other [65536]byte) [65536]byte {\n${body}\n}\n`;

describe('heap fix: uses through a pointer', () => {
  it('value uses get a *, &buf loses its &, index/len/range stay', () => {
    const text = wrap(
      [
        '\tvar buf [65536]byte',
        '\tbuf[i%65536] = 1',
        '\tp := &buf',
        '\tif buf == other {',
        '\t\tbuf = other',
        '\t}',
        '\tn := len(buf) + int(unsafe.Sizeof(buf))',
        '\tfor k := range buf {',
        '\t\tbuf[k] += byte(n)',
        '\t}',
        '\t_ = p',
        '\treturn buf',
      ].join('\n'),
    );
    const p = ok(plan(text, 'p.f', 3, 65600));
    assert.deepEqual(p.skipped, ['slice-make: &buf on line 6 needs an array']);
    const c = strategy(p, 'array-pointer-make');
    assert.equal(
      c.text.slice(c.text.indexOf('func f')),
      [
        'func f(i uint, other [65536]byte) [65536]byte {',
        '\tbuf := (*[65536]byte)(make([]byte, fBufLen))',
        '\tbuf[i%65536] = 1',
        '\tp := buf',
        '\tif *buf == other {',
        '\t\t*buf = other',
        '\t}',
        '\tn := len(buf) + int(unsafe.Sizeof(*buf))',
        '\tfor k := range buf {',
        '\t\tbuf[k] += byte(n)',
        '\t}',
        '\t_ = p',
        '\treturn *buf',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('selectors, strings, comments and uses outside the scope are not the local', () => {
    const text = wrap(
      [
        '\t_ = buf // the package-level one',
        '\t{',
        '\t\tvar buf [65536]byte // scratch',
        '\t\ts.buf = "buf[0] {"',
        '\t\t/* buf */ buf[i%65536] = 1',
        '\t\tother = buf',
        '\t}',
        '\treturn buf',
      ].join('\n'),
      'var buf [65536]byte\n\n',
    );
    const p = ok(plan(text, 'p.f', 5));
    const c = strategy(p, 'new-array');
    assert.deepEqual(
      c.edits.map((e) => [e.start.line, e.newText]),
      [
        [7, 'buf := new([65536]byte)'],
        [10, '*'],
      ],
    );
    assert.match(c.text, /\t\tbuf := new\(\[65536\]byte\) \/\/ scratch\n/);
  });

  it('a composite literal with elements stays a literal, behind &', () => {
    const text = wrap('\tbuf := [65536]byte{1, 2, 3}\n\tbuf[i%65536]++\n\treturn other');
    const p = ok(plan(text, 'p.f', 3));
    assert.deepEqual(
      p.candidates.map((c) => c.strategy),
      ['new-array'],
    );
    assert.equal(strategy(p, 'new-array').edits[0].newText, 'buf := &[65536]byte{1, 2, 3}');
  });

  it('go 1.16 modules cannot convert a slice to an array pointer', () => {
    const text = wrap('\tvar buf [65536]byte\n\tp := &buf\n\tp[i%65536] = 1\n\treturn other');
    const p = ok(plan(text, 'p.f', 3, 65552, { langVersion: '1.16' }));
    assert.deepEqual(
      p.candidates.map((c) => c.strategy),
      ['new-array'],
    );
  });
});

describe('heap fix: refusing what it cannot rewrite safely', () => {
  const cases: [string, string, RegExp][] = [
    [
      'shadowed in an inner block',
      '\tvar buf [65536]byte\n\tbuf[0] = 1\n\t{\n\t\tbuf := buf[:]\n\t\t_ = buf\n\t}\n\treturn other',
      /declared again/,
    ],
    ['redeclared by :=', '\tvar buf [65536]byte\n\tbuf, ok := other, true\n\t_ = ok\n\treturn buf', /declared again/],
    [
      'a func literal parameter',
      '\tvar buf [65536]byte\n\tg := func(buf []byte) { buf[0] = 1 }\n\tg(buf[:])\n\treturn other',
      /parameter shadows/,
    ],
    [
      'a composite literal key',
      '\tvar buf [65536]byte\n\tm := map[[65536]byte]int{buf: 1}\n\t_ = m\n\treturn other',
      /composite literal key/,
    ],
    ['two names in one var', '\tvar buf, b2 [65536]byte\n\t_ = b2\n\treturn buf', /no single local/],
    ['a label of the same name', '\tvar buf [65536]byte\nbuf:\n\tfor {\n\t\tbreak buf\n\t}\n\treturn buf', /label/],
    [
      'a range over a copy while a slice aliases it',
      '\tvar buf [65536]byte\n\ts := buf[:]\n\tfor _, v := range buf {\n\t\ts[0] += v\n\t}\n\treturn other',
      /alias/,
    ],
    [
      'a range over a copy while a closure captures it',
      '\tvar buf [65536]byte\n\tw := func() { buf[1] = 2 }\n\tfor _, v := range buf {\n\t\tif v == 0 {\n\t\t\tw()\n\t\t}\n\t}\n\treturn other',
      /alias/,
    ],
  ];
  for (const [title, body, why] of cases) {
    it(title, () => {
      const p = plan(wrap(body), 'p.f', 3);
      assert.ok(!p.ok, 'a candidate was offered');
      assert.match(p.reason, why);
    });
  }
});

describe('heap fix: ranges that stay equivalent', () => {
  it('a value range that only reads, with no alias, is kept as is', () => {
    const text = wrap(
      '\tvar buf [65536]byte\n\tbuf[i%65536] = 3\n\tn := 0\n\tfor _, v := range buf {\n\t\tn += int(v) + int(buf[0])\n\t}\n\tother[0] = byte(n)\n\treturn other',
    );
    const p = ok(plan(text, 'p.f', 3));
    assert.deepEqual(
      p.candidates.map((c) => c.strategy),
      ['slice-make', 'array-pointer-make', 'new-array'],
    );
    assert.match(strategy(p, 'slice-make').text, /\tfor _, v := range buf \{\n\t\tn \+= int\(v\) \+ int\(buf\[0\]\)\n/);
  });
});

describe('heap fix: sizes from the package', () => {
  it('consts and named array types from other files, iota, conversions', () => {
    const other = 'package p\n\nconst (\n\tkiB = 1 << (10 * (iota + 1))\n\tmiB\n)\n\ntype block [4 * kiB]uint16\n';
    const text = wrap('\tvar blocks [uint64(miB) / (64 * kiB)]block\n\tblocks[i%16][0] = 1\n\treturn other');
    const p = ok(plan(text, 'p.f', 3, 131104, { packageTexts: [other] }));
    assert.deepEqual([p.local.size, p.local.elemText, p.local.lenValue], [131072, 'block', 16]);
    assert.equal(p.candidates[0].edits[0].newText, 'blocks := new([uint64(miB) / (64 * kiB)]block)');
  });

  it('a local const is inlined as its value in the package-level helper', () => {
    const text = wrap('\tconst n = 0x1_0000\n\tvar buf [n]byte\n\tbuf[i%n] = 1\n\treturn other');
    const p = ok(plan(text, 'p.f', 3));
    assert.match(strategy(p, 'slice-make').text, /\nvar fBufLen = 65536\n/);
  });

  it('signatures with interface{} and CRLF files', () => {
    const text =
      'package p\r\n\r\nfunc f(x interface{}, s struct{ a int }) (r struct{}) {\r\n\tvar buf [65536]byte\r\n\tbuf[0] = 1\r\n\treturn\r\n}\r\n';
    const p = ok(plan(text, 'p.f', 3));
    const c = strategy(p, 'slice-make');
    assert.ok(c.edits[0].newText.endsWith('var fBufLen = 65536\r\n\r\n'));
    assert.equal(c.edits[0].newText.split('\n').length, 5);
    assert.ok(!/[^\r]\n/.test(c.text), 'a bare LF was written into a CRLF file');
  });

  it('generic functions by their instantiated symbol', () => {
    const text = 'package p\n\nfunc Sum[T ~int](i T) T {\n\tvar acc [8192]T\n\tacc[i&8191] = i\n\treturn acc[(i>>1)&8191]\n}\n';
    const p = plan(text, 'p.Sum[go.shape.int]', 3);
    // The element is a type parameter: size unknown, so nothing is offered.
    assert.ok(!p.ok);
    const q = ok(plan(text.replace('[8192]T', '[8192]int'), 'p.Sum[go.shape.int]', 3));
    assert.equal(q.local.size, 65536);
  });
});
