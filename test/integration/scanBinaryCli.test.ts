// `preempt-guard scan-binary` as users run it, on real binaries built from
// test-fixtures/e2e-demo by the installed toolchains: a file, a directory
// (with non-Go files, an amd64 Go build and a symlink loop), docker-save and
// OCI image archives built here (a later layer replaces one binary and
// whites out another), the three formats, exit codes and bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureBinary } from '../support/goBinaries';
import { type LayerSpec, writeDockerSave, writeOciLayout } from '../support/imageArchives';
import { CLI, FIXTURES, goBinary, testEnv } from '../support/paths';
import { reportSchemaErrors } from '../support/reportSchema';

const DEMO = path.join(FIXTURES, 'e2e-demo');

function cli(args: string[], cwd = DEMO) {
  const r = spawnSync(process.execPath, [CLI, 'scan-binary', ...args], { cwd, env: testEnv(), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  function: string;
  file: string;
  line: number;
  leaf: boolean;
  frameSize: number;
  preemptible: boolean;
  fixedByToolchain: boolean;
  module: string;
  instructions: string[];
  binary: string;
}
interface JsonBinary {
  path: string;
  format: string;
  goVersion: string;
  mainModule: { path: string; version: string } | null;
  settings: Record<string, string>;
}
interface JsonReport {
  binaries: JsonBinary[];
  findings: JsonFinding[];
  skipped: number;
  errors: { message: string; binary?: string }[];
}
/** A binary of the report with its findings and errors (the report lists them flat, each naming its binary). */
type BinaryView = JsonBinary & { findings: JsonFinding[]; errors: string[] };
interface JsonOut {
  binaries: BinaryView[];
  skipped: number;
  errors: JsonReport['errors'];
}

/** The report's JSON, checked against the one report schema, seen per binary. */
function parseReport(stdout: string): JsonOut {
  const doc = JSON.parse(stdout) as JsonReport;
  assert.deepEqual(reportSchemaErrors(doc), []);
  return {
    binaries: doc.binaries.map((b) => ({
      ...b,
      findings: doc.findings.filter((f) => f.binary === b.path),
      errors: doc.errors.filter((e) => e.binary === b.path).map((e) => e.message),
    })),
    skipped: doc.skipped,
    errors: doc.errors,
  };
}

const brief = (f: JsonFinding) =>
  `${f.function} ${f.file}:${f.line} ${f.leaf ? 'leaf' : 'non-leaf'} ${f.frameSize}${f.fixedByToolchain ? ' fixed-by-toolchain' : ''}`;
/** What the go1.26 build holds: only the leaf function is still split. */
const GO126_AT = (file: string) => [`main.checksum ${file}:17 leaf 131088`];
const GO124 = [
  'main.checksum example.com/e2edemo/main.go:17 leaf 131088',
  'main.fill example.com/e2edemo/main.go:31 non-leaf 131104 fixed-by-toolchain',
  'main.fill example.com/e2edemo/main.go:35 non-leaf 131104 fixed-by-toolchain',
];

describe('preempt-guard scan-binary', function () {
  this.timeout(300000);
  let tmp: string;
  let bin124: string;
  let bin126: string;
  let amd64: string;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-scanbin-'));
    bin124 = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' });
    bin126 = await buildFixtureBinary({ minor: '1.26', module: 'e2e-demo', shape: 'plain' });
    amd64 = path.join(tmp, 'demo-amd64');
    const r = spawnSync(goBinary('1.24'), ['build', '-o', amd64, '.'], {
      cwd: DEMO,
      env: testEnv({ GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('a file, JSON: toolchain, main module, settings and exactly the hazards; exit 1', () => {
    const r = cli([bin124, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = parseReport(r.stdout);
    assert.equal(out.binaries.length, 1);
    const b = out.binaries[0];
    assert.deepEqual(
      {
        path: b.path,
        format: b.format,
        goVersion: b.goVersion,
        mainModule: b.mainModule,
        trimpath: b.settings['-trimpath'],
        goarch: b.settings.GOARCH,
        errors: b.errors,
      },
      {
        path: bin124,
        format: 'elf',
        goVersion: 'go1.24.4',
        mainModule: { path: 'example.com/e2edemo', version: '(devel)' },
        trimpath: 'true',
        goarch: 'arm64',
        errors: [],
      },
    );
    assert.deepEqual(b.findings.map(brief), GO124);
    assert.ok(b.findings.every((f) => f.preemptible && f.module === 'example.com/e2edemo'));
    assert.deepEqual(b.findings[0].instructions, ['add sp, sp, #0x10', 'add sp, sp, #0x20, lsl #12']);
    assert.deepEqual({ skipped: out.skipped, errors: out.errors }, { skipped: 0, errors: [] });
  });

  it("--all adds the runtime's non-preemptible pairs, which do not change the exit code", () => {
    const r = cli([bin126, '--format', 'json', '--all']);
    const b = parseReport(r.stdout).binaries[0];
    assert.deepEqual(b.findings.filter((f) => f.preemptible).map(brief), GO126_AT(path.join(DEMO, 'main.go')));
    const quiet = cli([bin126, '--format', 'json']);
    assert.equal(quiet.code, 1);
    assert.ok(b.findings.length >= parseReport(quiet.stdout).binaries[0].findings.length);
  });

  it('text from the module checkout: -trimpath paths as files of the checkout, remedy per finding, mitigation once', () => {
    const r = cli([bin124]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      new RegExp(
        `^${bin124.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: go1\\.24\\.4, module example\\.com/e2edemo \\(devel\\), linux/arm64, elf, \\d+ functions$`,
        'm',
      ),
    );
    assert.match(
      r.stdout,
      /^ {2}main\.go:17: split-sp-update: main\.checksum: this return pops the 131088-byte frame with two SP updates/m,
    );
    assert.match(
      r.stdout,
      /^ {4}leaf, frame 131088 bytes, module example\.com\/e2edemo, at 0x[0-9a-f]+ \(main\.checksum\+0x[0-9a-f]+\): add sp, sp, #0x10 \/ add sp, sp, #0x20, lsl #12$/m,
    );
    assert.match(
      r.stdout,
      /^ {4}fix: change the code: move the large local to the heap, or shrink the frame below 64 KiB \(leaf function: no toolchain fixes it; go1\.26 and go1\.27 still split leaf epilogues\)$/m,
    );
    assert.match(
      r.stdout,
      /^ {2}main\.go:31: .*\n.*\n {4}fix: rebuild with go1\.24\.6\+ \(non-leaf function: the fixed toolchain pops the frame atomically\)$/m,
    );
    assert.equal(r.stdout.match(/GODEBUG=asyncpreemptoff=1/g)?.length, 1);
    assert.match(r.stdout, /^3 preemptible split SP updates \(1 in leaf functions: need a code change\) in 1 binary; 0 files skipped/m);
    // Outside the module the paths stay as the binary has them.
    assert.match(cli([bin124], tmp).stdout, /^ {2}example\.com\/e2edemo\/main\.go:17: /m);
  });

  it('SARIF 2.1.0: results in source files relative to the checkout', () => {
    const r = cli([bin124, '--format', 'sarif']);
    assert.equal(r.code, 1);
    const run = JSON.parse(r.stdout).runs[0];
    // URIs are relative to the git checkout's top when the scan runs in one (as scan's SARIF), else to the module.
    const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: DEMO, encoding: 'utf8' }).stdout.trim();
    const root = top || DEMO;
    const rel = path.relative(root, path.join(DEMO, 'main.go')).split(path.sep).join('/');
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, `file://${root}/`);
    assert.deepEqual(
      run.results.map(
        (x: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
        }) =>
          `${x.ruleId} ${x.level} ${x.locations[0].physicalLocation.artifactLocation.uriBaseId}:${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}`,
      ),
      [17, 31, 35].map((l) => `split-sp-update warning SRCROOT:${rel}:${l}`),
    );
    assert.match(run.results[1].message.text, /rebuild with go1\.24\.6 or later.*Found in .* \(built with go1\.24\.4\)\.$/);
  });

  it('a directory: every Go arm64 executable; text, amd64 Go build and links skipped and counted; no loop', () => {
    const d = path.join(tmp, 'tree');
    mkdirSync(path.join(d, 'bin', 'sub'), { recursive: true });
    copyFileSync(bin124, path.join(d, 'bin', 'app124'));
    copyFileSync(bin126, path.join(d, 'bin', 'sub', 'app126'));
    copyFileSync(amd64, path.join(d, 'bin', 'app-amd64'));
    writeFileSync(path.join(d, 'README'), 'not a binary\n');
    symlinkSync('..', path.join(d, 'bin', 'sub', 'loop'));
    symlinkSync('app124', path.join(d, 'bin', 'alias'));
    const r = cli([d, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = parseReport(r.stdout);
    assert.deepEqual(
      out.binaries.map((b) => [path.relative(d, b.path), b.goVersion, b.findings.length]),
      [
        ['bin/app124', 'go1.24.4', 3],
        ['bin/sub/app126', 'go1.26.10', 1],
      ],
    );
    assert.deepEqual({ skipped: out.skipped, errors: out.errors }, { skipped: 2, errors: [] });
  });

  it('a directory with no Go arm64 executable: exit 2 and says so', () => {
    const d = path.join(tmp, 'empty-tree');
    mkdirSync(d);
    copyFileSync(amd64, path.join(d, 'app'));
    const r = cli([d]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^error: .*empty-tree: no Go arm64 executable in this directory \(1 other file skipped\)$/m);
  });

  for (const kind of ['docker save', 'OCI layout (gzip)'] as const) {
    it(`${kind} image archive: the final filesystem's binaries, reported inside the image`, async () => {
      const f = path.join(tmp, `${kind.split(' ')[0]}.tar`);
      const layers: LayerSpec[] = [
        { 'usr/bin/app': readFileSync(bin124), 'usr/bin/old': readFileSync(bin124), 'etc/motd': 'hi\n' },
        { 'usr/bin/app': readFileSync(bin126), 'usr/bin/.wh.old': '', 'usr/local/bin/tool': readFileSync(bin124) },
      ];
      if (kind === 'docker save') await writeDockerSave(f, layers);
      else await writeOciLayout(f, layers, { gzip: true });
      const r = cli([f, '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      const out = parseReport(r.stdout);
      assert.deepEqual(out.binaries.map((b) => [b.path, b.goVersion, b.findings.length]).sort(), [
        [`${f}:/usr/bin/app`, 'go1.26.10', 1],
        [`${f}:/usr/local/bin/tool`, 'go1.24.4', 3],
      ]);
      assert.equal(out.skipped, 1);
      assert.deepEqual(out.errors, []);
    });
  }

  it('bad input: one line each, never a stack trace, exit 2', () => {
    const empty = path.join(tmp, 'empty');
    writeFileSync(empty, '');
    const truncated = path.join(tmp, 'truncated');
    writeFileSync(truncated, readFileSync(bin124).subarray(0, 100000));
    const huge = path.join(tmp, 'huge');
    writeFileSync(huge, '');
    truncateSync(huge, 2 ** 31); // sparse: costs no disk
    const cases: [string, RegExp][] = [
      [amd64, /^ {2}error: Go binary for amd64: the split-epilogue hazard is arm64-only$/m],
      [empty, /^ {2}error: not an ELF or Mach-O file/m],
      [truncated, /^ {2}error: .*(truncated|not a Go binary|pclntab)/m],
      [path.join(DEMO, 'main.go'), /^ {2}error: not an ELF or Mach-O file/m],
      [path.join(tmp, 'missing'), /^ {2}error: cannot read it \(no such file or directory\)$/m],
      [huge, /^ {2}error: 2147 MB, larger than the 1074 MB limit for a Go binary: not read$/m],
    ];
    for (const [p, want] of cases) {
      const r = cli([p]);
      assert.equal(r.code, 2, `${p}: ${r.stdout}`);
      assert.match(r.stdout, want, p);
      assert.equal(r.stdout.match(/^ {2}error: /gm)?.length, 1, r.stdout);
      assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
    }
    const usage = cli(['--format', 'xml', bin124]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be one of text, json, sarif/);
  });
});
