import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  readGoModDirectives,
  setToolchainDirective,
  upgradeToolchainEdit,
  compareGoModVersions,
  type SetToolchainResult,
} from '../../server/src/core/toolchain/gomod';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures/gomod');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Lines split on `\n` only, so a `\r` stays part of its line and is compared too. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[]; at: number } {
  const a = before.split('\n');
  const b = after.split('\n');
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { removed: a.slice(p, a.length - s), added: b.slice(p, b.length - s), at: p };
}

function okResult(r: SetToolchainResult): Extract<SetToolchainResult, { ok: true }> {
  assert.ok(r.ok, `expected an edit, got: ${r.ok ? '' : r.reason}`);
  return r;
}

/** The edit applied by offsets and by line/character must give the same text. */
function applyByPosition(text: string, r: Extract<SetToolchainResult, { ok: true }>): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, off(r.edit.start)) + r.edit.newText + text.slice(off(r.edit.end));
}

interface Case {
  file: string;
  target: string;
  removed: string[];
  added: string[];
  at: number;
}
const cases: Case[] = [
  { file: 'basic.mod', target: 'go1.24.6', removed: [], added: ['toolchain go1.24.6'], at: 3 },
  {
    file: 'comments.mod',
    target: 'go1.23.12',
    removed: ['toolchain go1.23.4 // pinned for reproducible builds'],
    added: ['toolchain go1.23.12 // pinned for reproducible builds'],
    at: 6,
  },
  { file: 'godebug.mod', target: 'go1.24.6', removed: ['toolchain default'], added: ['toolchain go1.24.6'], at: 4 },
  { file: 'retract.mod', target: 'go1.23.12', removed: [], added: ['toolchain go1.23.12'], at: 3 },
  { file: 'crlf.mod', target: 'go1.23.12', removed: ['toolchain go1.23.5\r'], added: ['toolchain go1.23.12\r'], at: 4 },
  { file: 'crlf-no-toolchain.mod', target: 'go1.24.6', removed: [], added: ['toolchain go1.24.6\r'], at: 4 },
  { file: 'no-final-newline.mod', target: 'go1.24.6', removed: [], added: ['toolchain go1.24.6'], at: 5 },
  { file: 'no-go.mod', target: 'go1.25.0', removed: [], added: ['toolchain go1.25.0'], at: 1 },
  { file: 'tabs.mod', target: 'go1.24.6', removed: [], added: ['toolchain go1.24.6'], at: 3 },
];

describe('gomod: setToolchainDirective on realistic go.mod files', () => {
  for (const c of cases) {
    it(`${c.file}: only the toolchain line changes (${c.target})`, () => {
      const before = read(c.file);
      const r = okResult(setToolchainDirective(before, c.target));
      assert.deepEqual(lineDiff(before, r.text), { removed: c.removed, added: c.added, at: c.at });
      assert.equal(applyByPosition(before, r), r.text);
      assert.equal(readGoModDirectives(r.text).toolchain?.value, c.target);
      assert.equal(readGoModDirectives(r.text).go?.value, readGoModDirectives(before).go?.value);
      // Applying it twice changes nothing more.
      const again = setToolchainDirective(r.text, c.target);
      assert.equal(again.ok ? 'edit' : again.code, 'unchanged');
    });
  }

  it('edit is a single range replacing only the version token of an existing line', () => {
    const before = read('comments.mod');
    const r = okResult(setToolchainDirective(before, 'go1.23.12'));
    assert.deepEqual(r.edit, {
      start: { line: 6, character: 10 },
      end: { line: 6, character: 18 },
      startOffset: before.indexOf('go1.23.4'),
      endOffset: before.indexOf('go1.23.4') + 8,
      newText: 'go1.23.12',
    });
    assert.equal(r.previous, 'go1.23.4');
  });

  it('inserts after the go line, keeping CRLF', () => {
    const before = read('crlf-no-toolchain.mod');
    const r = okResult(setToolchainDirective(before, 'go1.24.6'));
    assert.deepEqual(r.edit.start, { line: 4, character: 0 });
    assert.deepEqual(r.edit.end, { line: 4, character: 0 });
    assert.equal(r.edit.newText, 'toolchain go1.24.6\r\n');
  });

  it('appends after a last go line without adding a final newline', () => {
    const before = read('no-final-newline.mod');
    const r = okResult(setToolchainDirective(before, 'go1.24.6'));
    assert.equal(r.edit.newText, '\ntoolchain go1.24.6');
    assert.ok(r.text.endsWith('go 1.24.2\ntoolchain go1.24.6'));
  });

  it('refuses a toolchain below the go line', () => {
    const r = setToolchainDirective(read('go-newer.mod'), 'go1.24.6');
    assert.equal(r.ok ? 'edit' : r.code, 'below-go');
  });

  it('refuses to downgrade an existing newer toolchain', () => {
    const r = setToolchainDirective(read('toolchain-newer.mod'), 'go1.23.12');
    assert.equal(r.ok ? 'edit' : r.code, 'already-newer');
  });

  it('refuses when the running go predates the toolchain directive', () => {
    const r = setToolchainDirective(read('basic.mod'), 'go1.25.0', { running: 'go1.19.8' });
    assert.equal(r.ok ? 'edit' : r.code, 'go-command-too-old');
    assert.ok(setToolchainDirective(read('basic.mod'), 'go1.25.0', { running: 'go1.21.13' }).ok);
  });

  it('rejects names that are not Go releases', () => {
    for (const v of ['1.24.6', 'go1.24.6; rm', 'go2', '']) {
      const r = setToolchainDirective(read('basic.mod'), v);
      assert.equal(r.ok ? 'edit' : r.code, 'invalid-version', v);
    }
  });

  it('notes when the go line is below 1.21', () => {
    const r = okResult(setToolchainDirective('module m\n\ngo 1.19\n', 'go1.25.0'));
    assert.equal(r.text, 'module m\n\ngo 1.19\ntoolchain go1.25.0\n');
    assert.equal(r.notes.length, 1);
  });
});

