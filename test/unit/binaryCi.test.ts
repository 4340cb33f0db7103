// scan-binary's CI outputs without Go: GitHub workflow commands and GitLab
// Code Quality issues for hand-written binary findings (a hazard in the
// checkout's module, a non-preemptible runtime pair from --all), located in
// source files the way its SARIF locates them; the --fail-on policy over
// binary results; the SARIF rules carry help and results fingerprints.
import assert from 'node:assert/strict';
import { reportExitCode, type FailOn } from '../../server/src/cli/policy';
import { formatGithub } from '../../server/src/core/report/github';
import { codeQualityIssues, errorLines } from '../../server/src/core/report/gitlab';
import { binaryScanReport } from '../../server/src/core/report/model';
import { formatSarif } from '../../server/src/core/report/sarif';
import type { BinaryFinding, BinaryReport } from '../../server/src/core/binary/types';
import { binaryFinding, runtimeAsmPair } from '../support/handMadeFindings';
import type { TargetScanResult } from '../../server/src/core/binary/targets/scanTargets';

const finding = binaryFinding;
const runtimePair = runtimeAsmPair();
const binary = (findings: BinaryFinding[], over: Partial<BinaryReport> = {}): BinaryReport => ({
  path: 'dist/app',
  format: 'elf',
  goVersion: 'go1.24.4',
  buildInfo: null,
  findings,
  errors: [],
  functions: 1200,
  ...over,
});
const ctx = { cwd: '/src/app', module: { root: '/src/app', modulePath: 'example.com/app' } };
const result: TargetScanResult = { binaries: [binary([finding(), runtimePair])], skipped: 0, errors: [] };
const report = (r: TargetScanResult) => binaryScanReport(r, ctx);
const binaryExitCode = (r: TargetScanResult, failOn?: FailOn) => reportExitCode(report(r), failOn);

describe('scan-binary CI formats', function () {
  it("GitHub: the hazard is a warning on the checkout's file, the non-preemptible pair a notice", function () {
    const lines = formatGithub(report(result), '/src').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /^::warning file=app\/cmd\/main\.go,line=31,title=preempt-guard split-sp-update%3A main\.fill::main\.fill: this return pops the 131104-byte frame with two SP updates \(add sp, sp, #0x20; add sp, sp, #0x20, lsl #12\)\. Non-leaf function: rebuild with go1\.24\.6 or later \(built with go1\.24\.4\); .* Found in dist\/app \(built with go1\.24\.4\)\. \(golang\/go#73259\)$/,
    );
    assert.match(
      lines[1],
      /^::notice file=runtime\/memmove_arm64\.s,line=12,title=preempt-guard split-sp-update%3A runtime\.memmove::.*: not a hazard: hand-written assembly/,
    );
    const broken: TargetScanResult = {
      binaries: [binary([], { path: 'x', errors: ['truncated, file, cut'], functions: 0 })],
      skipped: 0,
      errors: ['y: no such file or directory'],
    };
    assert.equal(
      formatGithub(report(broken), '/src'),
      '::error title=preempt-guard%3A scan-binary::y: no such file or directory\n::error title=preempt-guard%3A scan-binary::x: truncated, file, cut\n',
    );
    assert.equal(
      errorLines(report(broken), '/src'),
      'preempt-guard: error: y: no such file or directory\npreempt-guard: error: x: truncated, file, cut\n',
    );
  });

  it('GitLab Code Quality: major for the hazard, info for the notice, unique fingerprints across binaries', function () {
    const two: TargetScanResult = { ...result, binaries: [binary([finding(), runtimePair]), binary([finding()], { path: 'dist/app-v2' })] };
    const issues = codeQualityIssues(report(two), '/src');
    assert.deepEqual(
      issues.map((i) => [i.check_name, i.severity, i.location]),
      [
        ['split-sp-update', 'major', { path: 'app/cmd/main.go', lines: { begin: 31 } }],
        ['split-sp-update', 'info', { path: 'runtime/memmove_arm64.s', lines: { begin: 12 } }],
        ['split-sp-update', 'major', { path: 'app/cmd/main.go', lines: { begin: 31 } }],
      ],
    );
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 3);
    assert.equal(issues[2].fingerprint, `${issues[0].fingerprint}:1`);
    assert.match(issues[2].description, /Found in dist\/app-v2/);
  });

  it('--fail-on over binary results: hazards 1 (any, hazard), 0 (none); nothing analysed 2; --all pairs never count', function () {
    const onlyPair: TargetScanResult = { binaries: [binary([runtimePair])], skipped: 0, errors: [] };
    const nothing: TargetScanResult = { binaries: [], skipped: 3, errors: [] };
    const policies = ['any', 'hazard', 'none'] as const;
    assert.deepEqual(
      policies.map((p) => binaryExitCode(result, p)),
      [1, 1, 0],
    );
    assert.deepEqual(
      policies.map((p) => binaryExitCode(onlyPair, p)),
      [0, 0, 0],
    );
    assert.deepEqual(
      policies.map((p) => binaryExitCode(nothing, p)),
      [2, 2, 2],
    );
    assert.equal(binaryExitCode(result), 1);
  });

  it('SARIF: rules with help, results in the checkout (SRCROOT) with fingerprints, notes for non-preemptible pairs', function () {
    const run = JSON.parse(formatSarif(report(result), { toolVersion: '0.1.0' })).runs[0];
    assert.ok(
      run.tool.driver.rules.every(
        (r: { fullDescription?: { text: string }; help?: { markdown: string } }) => r.fullDescription?.text && r.help?.markdown,
      ),
    );
    assert.deepEqual(run.automationDetails, { id: 'preempt-guard/binary/' });
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, 'file:///src/app/');
    assert.deepEqual(
      run.results.map(
        (x: { level: string; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }) => [
          x.level,
          x.locations[0].physicalLocation?.artifactLocation ?? null,
        ],
      ),
      [
        ['warning', { uri: 'cmd/main.go', uriBaseId: 'SRCROOT' }],
        // Outside the checkout: the function only, the file as a property.
        ['note', null],
      ],
    );
    assert.deepEqual(run.results[1].locations[0].logicalLocations, [{ fullyQualifiedName: 'runtime.memmove', kind: 'function' }]);
    assert.equal(run.results[1].properties.sourceFile, 'runtime/memmove_arm64.s');
    assert.match(run.results[0].partialFingerprints['preemptGuardReturnSite/v1'], /^[0-9a-f]{64}$/);
    assert.match(run.results[0].message.text, /\.$/);
  });
});
