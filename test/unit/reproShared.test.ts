// What the reproducer's extension side and webview page share: the lanes a
// run shows, their titles, and the saved form state read back field by field
// (a restored panel gets whatever its webview storage held, maybe from an
// older version, maybe nothing).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { laneSpecs, laneTitle, MITIGATION_GODEBUG, readFormState } from '../../client/src/repro/shared';

describe('reproducer: shared by panel and page', () => {
  it('one lane alone; side by side the affected variant, its mitigation and the control', () => {
    assert.deepEqual(laneSpecs('seed', false), [{ lane: 'main', variant: 'seed' }]);
    assert.deepEqual(laneSpecs('control', true), [
      { lane: 'main', variant: 'fast' },
      { lane: 'mitigated', variant: 'fast', godebug: MITIGATION_GODEBUG },
      { lane: 'control', variant: 'control' },
    ]);
    assert.equal(laneSpecs('seed', true)[1].variant, 'seed');
  });

  it('lane titles say the variant, what the lane is, then the detail', () => {
    assert.equal(laneTitle('main', 'fast'), 'Fast leaf variant');
    assert.equal(
      laneTitle('mitigated', 'fast', 'go1.26.10'),
      'Fast leaf variant with GODEBUG=asyncpreemptoff=1 (mitigation lane) — go1.26.10',
    );
    assert.equal(laneTitle('control', 'control', 'go1.26.10, native'), 'Non-leaf control (control lane) — go1.26.10, native');
    assert.equal(laneTitle('main', 'future'), 'future');
  });

  it('a saved form comes back whole', () => {
    const s = { variant: 'control', goPath: '/go/bin/go', budget: 300, attempts: 2, sideBySide: true };
    assert.deepEqual(readFormState(s), s);
  });

  it('malformed fields are dropped, the rest kept', () => {
    assert.deepEqual(readFormState({ variant: 'nope', goPath: 7, budget: 0, attempts: Number.NaN, sideBySide: 'yes' }), {});
    assert.deepEqual(readFormState({ variant: 'seed', budget: -5, attempts: 2.7 }), { variant: 'seed', attempts: 2 });
    for (const nothing of [undefined, null, 0, 'state', [], true]) assert.deepEqual(readFormState(nothing), {});
  });

  it('any value: never throws, returns only valid fields', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const s = readFormState(x);
        if (s.variant !== undefined) assert.ok(['fast', 'seed', 'control'].includes(s.variant));
        if (s.budget !== undefined) assert.ok(Number.isFinite(s.budget) && s.budget > 0);
        if (s.attempts !== undefined) assert.ok(Number.isInteger(s.attempts) && s.attempts >= 1);
        if (s.sideBySide !== undefined) assert.equal(typeof s.sideBySide, 'boolean');
        if (s.goPath !== undefined) assert.equal(typeof s.goPath, 'string');
      }),
    );
  });
});
