// `scan-binary` in CI, on a real -trimpath go1.24 build of test-fixtures/e2e-demo
// scanned from a temp git checkout of that module: its SARIF passes Microsoft's
// validator with GitHub's rules (`sarif-multitool validate --rule-kind
// "Gh;Sarif"`: no error, no warning) with provenance and results in the
// checkout's main.go; --format github and gitlab locate the same lines;
// --fail-on sets the exit status.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureBinary } from '../support/goBinaries';
import { CLI, FIXTURES, testEnv } from '../support/paths';

// The npm bin wrapper runs the tool through a shell (a `;` in --rule-kind would split the command): call the binary itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MULTITOOL = require('@microsoft/sarif-multitool') as string;

interface SarifResult {
  ruleId: string;
  level?: string;
  message: { text?: string; id?: string; arguments?: string[] };
  partialFingerprints?: Record<string, string>;
  locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
}

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: testEnv(), maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scan-binary in CI: validated SARIF, github, gitlab, --fail-on (real go1.24 binary)', function () {
  this.timeout(300_000);
  let dir: string;
  let bin: string;

  before(async function () {
    bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' });
    dir = mkdtempSync(path.join(tmpdir(), 'pg-binsarif-'));
    cpSync(path.join(FIXTURES, 'e2e-demo'), dir, { recursive: true });
    const git = (...a: string[]) =>
      assert.equal(run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], dir).code, 0, a.join(' '));
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/example/e2edemo.git');
    git('add', '.');
    git('commit', '-q', '-m', 'fixture');
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  const scan = (extra: string[]) => run(process.execPath, [CLI, 'scan-binary', bin, ...extra], dir);

  it('SARIF validates with no error and no warning under "Gh;Sarif"; results in the checkout\'s main.go, with provenance', function () {
    const r = scan(['--format', 'sarif', '--all']);
    assert.equal(r.code, 1, r.stderr);
    const sarifFile = path.join(dir, 'out.sarif');
    writeFileSync(sarifFile, r.stdout);
    const runObj = JSON.parse(r.stdout).runs[0];
    assert.deepEqual(runObj.automationDetails, { id: 'preempt-guard/binary/' });
    assert.equal(runObj.versionControlProvenance[0].repositoryUri, 'https://github.com/example/e2edemo.git');
    const results = runObj.results as SarifResult[];
    const warnings = results
      .filter((x) => x.level === 'warning')
      .map((x) => x.locations[0].physicalLocation)
      .map((p) => `${p?.artifactLocation.uriBaseId}:${p?.artifactLocation.uri}:${p?.region.startLine}`);
    assert.deepEqual(warnings, ['SRCROOT:main.go:17', 'SRCROOT:main.go:31', 'SRCROOT:main.go:35']);
    const notes = results.filter((x) => x.level === 'note');
    assert.ok(notes.length > 0, "--all adds the runtime's non-preemptible pairs as notes");
    assert.ok(
      notes.every((x) => !x.locations[0].physicalLocation),
      'outside the checkout: logical locations only',
    );
    assert.ok(results.every((x) => /^[0-9a-f]{64}(:\d+)?$/.test(x.partialFingerprints?.['preemptGuardReturnSite/v1'] ?? '')));

    const validation = path.join(dir, 'validation.sarif');
    const v = run(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '-o', validation, sarifFile], dir);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const found = (JSON.parse(readFileSync(validation, 'utf8')).runs[0].results ?? []) as SarifResult[];
    const bad = found.filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
    assert.deepEqual(
      bad.map((x) => `${x.ruleId} ${x.level}: ${x.message.id} ${JSON.stringify(x.message.arguments)}`),
      [],
    );
  });

  it('--format github: a warning per hazard on main.go, exit 1; --fail-on none: exit 0', function () {
    const r = scan(['--format', 'github', '--fail-on', 'hazard']);
    assert.equal(r.code, 1, r.stderr);
    const cmds = r.stdout.trimEnd().split('\n');
    assert.deepEqual(
      cmds.map((c) =>
        /^::warning file=main\.go,line=(\d+),title=preempt-guard split-sp-update%3A main\.(\w+)::.*Found in /.exec(c)?.slice(1).join(' '),
      ),
      ['17 checksum', '31 fill', '35 fill'],
    );
    assert.equal(scan(['--format', 'github', '--fail-on', 'none']).code, 0);
  });

  it('--format gitlab: Code Quality issues on main.go; a missing path on stderr and exit 2 under --fail-on none', function () {
    const r = scan(['--format', 'gitlab']);
    assert.equal(r.code, 1, r.stderr);
    const issues = JSON.parse(r.stdout) as { severity: string; location: { path: string; lines: { begin: number } } }[];
    assert.deepEqual(
      issues.map((i) => `${i.severity} ${i.location.path}:${i.location.lines.begin}`),
      ['major main.go:17', 'major main.go:31', 'major main.go:35'],
    );
    const missing = run(process.execPath, [CLI, 'scan-binary', path.join(dir, 'nope'), '--format', 'gitlab', '--fail-on', 'none'], dir);
    assert.equal(missing.code, 2);
    assert.deepEqual(JSON.parse(missing.stdout), []);
    assert.match(missing.stderr, /^preempt-guard: error: .*nope/);
    const usage = run(process.execPath, [CLI, 'scan-binary', bin, '--fail-on', 'sometimes'], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--fail-on must be one of hazard, any, none/);
  });
});
