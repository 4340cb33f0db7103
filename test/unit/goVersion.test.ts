import assert from 'node:assert/strict';
import { compareGoVersions, firstFixedRelease, nonLeafFixed, parseGoVersion } from '../../server/src/core/toolchain/goVersion';

const v = (s: string) => {
  const p = parseGoVersion(s);
  assert.ok(p, `parses ${s}`);
  return p;
};

describe('goVersion', () => {
  it('parses releases, prereleases and devel builds', () => {
    assert.deepEqual(v('go1.26.10'), { raw: 'go1.26.10', major: 1, minor: 26, patch: 10, prerelease: undefined, devel: false });
    assert.deepEqual(v('go1.21rc2'), { raw: 'go1.21rc2', major: 1, minor: 21, patch: 0, prerelease: 'rc2', devel: false });
    assert.equal(v('go1.22').patch, 0);
    const d = v('devel go1.27-1a2b3c4d Tue Oct 1 12:00:00 2026 +0000');
    assert.equal(d.devel, true);
    assert.equal(d.minor, 27);
    assert.equal(v('go version go1.24.4 linux/amd64').patch, 4);
    assert.equal(parseGoVersion('not a version'), undefined);
  });

  it('knows the first releases with the non-leaf fix', () => {
    const fixed = ['go1.23.12', 'go1.23.13', 'go1.24.6', 'go1.24.9', 'go1.25.0', 'go1.25rc2', 'go1.26.10', 'devel go1.27-abc'];
    const affected = ['go1.19.8', 'go1.21.13', 'go1.22.12', 'go1.23.5', 'go1.23.11', 'go1.24.4', 'go1.24.5', 'go1.23rc1'];
    for (const s of fixed) assert.equal(nonLeafFixed(v(s)), true, s);
    for (const s of affected) assert.equal(nonLeafFixed(v(s)), false, s);
  });

  it('names the toolchain line that fixes non-leaf epilogues', () => {
    assert.equal(firstFixedRelease(v('go1.23.5')), 'go1.23.12');
    assert.equal(firstFixedRelease(v('go1.24.4')), 'go1.24.6');
    assert.equal(firstFixedRelease(v('go1.22.12')), 'go1.25.0');
    assert.equal(firstFixedRelease(v('go1.19.8')), 'go1.25.0');
  });

  it('orders versions', () => {
    assert.ok(compareGoVersions(v('go1.24.6'), v('go1.24.4')) > 0);
    assert.ok(compareGoVersions(v('go1.25rc1'), v('go1.25.0')) < 0);
    assert.ok(compareGoVersions(v('go1.9.1'), v('go1.19.0')) < 0);
    assert.equal(compareGoVersions(v('go1.26.10'), v('go1.26.10')), 0);
  });
});
