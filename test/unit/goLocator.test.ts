// Finding `go` like vscode-go: settings, PATH, then the usual install places,
// newest first. A fake directory tree of real (executable, empty) files stands
// in for the machine; nothing runs them.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateGo, searchedPlaces, wellKnownGoDirs, type GoSearch } from '../../server/src/core/toolchain/goLocator';
import { AnalysisError } from '../../server/src/core/util/errors';

describe('locating go (vscode-go order)', function () {
  let root: string;
  let home: string;

  /** An executable file at root/rel. */
  function exe(rel: string, mode = 0o755): string {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, '');
    chmodSync(p, mode);
    return p;
  }
  const search = (extra: Partial<GoSearch> = {}): GoSearch => ({
    env: { PATH: path.join(root, 'empty'), HOME: home },
    platform: 'linux',
    fsRoot: root,
    ...extra,
  });

  beforeEach(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'pg-golocator-'));
    home = path.join(root, 'home/user');
    mkdirSync(home, { recursive: true });
  });
  afterEach(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it('preemptGuard.goPath wins over everything, and a missing one is an error (no silent fallback)', function () {
    const configured = exe('opt/go1.24/bin/go');
    exe('usr/local/go/bin/go');
    const goroot = exe('goroot/bin/go');
    assert.deepEqual(locateGo(search({ configured, goroot: path.dirname(path.dirname(goroot)) })), {
      path: configured,
      why: `configured: ${configured}`,
    });
    assert.throws(
      () => locateGo(search({ configured: path.join(root, 'nope/go'), configuredBy: 'the preemptGuard.goPath setting' })),
      (e: unknown) =>
        e instanceof AnalysisError &&
        e.code === 'no-go' &&
        /nope\/go/.test(e.message) &&
        e.details === 'Fix the preemptGuard.goPath setting.',
    );
  });

  it('then go.alternateTools.go (a path, or a name on PATH), then go.goroot/bin/go, before PATH', function () {
    const alt = exe('alt/go-wrapper');
    const goroot = path.join(root, 'sdk/go1.22');
    const gorootGo = exe('sdk/go1.22/bin/go');
    const onPath = exe('bin/go');
    const env = { PATH: path.join(root, 'bin'), HOME: home };
    assert.deepEqual(locateGo(search({ env, alternateGo: alt, goroot })), {
      path: alt,
      why: `vscode-go setting go.alternateTools.go (${alt})`,
    });
    exe('bin/go-beta');
    assert.equal(locateGo(search({ env, alternateGo: 'go-beta' })).path, path.join(root, 'bin/go-beta'));
    assert.deepEqual(locateGo(search({ env, goroot })), { path: gorootGo, why: `vscode-go setting go.goroot (${goroot})` });
    // A goroot without bin/go falls through to PATH.
    assert.deepEqual(locateGo(search({ env, goroot: path.join(root, 'nothing') })), {
      path: onPath,
      why: `first go on PATH (${path.join(root, 'bin')})`,
    });
  });

  it('expands ~ in go.goroot', function () {
    const g = exe('home/user/go-sdk/bin/go');
    assert.equal(locateGo(search({ goroot: '~/go-sdk' })).path, g);
  });

  it('skips a file on PATH that is not executable', function () {
    exe('bin/go', 0o644);
    const fallback = exe('usr/local/go/bin/go');
    assert.equal(locateGo(search({ env: { PATH: path.join(root, 'bin'), HOME: home } })).path, fallback);
  });

  it('falls back to the usual places in order: /usr/local/go, ~/go/bin, ~/sdk newest first, Homebrew, snap, /usr/lib/go, /usr/lib/go-1.NN newest first', function () {
    const order = [
      'usr/local/go/bin/go',
      'home/user/go/bin/go',
      'home/user/sdk/go1.24.10/bin/go',
      'home/user/sdk/go1.24.4/bin/go',
      'home/user/sdk/go1.9.1/bin/go',
      'opt/homebrew/bin/go',
      'usr/local/bin/go',
      'snap/bin/go',
      'usr/lib/go/bin/go',
      'usr/lib/go-1.27/bin/go',
      'usr/lib/go-1.9/bin/go',
    ];
    for (const rel of [...order].reverse()) exe(rel);
    exe('usr/lib/google-cloud-sdk/bin/go'); // not Go's directory: never picked
    for (const rel of order) {
      const got = locateGo(search());
      assert.equal(got.path, path.join(root, rel), `expected ${rel}`);
      assert.match(got.why, /^not on PATH; found in .* \(.+\)$/);
      rmSync(path.join(root, rel));
    }
    assert.throws(
      () => locateGo(search()),
      (e: unknown) =>
        e instanceof AnalysisError &&
        e.code === 'no-go' &&
        e.message === 'no `go` found on PATH or in the usual install places' &&
        /Looked in: PATH, .*usr\/local\/go\/bin/.test(e.details ?? ''),
    );
  });

  it('names every place it looked, settings first', function () {
    const places = searchedPlaces(search({ goroot: '/x', alternateGo: 'gox' }));
    assert.deepEqual(places.slice(0, 3), ['go.alternateTools.go (gox)', 'go.goroot (/x)', 'PATH']);
    assert.ok(places.includes(path.join(root, 'snap/bin')));
  });

  it('on Windows: Program Files\\Go\\bin and go.exe', function () {
    const pf = path.join(root, 'Program Files');
    const dirs = wellKnownGoDirs({ env: { ProgramFiles: pf, USERPROFILE: home }, platform: 'win32' }).map((d) => d.dir);
    assert.equal(dirs[0], path.join(pf, 'Go', 'bin'));
    assert.ok(!dirs.some((d) => d.includes('homebrew')));
    const goExe = exe('Program Files/Go/bin/go.exe');
    assert.equal(locateGo({ env: { ProgramFiles: pf, USERPROFILE: home, Path: '' }, platform: 'win32' }).path, goExe);
  });
});
