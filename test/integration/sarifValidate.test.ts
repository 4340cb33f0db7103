// The SARIF a CI run uploads passes Microsoft's validator with GitHub's
// ingestion rules (`sarif-multitool validate --rule-kind "Gh;Sarif"`: no error,
// no warning), carries the git checkout's provenance, and its fingerprints
// survive an edit above the findings. Real go1.24 build of test-fixtures/frames
// in a temp git checkout; the validator's own output file is parsed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES, goBinary, testEnv } from '../support/paths';
import { installedToolchain } from '../support/toolchains';

// The npm bin wrapper runs the tool through a shell (a `;` in --rule-kind would split the command): call the binary itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MULTITOOL = require('@microsoft/sarif-multitool') as string;

interface SarifResult {
  ruleId: string;
  level?: string;
  message: { text?: string; id?: string; arguments?: string[] };
  partialFingerprints?: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: testEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('SARIF for GitHub code scanning (validated by sarif-multitool)', function () {
  this.timeout(300_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-sarif-'));
    cpSync(path.join(FIXTURES, 'frames'), dir, { recursive: true });
    const git = (...a: string[]) =>
      assert.equal(run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], dir).code, 0, a.join(' '));
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'git@github.com:example/frames.git');
    git('add', '.');
    git('commit', '-q', '-m', 'fixture');
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  const scan = (extra: string[]) => run(process.execPath, [CLI, 'scan', '.', '--go', goBinary('1.24'), ...extra], dir);

  it('validates with no error and no warning under "Gh;Sarif", with provenance and automation details', function () {
    const r = scan(['--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const sarifFile = path.join(dir, 'out.sarif');
    writeFileSync(sarifFile, r.stdout);
    const log = JSON.parse(r.stdout);
    const runObj = log.runs[0];
    const head = run('git', ['rev-parse', 'HEAD'], dir).stdout.trim();
    assert.deepEqual(runObj.versionControlProvenance, [
      { repositoryUri: 'ssh://git@github.com/example/frames.git', revisionId: head, branch: 'main', mappedTo: { uriBaseId: 'SRCROOT' } },
    ]);
    assert.deepEqual(runObj.automationDetails, { id: 'preempt-guard/linux-arm64/' });
    assert.equal(runObj.invocations[0].properties.toolchain, installedToolchain('1.24').version);
    assert.equal(runObj.results.length, 16);

    const validation = path.join(dir, 'validation.sarif');
    const v = run(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '-o', validation, sarifFile], dir);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const results = (JSON.parse(readFileSync(validation, 'utf8')).runs[0].results ?? []) as SarifResult[];
    const bad = results.filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
    assert.deepEqual(
      bad.map((x) => `${x.ruleId} ${x.level}: ${x.message.id} ${JSON.stringify(x.message.arguments)}`),
      [],
    );
    // Notes only (code snippets, context regions...): the validator did run the rules.
    assert.ok(
      results.some((x) => x.ruleId === 'SARIF2010'),
      JSON.stringify(results.map((x) => x.ruleId)),
    );
  });

  it('keeps every fingerprint when lines are added above the findings', function () {
    const prints = (out: string) =>
      (JSON.parse(out).runs[0].results as SarifResult[])
        .map(
          (x) =>
            `${x.locations[0].physicalLocation.artifactLocation.uri} ${x.ruleId} ${x.partialFingerprints?.['preemptGuardReturnSite/v1']}`,
        )
        .sort();
    const lines = (out: string) =>
      (JSON.parse(out).runs[0].results as SarifResult[]).map((x) => x.locations[0].physicalLocation.region.startLine);
    const before = scan(['--format', 'sarif']).stdout;
    for (const f of ['leaf.go', 'nonleaf.go', 'shapes.go']) {
      const p = path.join(dir, f);
      const name = `edited${f.replace(/\W/g, '')}`;
      writeFileSync(
        p,
        readFileSync(p, 'utf8').replace(/^package (\w+)\n/m, `package $1\n\n// An edit above every function.\nvar ${name} = 1\n`),
      );
    }
    const rescan = scan(['--format', 'sarif']);
    assert.equal(rescan.code, 1, rescan.stderr);
    const after = rescan.stdout;
    assert.deepEqual(prints(after), prints(before));
    assert.notDeepEqual(lines(after), lines(before), 'the findings did move');
    assert.equal(new Set(prints(before)).size, 16, 'one fingerprint per finding');
  });

  it('--format github --fail-on hazard: workflow commands with repo-relative paths, exit 1; --fail-on none: exit 0', function () {
    const r = scan(['--format', 'github', '--fail-on', 'hazard']);
    assert.equal(r.code, 1, r.stderr);
    const cmds = r.stdout.trimEnd().split('\n');
    assert.equal(cmds.length, 16);
    assert.ok(
      cmds.every((c) =>
        /^::(warning|notice) file=(leaf|nonleaf|shapes)\.go,line=\d+,title=preempt-guard split-(sp-update|fp-restore)%3A example\.com\/frames\.\S+::/.test(
          c,
        ),
      ),
      cmds.join('\n'),
    );
    assert.equal(scan(['--format', 'gitlab', '--fail-on', 'none']).code, 0);
  });
});