describe('gomod: readGoModDirectives', () => {
  it('finds go and toolchain with ranges, ignoring comments and other blocks', () => {
    const d = readGoModDirectives(read('comments.mod'));
    assert.equal(d.module?.path, 'example.com/comments');
    assert.deepEqual(d.go && { value: d.go.value, line: d.go.line, range: d.go.range, comment: d.go.comment }, {
      value: '1.23.0',
      line: 4,
      range: { start: { line: 4, character: 3 }, end: { line: 4, character: 9 } },
      comment: '// bumped with the 2024-08 release',
    });
    assert.deepEqual(d.toolchain?.lineRange, { start: { line: 6, character: 0 }, end: { line: 6, character: 18 } });
    assert.equal(d.eol, '\n');
    assert.deepEqual(d.problems, []);
  });

  it('reads CRLF files without the carriage return in values', () => {
    const d = readGoModDirectives(read('crlf.mod'));
    assert.equal(d.eol, '\r\n');
    assert.equal(d.go?.value, '1.23.2');
    assert.deepEqual(d.toolchain?.range, { start: { line: 4, character: 10 }, end: { line: 4, character: 18 } });
  });

  it('godebug and retract blocks do not count as directives', () => {
    const g = readGoModDirectives(read('godebug.mod'));
    assert.equal(g.toolchain?.value, 'default');
    assert.equal(g.go?.value, '1.24');
    const r = readGoModDirectives(read('retract.mod'));
    assert.equal(r.go?.value, '1.21.3');
    assert.equal(r.toolchain, undefined);
  });

  it('comment markers inside tokens end them, as in modfile', () => {
    const d = readGoModDirectives('module m\ngo 1.22//x\ntoolchain go1.22.3// y\n');
    assert.equal(d.go?.value, '1.22');
    assert.equal(d.toolchain?.value, 'go1.22.3');
    assert.equal(d.toolchain?.comment, '// y');
  });
});

describe('gomod: compareGoModVersions follows gover', () => {
  it('orders language versions, prereleases and releases', () => {
    const order = ['1.19', '1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.3', 'go1.22.1', '1.24.6', '1.24.7', '1.25'];
    for (let i = 0; i + 1 < order.length; i++)
      assert.equal(compareGoModVersions(order[i], order[i + 1]), -1, `${order[i]} < ${order[i + 1]}`);
    assert.equal(compareGoModVersions('go1.24.6-custom', '1.24.6'), 0);
  });
});

