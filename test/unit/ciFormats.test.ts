// CI output: GitHub workflow commands (escaping), GitLab Code Quality (shape),
// the --fail-on exit policy, SARIF fingerprints that survive edits above a
// finding, and the SARIF rules' help. No Go: findings are written by hand.
import assert from 'node:assert/strict';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/core/report/github';
import { formatGitlab } from '../../server/src/core/report/gitlab';
import { exitCodeFor, outputPolicy, UsageError } from '../../server/src/cli/policy';
import { formatSarif } from '../../server/src/core/report/sarif';
import { remoteToUri } from '../../server/src/core/report/gitProvenance';
import { listingReport, type ScanReport } from '../../server/src/core/report/model';
import { findingFingerprint, normaliseStatement } from '../../server/src/core/report/fingerprint';
import { ISSUE_URL } from '../../server/src/core/vocabulary';
import { HAND_TOOLCHAIN, listingFinding } from '../support/handMadeFindings';

const finding = listingFinding;
const TOOLCHAIN = HAND_TOOLCHAIN;
const fp = finding({ kind: 'split-fp-restore', function: 'main.checksum', line: 17, declLine: 14, leaf: true, fixedByToolchain: false });
const report: ScanReport = listingReport([finding(), fp], [], { toolchain: TOOLCHAIN, root: '/src/app' });

