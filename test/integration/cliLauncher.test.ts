// The `preempt-guard` launcher (dist/cli.js) and its V8 code cache: a first
// run writes the cache (0600 in a 0700 folder of the user's cache dir), the
// next runs use it (one entry per subcommand), a corrupt cache is rejected by V8
// and rewritten, a folder others can write to is never used, and the output is
// the same either way, a binary scan included (its decoder loads capstone
// through the cached code).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES } from '../support/paths';

const BINARY = path.join(FIXTURES, 'binaries', 'reproducer-go1.24-linux-arm64-stripped');

describe('CLI launcher: V8 code cache', function () {
  this.timeout(60_000);
  let home: string;
  const cacheDir = () => path.join(home, 'preempt-guard', 'compile-cache');
  const entries = () => readdirSync(cacheDir()).filter((n) => n.endsWith('.v8cache'));

  function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: home, PREEMPT_GUARD_COMPILE_CACHE_DEBUG: '1', ...env },
    });
    const cache = /^compile cache: (\w+)/m.exec(r.stderr)?.[1];
    return { ...r, cache };
  }

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'pg-cache-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('miss, then hit; the entry is private to the user; same output', () => {
    const first = cli(['--version']);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.cache, 'miss');
    assert.equal(entries().length, 1);
    assert.equal(statSync(cacheDir()).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(cacheDir(), entries()[0])).mode & 0o777, 0o600);
    const second = cli(['--version']);
    assert.equal(second.cache, 'hit');
    assert.equal(second.stdout, first.stdout);
    assert.match(second.stdout, /^preempt-guard \d+\.\d+\.\d+\n$/);
  });

  it('a binary scan through cached code is the scan without the cache, byte for byte', () => {
    cli(['--version']);
    const plain = cli(['scan-binary', '--format', 'json', BINARY], { PREEMPT_GUARD_NO_COMPILE_CACHE: '1' });
    assert.equal(plain.cache, 'off');
    assert.equal(plain.status, 1, plain.stderr);
    const miss = cli(['scan-binary', '--format', 'json', BINARY]);
    const hit = cli(['scan-binary', '--format', 'json', BINARY]);
    assert.deepEqual([miss.cache, hit.cache], ['miss', 'hit'], 'its own entry: --version runs did not fill it');
    assert.equal(entries().filter((n) => n.startsWith('cli-main-scan-binary-')).length, 1);
    assert.equal(miss.stdout, plain.stdout);
    assert.equal(hit.stdout, plain.stdout);
    assert.equal(hit.status, 1);
    assert.equal((JSON.parse(hit.stdout) as { findings: unknown[] }).findings.length, 1);
  });

  it('a corrupt entry is rejected, the command still runs, and the entry is rewritten', () => {
    cli(['--version']);
    const entry = path.join(cacheDir(), entries()[0]);
    writeFileSync(entry, Buffer.alloc(4096, 0x5a));
    const bad = cli(['--version']);
    assert.equal(bad.status, 0, bad.stderr);
    assert.equal(bad.cache, 'rejected');
    assert.equal(cli(['--version']).cache, 'hit');
  });

  it('a cache folder others can write to is not used; PREEMPT_GUARD_NO_COMPILE_CACHE=1 turns it off', () => {
    cli(['--version']);
    chmodSync(cacheDir(), 0o777);
    const shared = cli(['--version']);
    assert.equal(shared.status, 0);
    assert.equal(shared.cache, 'off');
    chmodSync(cacheDir(), 0o700);
    assert.equal(cli(['--version']).cache, 'hit');
    assert.equal(cli(['--version'], { PREEMPT_GUARD_NO_COMPILE_CACHE: '1' }).cache, 'off');
  });
});
