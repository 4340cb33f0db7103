// The words the webview pages compose from data (core/vocabulary triagePanel.ts
// and reproPanel.ts), exact: the pages' e2e tests read some of them through a
// browser, these pin every branch without one.
import assert from 'node:assert/strict';
import {
  reproCrashedTitle,
  reproElapsed,
  reproStoppedAt,
  reproSurvivedTitle,
  reproVariantOption,
  splitEpilogueAt,
  triageHeading,
  triageProgressTitle,
} from '../../server/src/core/vocabulary';

describe('panel words', () => {
  it('the triage heading: no crash, one, several; checked against a target or not', () => {
    assert.equal(triageHeading(0, 'clipboard', 12, undefined), 'No Go crash found in clipboard (12 lines read).');
    assert.equal(triageHeading(1, 'crash.log', 40, 'the binary /srv/app'), '1 crash in crash.log, checked against the binary /srv/app.');
    assert.equal(triageHeading(3, 'crash.log', 90, undefined), '3 crashes in crash.log, not checked against a binary.');
    assert.equal(splitEpilogueAt('main.f', true), 'Split epilogue of main.f (leaf), the return on ');
    assert.equal(triageProgressTitle(true), 'Preempt Guard: triaging the crash log (building the module)…');
    assert.equal(triageProgressTitle(false), 'Preempt Guard: triaging the crash log…');
  });

  it("the reproducer's lane: elapsed time, verdict titles, where the goroutine stopped", () => {
    assert.equal(reproElapsed(7), 'Elapsed 7 s');
    assert.equal(reproElapsed(75, { n: 2, of: 3, seconds: 15, budget: 60 }), 'Elapsed 75 s — attempt 2/3: 15 s of 60 s');
    assert.equal(
      reproCrashedTitle(41, 1, 'traceback did not unwind completely'),
      'Crashed after 41 s (attempt 1): traceback did not unwind completely',
    );
    assert.equal(reproSurvivedTitle(2, 30, 60), 'Survived the budget: 2 attempt(s) of 30 s, 60 s in all.');
    assert.equal(
      reproStoppedAt('main.bigStack', 0x70, true),
      'Preempted goroutine stopped at main.bigStack+0x70 — preempted here, between the two halves of the SP update.',
    );
    assert.equal(reproStoppedAt('main.bigStack', null, false), 'Preempted goroutine stopped at main.bigStack+?.');
    assert.equal(reproVariantOption('fast'), 'Fast leaf variant (one element of a [1 << 16]byte)');
    assert.equal(reproVariantOption('seed'), 'Seed reproducer (as published)');
    assert.equal(reproVariantOption('control'), 'Non-leaf control (one //go:noinline call)');
  });
});
