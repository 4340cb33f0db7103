// What a verdict says and rests on, on committed logs and hand-cut variants:
// the architecture and how the log shows it (or that it does not, and what
// would settle it); `unrelated` for another architecture and pre-go1.14 Go;
// "the preempted frame" only when the log shows the preemption; a cut crash
// marked partial with the line to read more from; a crash that ends after its
// `runtime stack:` block does not swallow the service lines and the next
// crash; and the remedy for leaf, non-leaf and unknown functions, its fixed
// releases taken from the toolchain version table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nonLeafFixedReleases } from '../../server/src/core/toolchain/goVersion';
import { triageTexts } from '../../server/src/core/triage/triage';
import { triageRemedy } from '../../server/src/core/vocabulary';
import { FIXTURES } from '../support/paths';

const read = (name: string): string => readFileSync(path.join(FIXTURES, 'crash-logs', name), 'utf8');
const one = async (text: string) => {
  const r = await triageTexts([{ name: 'log', text }]);
  assert.equal(r.crashes.length, 1, JSON.stringify(r.crashes.map((c) => c.signatures)));
  return r.crashes[0];
};
const GO126 = read('go1.26.10-leaf-traceback-did-not-unwind-1.txt');

describe('triage: evidence, wording and remedy', () => {
  it('names the architecture and how it shows; the same crash on amd64 is unrelated, saying why', async () => {
    const c = await one(GO126);
    assert.equal(c.arch, 'arm64');
    assert.equal(c.archProven, true);
    assert.match(c.evidence.find((e) => e.kind === 'architecture')?.text ?? '', /^arm64: `asm_arm64\.s:\d+` is arm64's runtime assembly/);
    assert.match(c.explanation, /The preempted frame is main\.bigStack\+0x70 \(\/home\/user\/repro\/main\.go:9\)\./);
    const amd64 = await one(GO126.replace(/asm_arm64\.s/g, 'asm_amd64.s').replace('main.go:9 +0x70', 'main.go:9 +0x105'));
    assert.equal(amd64.verdict, 'unrelated');
    assert.equal(amd64.remedy, null);
    assert.match(
      amd64.explanation,
      /^Not the split-epilogue crash: the log shows amd64 \(`asm_amd64\.s:\d+` is amd64's runtime assembly.*\), and this bug exists only on arm64\./,
    );
  });

  it('odd offsets alone prove it is not arm64; nothing at all says the architecture is unknown and what would settle it', async () => {
    const lines = [
      'fatal error: traceback did not unwind completely',
      '',
      'goroutine 1 [running]:',
      'main.f()',
      '\t/src/a.go:3 +0x105',
      '',
    ];
    const x86 = await one(lines.join('\n'));
    assert.equal(x86.verdict, 'unrelated');
    assert.match(x86.explanation, /`\+0x105` is not a multiple of 4, which no arm64 pc is/);
    const bare = await one(['fatal error: traceback did not unwind completely', ''].join('\n'));
    assert.equal(bare.verdict, 'consistent');
    assert.equal(bare.arch, null);
    assert.match(
      bare.evidence.find((e) => e.kind === 'architecture')?.text ?? '',
      /^architecture not shown: .*`go version -m BINARY`.* would settle it$/,
    );
  });

  it('a Go before go1.14 (no async preemption) is unrelated, naming the version and where it shows', async () => {
    const old = GO126.replace(/\/usr\/lib\/go-1\.26\//g, '/usr/local/go1.13.8/');
    const c = await one(old);
    assert.equal(c.verdict, 'unrelated');
    assert.equal(c.goVersion, 'go1.13.8');
    assert.match(c.explanation, /the log shows go1\.13\.8 \(.*\), older than go1\.14, which has no async preemption/);
  });

  it('"the preempted frame" only when the log shows the preemption; else the frame whose return address was unusable', async () => {
    const c = await one(read('go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118.txt'));
    assert.equal(c.verdict, 'consistent');
    assert.equal(c.preempted?.preempted, false);
    assert.match(c.explanation, /The frame whose return address the unwinder could not use is main\.bigStack\./);
    assert.doesNotMatch(c.explanation, /preempted frame/);
    // The signatures are exactly the lines the log has.
    const text = read('go1.19.8-leaf-unknown-caller-pc-sigsegv-0x118.txt');
    for (const s of c.signatures) assert.ok(text.includes(s.replace(/ in runtime\.gentraceback$/, '')), s);
  });

  it('a crash cut before its header is partial, with the line to read more from', async () => {
    const lines = GO126.split('\n');
    const from = lines.indexOf('runtime stack:');
    const c = await one(['service: ok', ...lines.slice(from)].join('\n'));
    assert.equal(c.partial, true);
    assert.deepEqual(c.gaps, [{ missing: 'header', line: 2 }]);
    assert.ok(
      c.evidence.some((e) => e.kind === 'missing' && e.text === 'the `fatal error` line is cut off: take more lines before line 2'),
    );
    assert.equal(c.verdict, 'consistent');
    assert.deepEqual([c.preempted?.function, c.preempted?.offset], ['main.bigStack', 0x70]);
    const none = await triageTexts([{ name: 'log', text: 'service: ok\nservice: still ok\n' }]);
    assert.equal(none.crashes.length, 0);
  });

  it('a crash whose text ends after its runtime stack block does not swallow the service lines and the next crash', async () => {
    const oom = [
      'fatal error: out of memory',
      '',
      'runtime stack:',
      'runtime.throw({0x1, 0x2})',
      '\t/usr/local/go/src/runtime/panic.go:1023 +0x48',
    ];
    const text = [
      ...oom,
      '2026/11/22 02:00:01 restarted',
      '2026/11/22 02:00:02 serving',
      GO126,
      '2026/11/22 02:00:03 restarted',
      ...oom,
      '',
    ].join('\n');
    const r = await triageTexts([{ name: 'log', text }]);
    assert.deepEqual(
      r.crashes.map((c) => [c.verdict, c.signatures[0]]),
      [
        ['unrelated', 'fatal error: out of memory'],
        ['consistent', 'fatal error: traceback did not unwind completely'],
        ['unrelated', 'fatal error: out of memory'],
      ],
    );
    assert.deepEqual(
      r.summary.map((s) => [s.verdict, s.signature, s.count]),
      [
        ['unrelated', 'fatal error: out of memory', 2],
        ['consistent', 'fatal error: traceback did not unwind completely', 1],
      ],
    );
  });

  it('the remedy: leaf, non-leaf (its line’s fixed release) and unknown; the fixed releases come from the version table', () => {
    const fixed = nonLeafFixedReleases();
    assert.deepEqual(fixed, ['go1.23.12', 'go1.24.6', 'go1.25.0']);
    assert.match(triageRemedy(true), /^Leaf function: a toolchain upgrade does not help/);
    assert.match(triageRemedy(false, 'go1.24.4'), /^Non-leaf function: rebuild with go1\.24\.6\+ \(built with go1\.24\.4\)/);
    assert.match(triageRemedy(false), /^Non-leaf function: rebuild with go1\.23\.12\+, go1\.24\.6\+, go1\.25\.0\+/);
    const unknown = triageRemedy(null);
    assert.match(
      unknown,
      /^Change the code .*: no toolchain fixes leaf functions yet; if it is not a leaf function, go1\.23\.12\+, go1\.24\.6\+, go1\.25\.0\+ fix it/,
    );
    for (const r of [triageRemedy(true), triageRemedy(false), unknown]) {
      assert.match(r, /GODEBUG=asyncpreemptoff=1.*tight loops can delay garbage collection/);
      assert.match(r, /This bug exists only on arm64\.$/);
      assert.doesNotMatch(r, /Until the fix ships/);
    }
  });
});