describe('gomod: property: noise around the directives survives byte for byte', () => {
  const ws = fc.array(fc.constantFrom(' ', '\t'), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
  const optWs = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 2 }).map((a) => a.join(''));
  const commentBody = fc
    .array(fc.constantFrom('a', ' ', '\t', '(', ')', '"', '`', 'é', '世', '😀', 'go 1.30', 'toolchain go1.99.9', '//', '=>', '[', ','), {
      maxLength: 8,
    })
    .map((a) => a.join(''));
  const comment = fc.option(
    commentBody.map((b) => `//${b}`),
    { nil: undefined },
  );
  const block = fc.constantFrom(
    ['require (', '\texample.com/a v1.0.0', '\texample.com/b v0.1.0 // indirect', ')'],
    ['retract (', '\t[v1.0.0, v1.1.0] // bad', '\tv0.9.0', ')'],
    ['godebug (', '\tpanicnil=1', ')'],
    ['replace example.com/a => ../a'],
    ['exclude (', '\texample.com/a v0.0.1', ')'],
  );
  const doc = fc.record({
    eol: fc.constantFrom('\n', '\r\n'),
    finalEol: fc.boolean(),
    goVer: fc.constantFrom('1.21', '1.22.0', '1.23.1', '1.24'),
    tc: fc.option(fc.constantFrom('go1.21.0', 'go1.22.7', 'default'), { nil: undefined }),
    pre: fc.array(fc.tuple(block, comment), { maxLength: 3 }),
    post: fc.array(fc.tuple(block, comment), { maxLength: 3 }),
    noise: fc.array(fc.tuple(optWs, ws, optWs, comment), { minLength: 3, maxLength: 3 }),
    blank: fc.array(
      fc.option(
        commentBody.map((b) => `${'\t'}//${b}`),
        { nil: '' },
      ),
      { minLength: 4, maxLength: 4 },
    ),
  });

  it('only the toolchain line changes, and it keeps its comment and spacing', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const lines: string[] = [];
        const [mn, gn, tn] = d.noise;
        const cm = (c: string | undefined): string => (c === undefined ? '' : ` ${c}`);
        lines.push(`${mn[0]}module${mn[1]}example.com/m${mn[2]}${cm(mn[3])}`, d.blank[0]);
        for (const [b, c] of d.pre) lines.push(...b.map((l, i) => (i === 0 ? l + cm(c) : l)), d.blank[1]);
        lines.push(`${gn[0]}go${gn[1]}${d.goVer}${gn[2]}${cm(gn[3])}`);
        if (d.tc) lines.push(`${tn[0]}toolchain${tn[1]}${d.tc}${tn[2]}${cm(tn[3])}`);
        lines.push(d.blank[2]);
        for (const [b, c] of d.post) lines.push(...b.map((l, i) => (i === 0 ? l + cm(c) : l)), d.blank[3]);
        const text = lines.join(d.eol) + (d.finalEol ? d.eol : '');
        const r = okResult(setToolchainDirective(text, 'go1.24.6'));
        const diff = lineDiff(text, r.text);
        const cr = d.eol === '\r\n' ? '\r' : '';
        if (d.tc) {
          const old = `${tn[0]}toolchain${tn[1]}${d.tc}${tn[2]}${cm(tn[3])}`;
          assert.deepEqual(diff.removed, [old + cr]);
          assert.deepEqual(diff.added, [`${tn[0]}toolchain${tn[1]}go1.24.6${tn[2]}${cm(tn[3])}${cr}`]);
        } else {
          assert.deepEqual(diff.removed, []);
          assert.deepEqual(diff.added, [`toolchain go1.24.6${cr}`]);
        }
        assert.equal(applyByPosition(text, r), r.text);
        const after = readGoModDirectives(r.text);
        assert.equal(after.toolchain?.value, 'go1.24.6');
        assert.equal(after.go?.value, d.goVer);
      }),
      { numRuns: 400 },
    );
  });
});

describe('gomod: malformed files', () => {
  it('reports go/toolchain blocks as cmd/go does, yet still edits the value', () => {
    const text = 'module m\n\ngo (\n\t1.22.0\n)\n\ntoolchain (\n\tgo1.22.1 // pinned\n)\n';
    const d = readGoModDirectives(text);
    assert.deepEqual(d.problems, ['unknown block type: go', 'unknown block type: toolchain']);
    const r = okResult(setToolchainDirective(text, 'go1.23.12'));
    assert.deepEqual(lineDiff(text, r.text), { removed: ['\tgo1.22.1 // pinned'], added: ['\tgo1.23.12 // pinned'], at: 7 });
  });
});

describe('gomod: upgradeToolchainEdit picks the first fixed release', () => {
  const base = 'module m\n\ngo 1.21\n';
  for (const [running, target] of [
    ['go1.24.4', 'go1.24.6'],
    ['go1.23.5', 'go1.23.12'],
    ['go1.22.12', 'go1.25.0'],
    ['go1.21.13', 'go1.25.0'],
  ]) {
    it(`${running} -> ${target}`, () => {
      const r = upgradeToolchainEdit(base, running);
      assert.ok(r.ok);
      assert.equal(r.target, target);
      assert.equal(r.text, `${base}toolchain ${target}\n`);
    });
  }
  it('not needed on go1.26.10, refused on go1.19.8', () => {
    const a = upgradeToolchainEdit(base, 'go1.26.10');
    const b = upgradeToolchainEdit(base, 'go1.19.8');
    assert.deepEqual([a.ok ? 'edit' : a.code, b.ok ? 'edit' : b.code], ['not-needed', 'go-command-too-old']);
  });
});
