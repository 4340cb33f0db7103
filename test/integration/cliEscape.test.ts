// Names from the input cannot forge lines or drive the terminal: a binary
// whose file name holds a newline, a GitHub workflow command and an OSC
// sequence, found by scan-binary's directory walk, and a listing whose symbol
// and file hold escape sequences, come out of the text format and stderr with
// their control characters escaped (`\n`, `\x1b`, `\x07`); `--format github`
// keeps its own escaping (one workflow command per line).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureBinary } from '../support/goBinaries';
import { writeDockerSave } from '../support/imageArchives';
import { CLI, FIXTURES, testEnv } from '../support/paths';

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, env: testEnv(), input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// eslint-disable-next-line no-control-regex -- what must not reach a terminal or a CI log
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const EVIL = 'app\n::error file=x.go,line=1::forged\u001b]0;owned\u0007\u001b[2J';

describe('control characters from inputs are escaped in human output', function () {
  this.timeout(180000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-escape-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('scan-binary, directory walk: a file name with a newline, ::error and ESC sequences', async () => {
    const bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'plain' });
    const dir = path.join(tmp, 'tree');
    mkdirSync(dir);
    copyFileSync(bin, path.join(dir, EVIL));
    const r = cli(['scan-binary', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, CONTROL);
    assert.doesNotMatch(r.stdout, /^::error/m, 'no forged workflow command');
    const escaped = 'app\\n::error file=x.go,line=1::forged\\x1b]0;owned\\x07\\x1b[2J';
    assert.ok(r.stdout.includes(`${path.join(dir, escaped)}: go1.24`), r.stdout);

    const github = cli(['scan-binary', dir, '--format', 'github']);
    assert.equal(github.code, 1);
    const lines = github.stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 1 && lines.every((l) => /^::(warning|notice) file=/.test(l)), github.stdout);
    assert.doesNotMatch(github.stdout, CONTROL);
    assert.ok(github.stdout.includes('app%0A::error file=x.go,line=1::forged\\x1b]0;owned\\x07'), github.stdout);
  });

  it('scan-binary, image archive: a tar entry name with a newline and an ESC sequence', async () => {
    const bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'plain' });
    const image = path.join(tmp, 'image.tar');
    await writeDockerSave(image, [{ [`usr/bin/${EVIL}`]: readFileSync(bin) }]);
    const r = cli(['scan-binary', image]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, CONTROL);
    assert.doesNotMatch(r.stdout, /^::error/m);
    assert.ok(r.stdout.includes(`${image}:/usr/bin/app\\n::error file=x.go,line=1::forged\\x1b]0;owned\\x07\\x1b[2J: go1.24`), r.stdout);
  });

  it('analyze-listing: a symbol and a file name with escape sequences; an unreadable file named with a newline', () => {
    const listing = readFileSync(path.join(FIXTURES, 'listings', 'frames-go1.24.txt'), 'utf8')
      .replaceAll('example.com/frames.LeafAbove64K', 'example.com/frames.Leaf\u001b]0;owned\u0007Above64K')
      .replaceAll('leaf.go:', 'le\u001b[31maf.go:');
    const r = cli(['analyze-listing', '-'], listing);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, CONTROL);
    assert.match(r.stdout, /le\\x1b\[31maf\.go:\d+: split-sp-update: example\.com\/frames\.Leaf\\x1b\]0;owned\\x07Above64K: /);

    const missing = cli(['analyze-listing', '/nonexistent\n::error::forged\u001b[2J.txt']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.split('\n').length, 2, 'one line');
    assert.match(missing.stderr, /^preempt-guard analyze-listing: cannot read \/nonexistent\\n::error::forged\\x1b\[2J\.txt: /);
    assert.doesNotMatch(missing.stderr, CONTROL);
  });
});
