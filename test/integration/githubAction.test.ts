// The GitHub Action (action.yml), run as a runner runs a composite action: its
// steps read from action.yml, `${{ inputs.* }}` expressions resolved from the
// inputs (or their defaults) into the step's environment, `run` executed by
// `bash --noprofile --norc -eo pipefail`, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
// and GITHUB_ACTION_PATH set; the package it runs is this repository's own,
// packed by `npm pack` (a .tgz given as `version`), as the registry would serve it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { buildFixtureBinary } from '../support/goBinaries';
import { FIXTURES, goBinary, REPO, testEnv } from '../support/paths';

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; shell: string; run: string; env?: Record<string, string> }[] };
}

const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as ActionYml;

/** `${{ inputs.name }}` / `${{ steps.id.outputs.name }}` -> value (the only expressions action.yml uses). */
function expand(text: string, inputs: Record<string, string>, steps: Record<string, Record<string, string>> = {}): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const i = /^inputs\.([\w-]+)$/.exec(expr);
    if (i) return inputs[i[1]] ?? action.inputs[i[1]]?.default ?? '';
    const s = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (s) return steps[s[1]]?.[s[2]] ?? '';
    throw new Error(`unexpected expression ${expr}`);
  });
}

function runAction(inputs: Record<string, string>, workspace: string, env: NodeJS.ProcessEnv) {
  assert.equal(action.runs.using, 'composite');
  const steps: Record<string, Record<string, string>> = {};
  let stdout = '';
  let code = 0;
  const summary = path.join(workspace, 'summary.md');
  for (const step of action.runs.steps) {
    assert.equal(step.shell, 'bash');
    const output = path.join(workspace, `output-${step.id}`);
    writeFileSync(output, '');
    const script = path.join(workspace, `step-${step.id}.sh`);
    writeFileSync(script, step.run);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs)]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        ...env,
        ...stepEnv,
        GITHUB_ACTION_PATH: REPO,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_WORKSPACE: workspace,
      },
    });
    stdout += r.stdout + r.stderr;
    code = r.status ?? -1;
    steps[step.id ?? ''] = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expand(v.value, inputs, steps)]));
  return { code, stdout, outputs, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
}

describe('the GitHub Action (action.yml)', function () {
  this.timeout(600000);
  let tmp: string;
  let tgz: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-action-'));
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: REPO, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    tgz = path.join(tmp, packed);
    // npx's own cache stays inside the test; Go comes from the installed toolchain, as setup-go would put it on PATH.
    env = testEnv({
      npm_config_cache: path.join(tmp, 'npm-cache'),
      PATH: `${path.dirname(goBinary('1.24'))}${path.delimiter}${process.env.PATH}`,
    });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('scan-binary -> SARIF for code scanning, outputs and a summary; fail-on hazard fails the step', async () => {
    const bin = await buildFixtureBinary({ minor: '1.24', module: path.join(FIXTURES, 'e2e-demo'), shape: 'plain' });
    const ws = mkdtempSync(path.join(tmp, 'ws-'));
    const r = runAction({ command: 'scan-binary', paths: bin, version: tgz }, ws, env);
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(r.outputs, { 'exit-code': '1', 'report-file': 'preempt-guard.sarif', hazards: '3' });
    const sarif = JSON.parse(readFileSync(path.join(ws, 'preempt-guard.sarif'), 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, 3);
    assert.match(r.summary, /Preempt Guard: `scan-binary`\nFindings: 3 \(golang\/go#73259\)\. Report: `preempt-guard\.sarif`\./);
  });

  it('scan of a module with --format github: annotations in the log; fail-on none keeps the step green', () => {
    const ws = mkdtempSync(path.join(tmp, 'ws-'));
    const r = runAction(
      { command: 'scan', paths: path.join(FIXTURES, 'e2e-demo'), format: 'github', 'fail-on': 'none', version: tgz },
      ws,
      env,
    );
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.outputs['exit-code'], '0');
    assert.match(r.stdout, /^::warning file=[^,]*main\.go,line=17,/m);
  });

  it('inputs are data: a path holding shell syntax is an argument, not a command; a bad command is one error', () => {
    const ws = mkdtempSync(path.join(tmp, 'ws-'));
    const marker = path.join(ws, 'pwned');
    const r = runAction({ command: 'scan-binary', paths: `$(touch ${marker}) ;touch${marker}`, format: 'json', version: tgz }, ws, env);
    assert.equal(r.code, 2, r.stdout);
    assert.equal(existsSync(marker), false);
    const bad = runAction({ command: 'rm -rf', version: tgz }, ws, env);
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /^::error::preempt-guard: command must be scan or scan-binary/m);
  });
});
