// Crash triage on the public corpus (test-fixtures/crash-logs/public: logs people
// posted, classed by the maintainers' conclusions) and its mutations: every log
// of this bug is consistent; no log from another architecture or a pre-go1.14
// Go is; every log holding a crash yields one (partial where it is cut), a log
// without a crash yields none; wrapped, indented and quoted copies triage like
// the original; N logs joined with service lines give the originals' verdicts
// in order; cuts inside a crash keep it (marked partial when its start is cut);
// no signature, fault address or frame is stated that the log does not show.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readCrashTexts, triageInputs } from '../../server/src/core/triage/triage';
import type { TriageCrash } from '../../server/src/core/triage/types';
import { cannotBeThisBug, CORPUS_DIR, loadCorpus, serviceLines, WRAPPERS, type CorpusEntry } from '../support/crashCorpus';

const corpus = loadCorpus();

async function triage(name: string, text: string): Promise<TriageCrash[]> {
  return (await triageInputs(await readCrashTexts([{ name, text }]))).crashes;
}

const fits = (c: TriageCrash) => c.verdict !== 'unrelated';
const shape = (cs: TriageCrash[]) => cs.map((c) => `${c.verdict}${c.partial ? '*' : ''}`);

/** The properties every triage of a corpus log (or a copy of it) must have. */
function assertClass(e: CorpusEntry, cs: TriageCrash[], what: string): void {
  if (e.class === 'no-crash') assert.equal(cs.length, 0, `${what}: no crash expected, got ${shape(cs)}`);
  else assert.ok(cs.length >= 1, `${what}: holds a crash, none found`);
  if (e.class === 'this-bug') assert.ok(cs.some(fits), `${what}: this bug, got ${shape(cs)}`);
  if (cannotBeThisBug(e)) assert.ok(!cs.some(fits), `${what}: ${e.arch} ${e.goVersion ?? ''}, got ${shape(cs)}`);
}

