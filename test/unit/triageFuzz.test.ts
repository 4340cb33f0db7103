// The crash-log reader (unwrap -> split -> parse -> verdict) on random and
// mutated input: it never throws, keeps what it holds bounded (lines cut at
// MAX_LINE, a bounded number of crashes) and always answers; and a mutation
// that leaves a crash's own lines alone (garbage before it, after the service
// line that ends it, any chunking) keeps that crash exactly: its verdict,
// signatures, frame and partial marker.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { lineKind } from '../../server/src/core/crash/openers';
import { CrashStream } from '../../server/src/core/crash/split';
import { LineUnwrapper, MAX_LINE } from '../../server/src/core/crash/unwrap';
import { triageInputs, triageTexts } from '../../server/src/core/triage/triage';
import type { TriageCrash } from '../../server/src/core/triage/types';
import { FIXTURES } from '../support/paths';

const LOGS = path.join(FIXTURES, 'crash-logs');
const logs = readdirSync(LOGS)
  .filter((n) => n.endsWith('.txt') && n.startsWith('go'))
  .map((n) => readFileSync(path.join(LOGS, n), 'utf8'));

/** A real log with random edits: lines dropped, duplicated, cut, or garbage inserted. */
const mutatedLog = fc
  .tuple(
    fc.constantFrom(...logs),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'cut', 'insert', 'json'), fc.string({ unit: 'binary', maxLength: 40 })), {
      maxLength: 30,
    }),
  )
  .map(([text, edits]) => {
    const lines = text.split('\n');
    for (const [at, op, junk] of edits) {
      const i = at % Math.max(1, lines.length);
      if (op === 'drop') lines.splice(i, 1);
      else if (op === 'dup') lines.splice(i, 0, lines[i] ?? '');
      else if (op === 'cut') lines[i] = (lines[i] ?? '').slice(0, junk.length);
      else if (op === 'insert') lines.splice(i, 0, junk);
      else lines[i] = `{"log":${JSON.stringify(junk)}`;
    }
    return lines.join('\n');
  });

function chunked(text: string, sizes: number[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (let k = 0; i < text.length; k++) {
    const n = Math.max(1, sizes[k % Math.max(1, sizes.length)] ?? 64);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('triage fuzz: random and mutated logs', () => {
  it('never throws on mutated real logs, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedLog, fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 8 }), async (text, sizes) => {
        const s = new CrashStream();
        for (const c of chunked(text, sizes)) s.push(c);
        const { crashes, lines } = s.end();
        assert.ok(crashes.length <= lines + 1);
        const r = await triageTexts([{ name: 'm', text }]);
        for (const c of r.crashes) assert.ok(['confirmed', 'consistent', 'unrelated'].includes(c.verdict));
      }),
      { numRuns: 200 },
    );
  });

  it('garbage around a crash (not touching its lines) keeps the crash exactly, whatever the chunking', async () => {
    const key = (cs: TriageCrash[]) =>
      cs.map((c) => JSON.stringify([c.verdict, c.partial, c.signatures, c.preempted, c.arch, c.goVersion, c.evidence]));
    const originals = await Promise.all(logs.map(async (t) => key((await triageTexts([{ name: 'o', text: t }])).crashes)));
    const junkLine = fc.string({ unit: 'binary', maxLength: 60 }).map((l) => l.replace(/[\r\n]/g, ' '));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: logs.length - 1 }),
        fc.array(junkLine, { maxLength: 12 }),
        fc.array(junkLine, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 8 }),
        async (i, before, after, sizes) => {
          // Junk that happens to be a crash's own line (a header, a frame) is no longer junk: leave it out.
          const junk = (ls: string[]) => ls.filter((l) => lineKind(l) === 'foreign' || lineKind(l) === 'blank');
          const text = [
            ...junk(before),
            'service: started',
            logs[i].replace(/\n+$/, ''),
            'service: restarting',
            'service: restarted',
            ...junk(after),
          ].join('\n');
          const s = new CrashStream();
          for (const c of chunked(text, sizes)) s.push(c);
          const read = { name: 'o', ...s.end() };
          const got = key((await triageInputs([read])).crashes);
          assert.deepEqual(got, originals[i]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never throws on random text, JSON-ish lines and prefixes', async () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ maxLength: 40 }).map((s) => `{"log":${JSON.stringify(s)},"stream":"stderr"}`),
      fc.string({ maxLength: 40 }).map((s) => `2026-11-22T02:00:00Z stderr P ${s}`),
      fc.constantFrom(
        'fatal error: traceback did not unwind completely',
        'panic: x',
        'goroutine 1 [preempted]:',
        'runtime.asyncPreempt()',
        'main.f(0x1)',
        '\t/a.go:9 +0x70',
        '',
        'SIGSEGV: segmentation violation',
        'PC=0x1 m=0 sigcode=1 addr=0x118',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), async (ls) => {
        const r = await triageTexts([{ name: 'r', text: ls.join('\n') }]);
        assert.ok(Array.isArray(r.summary));
      }),
      { numRuns: 300 },
    );
  });

  it('bounded memory: a 32 MB line without a newline, and partial JSON that never completes', () => {
    const u = new LineUnwrapper();
    let out: string[] = [];
    for (let i = 0; i < 32; i++) out = out.concat(u.push('x'.repeat(1 << 20)));
    out = out.concat(u.end());
    assert.equal(out.length, 1);
    assert.ok(out[0].length <= MAX_LINE);
    const p = new LineUnwrapper();
    let joined: string[] = [];
    for (let i = 0; i < 5000; i++) joined = joined.concat(p.push(`${JSON.stringify({ log: 'y'.repeat(1000), stream: 'stderr' })}\n`));
    joined = joined.concat(p.end());
    assert.equal(joined.length, 1);
    assert.ok(joined[0].length <= MAX_LINE);
  });

  it('a day of fleet logs: a thousand crashes stream through with bounded per-crash state', function () {
    this.timeout(60_000);
    const one = logs[0];
    const s = new CrashStream();
    for (let i = 0; i < 1000; i++) s.push(`${one}\nnormal line ${i}\n`);
    const { crashes } = s.end();
    assert.equal(crashes.length, 1000);
    for (const c of crashes) assert.ok(c.report.goroutines.length <= 5);
  });
});