describe('CI formats', function () {
  it('GitHub: one workflow command per finding, warning for the hazard, notice for the frame-pointer one', function () {
    const lines = formatGithub(report, '/src').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /^::warning file=app\/main\.go,line=31,title=preempt-guard split-sp-update%3A main\.fill::main\.fill: this return pops the 131104-byte frame with two SP updates \(add sp, sp, #0x20; add sp, sp, #0x20, lsl #12\)\. Non-leaf function: upgrading the toolchain from go1\.24\.4 to go1\.24\.6 or later fixes it .*\(golang\/go#73259\)$/,
    );
    assert.match(lines[1], /^::notice file=app\/main\.go,line=17,title=preempt-guard split-fp-restore%3A main\.checksum::/);
    const withError = formatGithub(
      listingReport([], [{ packagePath: 'x', file: '/src/app/a,b.go', line: 3, message: '100% broken\nsee: log' }], {
        toolchain: TOOLCHAIN,
        root: '/src/app',
      }),
      '/src',
    );
    assert.equal(withError, '::error file=app/a%2Cb.go,line=3,title=preempt-guard%3A build error::100%25 broken%0Asee: log\n');
  });

  it('escapes like the Actions toolkit: data %25 %0D %0A, properties also %3A %2C', function () {
    assert.equal(escapeData('a%b\r\nc:d,e'), 'a%25b%0D%0Ac:d,e');
    assert.equal(escapeProperty('a%b\r\nc:d,e'), 'a%25b%0D%0Ac%3Ad%2Ce');
  });

  it('GitLab Code Quality: description, check_name, fingerprint, severity, location.path, location.lines.begin', function () {
    const issues = JSON.parse(formatGitlab(report, '/src')) as Record<string, unknown>[];
    assert.equal(issues.length, 2);
    assert.deepEqual(Object.keys(issues[0]).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
    assert.deepEqual(
      issues.map((i) => [i.check_name, i.severity, i.location]),
      [
        ['split-sp-update', 'major', { path: 'app/main.go', lines: { begin: 31 } }],
        ['split-fp-restore', 'minor', { path: 'app/main.go', lines: { begin: 17 } }],
      ],
    );
    assert.match(String(issues[0].fingerprint), /^[0-9a-f]{64}$/);
    assert.notEqual(issues[0].fingerprint, issues[1].fingerprint);
    assert.match(String(issues[0].description), /^main\.fill: this return pops/);
  });
});

describe('--fail-on policy', function () {
  const sp = [{ kind: 'split-sp-update' as const }];
  const fpOnly = [{ kind: 'split-fp-restore' as const }];
  it('any (default) keeps the old exit codes: 1 findings, 2 errors without findings, 0 clean', function () {
    assert.equal(outputPolicy({}).failOn, 'any');
    assert.deepEqual(
      [exitCodeFor(sp, 0), exitCodeFor(fpOnly, 0), exitCodeFor([], 1), exitCodeFor([], 0), exitCodeFor(fpOnly, 1)],
      [1, 1, 2, 0, 1],
    );
  });
  it('hazard fails only for split SP updates', function () {
    assert.deepEqual(
      [exitCodeFor(sp, 0, 'hazard'), exitCodeFor(fpOnly, 0, 'hazard'), exitCodeFor(fpOnly, 1, 'hazard'), exitCodeFor([], 1, 'hazard')],
      [1, 0, 0, 2],
    );
  });
  it('none passes unless nothing could be analysed', function () {
    assert.deepEqual(
      [exitCodeFor(sp, 0, 'none'), exitCodeFor(sp, 2, 'none'), exitCodeFor([], 1, 'none'), exitCodeFor([], 0, 'none')],
      [0, 0, 2, 0],
    );
  });
  it('rejects unknown values with one clear line', function () {
    assert.throws(
      () => outputPolicy({ 'fail-on': 'some' }),
      (e: unknown) => e instanceof UsageError && e.message === '--fail-on must be one of hazard, any, none (got some)',
    );
    assert.throws(() => outputPolicy({ format: 'xml' }), /--format must be one of text, json, sarif, github, gitlab \(got xml\)/);
  });
});

describe('finding fingerprints', function () {
  const src = [
    'package main',
    '',
    'func fill(n int) int {',
    '\tvar buf [1 << 17]byte',
    '\tif n > 0 {',
    '\t\treturn int(buf[n])',
    '\t}',
    '\treturn 0',
    '}',
  ];
  const at = (lines: string[], line: number, declLine: number) =>
    findingFingerprint({ kind: 'split-sp-update', function: 'main.fill', line, declLine }, lines);

  it('survive edits above the function (and formatting of the return)', function () {
    const before = at(src, 8, 3);
    const edited = ['package main', '', 'import "fmt"', '', '// fill fills.', 'var _ = fmt.Sprint', ...src.slice(2)];
    assert.equal(at(edited, 12, 7), before);
    const reformatted = [...src];
    reformatted[7] = '    return   0 // done';
    assert.equal(at(reformatted, 8, 3), before);
    assert.equal(normaliseStatement('\t\treturn  x, y // why'), 'return x, y');
  });

  it('tell apart two returns of one function, the kind and the function', function () {
    const prints = new Set([
      at(src, 6, 3),
      at(src, 8, 3),
      findingFingerprint({ kind: 'split-fp-restore', function: 'main.fill', line: 8, declLine: 3 }, src),
      findingFingerprint({ kind: 'split-sp-update', function: 'main.other', line: 8, declLine: 3 }, src),
    ]);
    assert.equal(prints.size, 4);
    // Same return text twice: the ordinal keeps them apart.
    const twice = ['func f() int {', '\tif a {', '\t\treturn 0', '\t}', '\treturn 0', '}'];
    const f = (line: number) => findingFingerprint({ kind: 'split-sp-update', function: 'main.f', line, declLine: 1 }, twice);
    assert.notEqual(f(3), f(5));
  });

  it('without the source: the offset from the declaration, still independent of lines above', function () {
    const a = findingFingerprint({ kind: 'split-sp-update', function: 'main.f', line: 20, declLine: 10 });
    assert.equal(findingFingerprint({ kind: 'split-sp-update', function: 'main.f', line: 25, declLine: 15 }), a);
  });
});

describe('SARIF shape', function () {
  it('rules carry fullDescription and help (text + markdown with the upstream link); run has automationDetails and the toolchain', function () {
    const s = JSON.parse(formatSarif(report, { toolVersion: '0.1.0' }));
    const run = s.runs[0];
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.fullDescription.text.length > 50, rule.id);
      assert.match(rule.help.text, /What it is: .*\nWhy it (crashes|matters): .*\nHow to fix: /);
      assert.ok(rule.help.markdown.includes(`(${ISSUE_URL})`), rule.id);
    }
    assert.deepEqual(run.automationDetails, { id: 'preempt-guard/linux-arm64/' });
    assert.equal(run.invocations[0].properties.toolchain, 'go1.24.4');
    assert.equal(run.tool.driver.properties.toolchain, 'go1.24.4');
    assert.equal(run.versionControlProvenance, undefined);
    assert.match(run.results[0].partialFingerprints['preemptGuardReturnSite/v1'], /^[0-9a-f]{64}$/);
    assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, { uri: 'main.go', uriBaseId: 'SRCROOT' });
  });

  it('repository URIs from git remotes', function () {
    assert.equal(remoteToUri('git@github.com:o/r.git'), 'ssh://git@github.com/o/r.git');
    assert.equal(remoteToUri('https://user:tok@gitlab.com/o/r.git'), 'https://gitlab.com/o/r.git');
    assert.equal(remoteToUri('ssh://git@host:22/o/r'), 'ssh://git@host:22/o/r');
  });
});
