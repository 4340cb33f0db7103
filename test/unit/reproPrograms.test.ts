// The reproducer embeds the seed's program (it must run without the repo);
// the engine's fixture holds the same program. They must never drift apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROGRAMS } from '../../server/src/core/repro/programs';
import { FIXTURES } from '../support/paths';

/** Go source without its comment lines and whitespace: gofmt and header comments aside. */
const shape = (src: string) =>
  src
    .split('\n')
    .filter((l) => !l.trim().startsWith('//') || l.includes('go:noinline'))
    .join('')
    .replace(/\s+/g, '');

describe('reproducer programs', () => {
  it('the embedded seed program is the one in test-fixtures/reproducer', () => {
    const fixture = readFileSync(path.join(FIXTURES, 'reproducer', 'main.go'), 'utf8');
    assert.equal(shape(PROGRAMS.seed.source), shape(fixture));
  });
});
