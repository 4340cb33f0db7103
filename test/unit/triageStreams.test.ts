// Journals where several processes write at once: the unwrapper names each
// journald/syslog line's stream by (host, identifier, pid) and the splitter
// follows each stream on its own, so two services crashing at the same moment
// (`svc[4242]:` and `svc[4243]:`, lines interleaved) give two whole crashes
// with the right frames, in syslog text and in journalctl's JSON export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_STREAMS, splitCrashes } from '../../server/src/core/crash/split';
import { LineUnwrapper } from '../../server/src/core/crash/unwrap';
import { triageTexts } from '../../server/src/core/triage/triage';
import { FIXTURES } from '../support/paths';
import { NIL_MAP_PANIC } from '../support/crashTexts';

const read = (name: string): string[] => readFileSync(path.join(FIXTURES, 'crash-logs', name), 'utf8').split('\n');
const A = read('go1.26.10-leaf-traceback-did-not-unwind-1.txt');
const B = read('go1.24.4-nonleaf-traceback-did-not-unwind.txt');
const NIL_MAP = [...NIL_MAP_PANIC, 'exit status 2'];

/** Round-robin: one line of each log in turn, as a journal records simultaneous writers. */
function interleave(...logs: { lines: string[]; prefix: (l: string) => string }[]): string {
  const out: string[] = [];
  for (let i = 0; logs.some((l) => i < l.lines.length); i++) for (const l of logs) if (i < l.lines.length) out.push(l.prefix(l.lines[i]));
  return out.join('\n');
}
const syslog = (host: string, ident: string, pid: number) => (l: string) => `Nov 22 02:00:00 ${host} ${ident}[${pid}]: ${l}`;

describe('triage: interleaved processes in one journal', function () {
  it("the unwrapper names each line's stream by host, identifier and pid", function () {
    const u = new LineUnwrapper();
    const got = [
      ...u.pushLines('Nov 22 02:00:00 h1 svc[4242]: a\nNov 22 02:00:00 h1 svc[4243]: b\n2026-11-22T02:00:00+0000 h2 svc[4242]: c\nplain\n'),
      ...u.endLines(),
    ];
    assert.deepEqual(got, [
      { stream: 'h1 svc[4242]', text: 'a' },
      { stream: 'h1 svc[4243]', text: 'b' },
      { stream: 'h2 svc[4242]', text: 'c' },
      { stream: '', text: 'plain' },
    ]);
  });

  it('two processes crashing at once (journald text): two whole crashes with their own frames', async function () {
    const text = interleave({ lines: A, prefix: syslog('host', 'svc', 4242) }, { lines: B, prefix: syslog('host', 'svc', 4243) });
    const r = await triageTexts([{ name: 'journal', text }]);
    assert.deepEqual(
      r.crashes.map((c) => [c.index, c.verdict, c.preempted?.function, c.preempted?.offset, c.preempted?.line]),
      [
        [1, 'consistent', 'main.bigStack', 0x70, 9],
        [2, 'consistent', 'main.bigStack', 0x7c, 13],
      ],
    );
  });

  it("same pid on two hosts, plus a third process's ordinary panic: kept apart too", function () {
    const text = interleave(
      { lines: A, prefix: syslog('node-a', 'svc', 4242) },
      { lines: NIL_MAP, prefix: syslog('node-a', 'worker', 77) },
      { lines: B, prefix: syslog('node-b', 'svc', 4242) },
    );
    const crashes = splitCrashes(text);
    assert.deepEqual(
      crashes.map((c) => [c.report.signature?.text, c.report.preemptedOffset]),
      [
        ['fatal error: traceback did not unwind completely', 0x70],
        ['panic: assignment to entry in nil map', null],
        ['fatal error: traceback did not unwind completely', 0x7c],
      ],
    );
  });

  it('journalctl -o json export: streams from _HOSTNAME, SYSLOG_IDENTIFIER and _PID', function () {
    const json = (pid: string) => (l: string) =>
      JSON.stringify({ _HOSTNAME: 'host', SYSLOG_IDENTIFIER: 'svc', _PID: pid, MESSAGE: l, PRIORITY: '3' });
    const crashes = splitCrashes(interleave({ lines: A, prefix: json('4242') }, { lines: B, prefix: json('4243') }));
    assert.deepEqual(
      crashes.map((c) => c.report.preemptedOffset),
      [0x70, 0x7c],
    );
  });

  it('more processes than MAX_STREAMS at once: the least recently seen are closed, every crash is still counted', function () {
    const n = MAX_STREAMS + 300;
    const logs = Array.from({ length: n }, (_, i) => ({ lines: NIL_MAP, prefix: syslog('host', 'svc', 1000 + i) }));
    const crashes = splitCrashes(interleave(...logs));
    assert.equal(crashes.length, n);
    assert.ok(crashes.every((c, i) => c.index === i + 1 && c.report.signature?.text === 'panic: assignment to entry in nil map'));
  });
});