/** Nothing stated that the log does not show. */
function assertShown(text: string, cs: TriageCrash[], what: string): void {
  for (const c of cs) {
    for (const s of c.signatures) {
      const head = s.split(' ').slice(0, 3).join(' ');
      assert.ok(text.includes(head), `${what}: signature ${JSON.stringify(s)} not in the log`);
      const addr = /addr=(0x[0-9a-f]+)/.exec(s);
      if (addr) assert.ok(text.includes(`addr=${addr[1]}`), `${what}: ${addr[0]} not in the log`);
    }
    const p = c.preempted;
    if (p) {
      assert.ok(text.includes(p.function), `${what}: frame ${p.function} not in the log`);
      if (p.offset !== null) assert.ok(text.includes(`+0x${p.offset.toString(16)}`), `${what}: offset not in the log`);
      if (p.preempted) assert.ok(/asyncPreempt|\[preempted/.test(text), `${what}: called preempted, the log shows no preemption`);
    }
  }
}

describe('triage: the public crash-log corpus', function () {
  this.timeout(120_000);
  it('holds at least 40 logs of every class, each listed with its source', () => {
    assert.ok(corpus.length >= 40, String(corpus.length));
    const listed = new Set(corpus.map((e) => e.file));
    for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.txt'))) assert.ok(listed.has(f), `${f} is not in manifest.json`);
    for (const e of corpus) assert.ok(e.source.url || (e.source.repository && e.source.issue), `${e.file} names no source`);
    for (const k of ['this-bug', 'other-unwinder', 'other-crash', 'no-crash'])
      assert.ok(
        corpus.some((e) => e.class === k),
        k,
      );
  });

  for (const e of corpus) {
    it(`${e.file} (${e.class}, ${e.arch})`, async () => {
      const cs = await triage(e.file, e.text);
      assertClass(e, cs, e.file);
      assertShown(e.text, cs, e.file);
      assert.equal(cs.length, e.crashes, `${e.file}: ${e.crashes} crash(es) in the manifest, got ${shape(cs)}`);
      if (e.class !== 'no-crash' && !e.partial)
        assert.ok(
          cs.every((c) => !c.partial || c.gaps.every((g) => g.missing === 'end')),
          shape(cs).join(),
        );
      for (const c of cs) {
        if (c.verdict === 'consistent' || c.verdict === 'confirmed') {
          assert.match(c.remedy ?? '', /GODEBUG=asyncpreemptoff=1/);
          assert.match(c.remedy ?? '', /This bug exists only on arm64\./);
        }
        const arch = c.evidence.find((x) => x.kind === 'architecture');
        assert.ok(arch, 'the architecture is always named, or said to be unknown');
        if (c.partial) assert.ok(c.evidence.some((x) => x.kind === 'missing'));
      }
    });
  }
});

describe('triage: mutations of the corpus', function () {
  this.timeout(300_000);

  it('wrapped as Kubernetes JSON, CRI, journald, indented or > quoted: the same verdicts as the original', async () => {
    for (const e of corpus) {
      const want = shape(await triage(e.file, e.text));
      for (const [name, wrap] of Object.entries(WRAPPERS)) {
        const cs = await triage(e.file, wrap(e.text));
        assert.deepEqual(shape(cs), want, `${e.file} ${name}`);
        assertClass(e, cs, `${e.file} ${name}`);
      }
    }
  });

  it('N logs joined by service lines: exactly the originals’ verdicts, in order', async () => {
    const holding = corpus.filter((e) => e.class !== 'no-crash');
    for (let start = 0; start < holding.length; start += 4) {
      const group = holding.slice(start, start + 4);
      const want: string[] = [];
      for (const e of group) want.push(...shape(await triage(e.file, e.text)));
      const text = group.map((e, i) => `${serviceLines(3, i)}\n${e.text.replace(/\n*$/, '')}`).join('\n') + `\n${serviceLines(3, 9)}\n`;
      // Verdicts, in order (whether a crash was cut at its end is known only at the end of the input).
      const got = (await triage('joined', text)).map((c) => c.verdict);
      assert.deepEqual(
        got,
        want.map((w) => w.replace('*', '')),
        group.map((e) => e.file).join(' + '),
      );
    }
  });

  it('cut inside a crash (head kept, or tail from a goroutine block): the crash stays, partial when its start is gone', async () => {
    for (const e of corpus.filter((x) => x.class !== 'no-crash')) {
      const ls = e.text.split('\n');
      const [first] = await triage(e.file, e.text);
      for (const frac of [0.3, 0.6, 0.9]) {
        const n = Math.max(1, Math.floor(first.line + (ls.length - first.line) * frac));
        const head = await triage(e.file, ls.slice(0, n).join('\n'));
        assert.ok(head.length >= 1, `${e.file}: first ${n} lines`);
        assertShown(e.text, head, `${e.file} head ${n}`);
        if (cannotBeThisBug(e)) assert.ok(!head.some(fits) || !head.some((c) => c.archProven), `${e.file} head ${n}`);
      }
      const block = ls.findIndex(
        (l, i) => i >= first.line && /^\s*(?:goroutine \d+ .*\]:|runtime stack:)$/.test(l.replace(/^.*?(goroutine|runtime stack)/, '$1')),
      );
      // Parked goroutines alone (no running one, no runtime frame, no fatal-traceback detail) are what a program
      // prints on purpose too: without the header nothing says they were a crash.
      const tailText = ls.slice(block).join('\n');
      if (block > first.line && /\[running\]|gp=0x| fp=0x|(?:^|\n)\W*runtime[.:]|(?:^|\n)\W*(?:r\d+|rip|rax)\s+0x/.test(tailText)) {
        const tail = await triage(e.file, tailText);
        assert.ok(tail.length >= 1, `${e.file}: from line ${block + 1}`);
        if (!ls.slice(block).some((l) => /fatal error: |panic: |SIG[A-Z]+: |\[signal /.test(l)))
          assert.equal(tail[0].partial, true, `${e.file}: from line ${block + 1}`);
        assertShown(e.text, tail, `${e.file} tail`);
      }
    }
  });

  it('logs without a crash stay without one in every wrapping and when joined', async () => {
    const none = corpus.filter((e) => e.class === 'no-crash');
    for (const e of none) for (const wrap of Object.values(WRAPPERS)) assert.deepEqual(await triage(e.file, wrap(e.text)), []);
    assert.deepEqual(await triage('joined', none.map((e) => e.text).join(`\n${serviceLines(2, 1)}\n`)), []);
  });
});
