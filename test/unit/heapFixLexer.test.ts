import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tokenizeGo } from '../../server/src/core/heapfix/goLexer';
import { emptyEnv, collectDecls, evalConst, sizeOfType } from '../../server/src/core/heapfix/constEval';

const texts = (src: string): string[] => tokenizeGo(src).map((t) => (t.kind === 'semi' && t.text === '\n' ? ';' : t.text));

describe('heap fix: Go lexer', () => {
  it('inserts semicolons after operands and closing brackets only', () => {
    assert.deepEqual(texts('x := a +\n\tb\nf(\n\t1,\n)\nreturn\n'), [
      'x',
      ':=',
      'a',
      '+',
      'b',
      ';',
      'f',
      '(',
      '1',
      ',',
      ')',
      ';',
      'return',
      ';',
    ]);
  });
  it('skips comments and keeps strings, runes and raw strings whole', () => {
    assert.deepEqual(texts('s := "a{b//c" // x\nr := \'}\' /* {\n */ q := `x\n}`\n'), [
      's',
      ':=',
      '"a{b//c"',
      ';',
      'r',
      ':=',
      "'}'",
      ';',
      'q',
      ':=',
      '`x\n}`',
      ';',
    ]);
  });
  it('reads numbers and longest operators', () => {
    assert.deepEqual(texts('a &^= 0x1p-2 + 1_000 <<= .5e+3i'), ['a', '&^=', '0x1p-2', '+', '1_000', '<<=', '.5e+3i', ';']);
    assert.deepEqual(
      tokenizeGo("1 0x10 1.5 2i 'a'").map((t) => t.kind),
      ['int', 'int', 'float', 'imag', 'char', 'semi'],
    );
  });
  it('non-ASCII identifiers, surrogate pairs in strings', () => {
    assert.deepEqual(texts('größe := "😀"\n'), ['größe', ':=', '"😀"', ';']);
  });
  it('property: tokens are ordered, disjoint and their text is the source slice', () => {
    const piece = fc.constantFrom(
      'buf',
      ' ',
      '\n',
      '\t',
      '[',
      ']',
      '{',
      '}',
      '(',
      ')',
      '"s{"',
      '`r\n`',
      '// c\n',
      '/* c */',
      '0x1F',
      ':=',
      '&^',
      '.',
      '...',
      "'x'",
      'é',
      '😀',
      ';',
      '+',
      '/',
      '*',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const src = parts.join('');
        let at = 0;
        for (const t of tokenizeGo(src)) {
          assert.ok(t.start >= at && t.end >= t.start && t.end <= src.length);
          if (t.kind !== 'semi' || t.text === ';') assert.equal(src.slice(t.start, t.end), t.text);
          at = t.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('heap fix: constants and sizes', () => {
  const env = emptyEnv();
  collectDecls(
    tokenizeGo(
      [
        'package p',
        'const (',
        '\ta = iota * 10',
        '\tb',
        '\tc, d = 1 << 12, 0o17',
        ')',
        'const e int64 = (c + 0b1000) &^ 8',
        "const f = 'A' + 1",
        'type word uint32',
        'type row [c]word',
        'type alias = [2]row',
        'func g() { const hidden = 5 }',
      ].join('\n'),
    ),
    env,
  );
  const v = (s: string): bigint | undefined =>
    evalConst(
      tokenizeGo(s).filter((t) => t.kind !== 'semi'),
      env,
    );
  it('iota, implicit repetition, octal, binary, runes, &^', () => {
    assert.deepEqual([v('a'), v('b'), v('c'), v('d'), v('e'), v('f')], [0n, 10n, 4096n, 15n, 4096n, 66n]);
    assert.equal(v('hidden'), undefined);
    assert.equal(v('1 << 16 / 2'), 32768n);
    assert.equal(v('-(1 << 3) + int64(c)'), 4088n);
  });
  it('sizes of basic, named and array types on arm64', () => {
    const size = (s: string): bigint | undefined =>
      sizeOfType(
        tokenizeGo(s).filter((t) => t.kind !== 'semi'),
        env,
      );
    assert.deepEqual(
      [size('[c]word'), size('row'), size('alias'), size('[4][1024]complex128'), size('[8]string'), size('[2][]byte')],
      [16384n, 16384n, 32768n, 65536n, 128n, 48n],
    );
    assert.equal(size('[8]struct{ a int }'), undefined);
    assert.equal(size('[n]byte'), undefined);
  });
});
