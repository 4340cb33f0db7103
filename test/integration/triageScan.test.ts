// `preempt-guard triage --scan` end to end: JSON results that the CLI itself
// wrote (`scan --format json` on the reproducer's module with go1.26 and
// go1.19, `scan-binary --format json` on its stripped go1.26 binary) checked
// against the committed go1.26.10 crash log (main.bigStack+0x70): confirmed
// per a scan of the same build, unrelated against a build whose split pair
// sits elsewhere (naming it), consistent when the function is not listed;
// malformed JSON is one line and exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GO_MOD, PROGRAMS } from '../../server/src/core/repro/programs';
import type { TriageResult } from '../../server/src/core/triage/types';
import { buildFixtureBinary } from '../support/goBinaries';
import { CLI, FIXTURES, goBinary, testEnv } from '../support/paths';

const LOG = path.join(FIXTURES, 'crash-logs', 'go1.26.10-leaf-traceback-did-not-unwind-1.txt');
const WORK = path.join(os.tmpdir(), 'preempt-guard-triage-scan-test');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: testEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a CLI command that writes JSON and saves it; returns the file. */
function saveJson(name: string, args: string[]): string {
  const r = cli(args);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const file = path.join(WORK, name);
  writeFileSync(file, r.stdout);
  return file;
}

function triage(scan: string): { code: number | null; json: TriageResult } {
  const r = cli(['triage', LOG, '--scan', scan, '--format', 'json']);
  return { code: r.code, json: JSON.parse(r.stdout) as TriageResult };
}

describe('preempt-guard triage --scan (JSON written by the CLI from real builds)', function () {
  this.timeout(300_000);
  let mod = '';
  before(function () {
    mod = path.join(WORK, 'fast');
    mkdirSync(mod, { recursive: true });
    writeFileSync(path.join(mod, 'go.mod'), GO_MOD);
    writeFileSync(path.join(mod, 'main.go'), PROGRAMS.fast.source);
  });

  it("scan --format json of the same module with go1.26: confirmed per the scan result, with the module's file and line", function () {
    const scan = saveJson('scan-1.26.json', ['scan', mod, '--go', goBinary('1.26'), '--format', 'json']);
    const { code, json } = triage(scan);
    assert.equal(code, 1);
    const c = json.crashes[0];
    assert.equal(c.verdict, 'confirmed', c.explanation);
    assert.deepEqual(c.epilogue && [c.epilogue.function, c.epilogue.file, c.epilogue.line, c.epilogue.offsets, c.epilogue.leaf], [
      'main.bigStack',
      path.join(mod, 'main.go'),
      9,
      [0x6c, 0x70],
      true,
    ]);
    assert.ok(c.explanation.endsWith(`(Per --scan ${scan}: true if that scan is of the build that crashed.)`), c.explanation);
  });

  it('scan-binary --format json of the stripped go1.26 binary: confirmed, the remedy for a shipped binary', async function () {
    const bin = await buildFixtureBinary({ minor: '1.26', module: mod, shape: 'stripped' });
    const scan = saveJson('bin-1.26.json', ['scan-binary', bin, '--format', 'json']);
    const { code, json } = triage(scan);
    assert.equal(code, 1);
    const c = json.crashes[0];
    assert.equal(c.verdict, 'confirmed', c.explanation);
    assert.deepEqual(c.epilogue?.offsets, [0x6c, 0x70]);
    assert.match(c.remedy ?? '', /^Leaf function: .*change the code/);
  });

  it('a go1.19 scan (its split pair at +0x5c/+0x60): unrelated, naming the known offsets', function () {
    const scan = saveJson('scan-1.19.json', ['scan', mod, '--go', goBinary('1.19'), '--format', 'json']);
    const { code, json } = triage(scan);
    assert.equal(code, 0);
    const c = json.crashes[0];
    assert.equal(c.verdict, 'unrelated');
    assert.match(
      c.explanation,
      new RegExp(
        `main\\.bigStack\\+0x70 is an offset where --scan ${scan.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} has no split SP update \\(main\\.bigStack has one, at \\+0x5c/\\+0x60 \\(.*main\\.go:9\\)\\)`,
      ),
    );
  });

  it('a scan of another module (no main.bigStack): consistent, saying what would confirm it', function () {
    const other = path.join(WORK, 'control-less');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'go.mod'), GO_MOD);
    writeFileSync(path.join(other, 'main.go'), 'package main\n\nfunc main() { println("ok") }\n');
    const scan = saveJson('scan-other.json', ['scan', other, '--go', goBinary('1.26'), '--format', 'json']);
    const { code, json } = triage(scan);
    assert.equal(code, 1);
    assert.equal(json.crashes[0].verdict, 'consistent');
    assert.match(
      json.crashes[0].explanation,
      /it lists no split SP update in main\.bigStack\. To confirm, run triage again with `--binary`/,
    );
  });

  it('malformed JSON, SARIF, a missing file: one line each, exit 2', function () {
    const broken = path.join(WORK, 'broken.json');
    writeFileSync(broken, '{"findings": [');
    const sarif = saveJson('scan.sarif', ['scan', mod, '--go', goBinary('1.26'), '--format', 'sarif']);
    for (const [file, want] of [
      [broken, /not JSON/],
      [sarif, /this is SARIF/],
      [path.join(WORK, 'nope.json'), /cannot read .*nope\.json \(ENOENT\)/],
    ] as const) {
      const r = cli(['triage', LOG, '--scan', file]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^preempt-guard triage: --scan: [^\n]+\n$/);
      assert.match(r.stderr, want);
    }
    const both = cli(['triage', LOG, '--scan', broken, '--binary', broken]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give one of --binary, --module or --scan/);
  });
});
