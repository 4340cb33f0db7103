// The one containment check of the codebase: below vs at-or-below, parents and
// siblings outside, a child whose name starts with `..` inside.
import assert from 'node:assert/strict';
import path from 'node:path';
import { isAtOrBelow, isBelow } from '../../server/src/core/util/pathWithin';

const j = (...p: string[]) => path.join(path.sep, ...p);

describe('core pathWithin', () => {
  it('below: files and folders under dir, not dir itself, its parent or a sibling with the same prefix', () => {
    assert.equal(isBelow(j('w', 'app', 'main.go'), j('w', 'app')), true);
    assert.equal(isBelow(j('w', 'app', 'x', 'y.go'), j('w', 'app') + path.sep), true);
    assert.equal(isBelow(j('w', 'app', '..x', 'y.go'), j('w', 'app')), true, 'a child named ..x is inside');
    assert.equal(isBelow(j('w', 'app'), j('w', 'app')), false);
    assert.equal(isBelow(j('w'), j('w', 'app')), false);
    assert.equal(isBelow(j('w', 'application', 'main.go'), j('w', 'app')), false);
    assert.equal(isBelow(j('w', 'app', '..', 'other', 'a.go'), j('w', 'app')), false);
  });

  it('at or below: dir itself too', () => {
    assert.equal(isAtOrBelow(j('w', 'app'), j('w', 'app')), true);
    assert.equal(isAtOrBelow(j('w', 'app', 'mod'), j('w', 'app')), true);
    assert.equal(isAtOrBelow(j('w', 'apps'), j('w', 'app')), false);
    assert.equal(isAtOrBelow(j('w'), j('w', 'app')), false);
  });
});
