// The `preempt-guard` CLI as users run it: real processes, real toolchains.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descendants, isRunning } from '../../server/src/core/util/processTree';
import { pollUntil } from '../support/poll';
import { CLI, FIXTURES, goBinary, REPO, testEnv } from '../support/paths';
import { reportSchemaErrors } from '../support/reportSchema';
import { installedToolchain } from '../support/toolchains';

function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? FIXTURES,
    env: opts.env ?? testEnv(),
    input: opts.input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('preempt-guard CLI', function () {
  this.timeout(180000);
  const go124 = () => goBinary('1.24');

  it('scan, JSON: the seed reproducer with go1.26 (leaf finding, toolchain named), exit 1', () => {
    const r = cli(['scan', 'reproducer', '--go', goBinary('1.26'), '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(reportSchemaErrors(out), []);
    assert.deepEqual([out.schemaVersion, out.source], [1, 'listing']);
    assert.equal(out.toolchain.version, installedToolchain('1.26').version);
    assert.equal(out.toolchain.nonLeafFixed, true);
    assert.match(out.toolchain.why, /--go/);
    const sp = out.findings.find((f: { kind: string }) => f.kind === 'split-sp-update');
    assert.deepEqual(
      {
        function: sp.function,
        file: sp.file,
        line: sp.line,
        declLine: sp.declLine,
        frameSize: sp.frameSize,
        leaf: sp.leaf,
        offsets: sp.offsets,
        instructions: sp.instructions,
        fixedByToolchain: sp.fixedByToolchain,
        toolchain: sp.toolchain,
        remedy: sp.remedy,
      },
      {
        function: 'main.big_stack',
        file: path.join(FIXTURES, 'reproducer', 'main.go'),
        line: 22,
        declLine: 11,
        frameSize: 65552,
        leaf: true,
        offsets: [152, 156],
        instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
        fixedByToolchain: false,
        toolchain: out.toolchain.version,
        remedy: 'code-change',
      },
    );
    assert.deepEqual(out.errors, []);
  });

  it('scan, text: file:line, function, why and remedy', () => {
    const r = cli(['scan', path.join(FIXTURES, 'workspace'), '--go', go124()]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^toolchain: go1\.24\.4 .* this toolchain splits non-leaf epilogues too$/m);
    assert.match(
      r.stdout,
      /^api\/api\.go:12: split-sp-update: example\.com\/api\.Handle: this return pops the 65568-byte frame with two SP updates \(add sp, sp, #0x20; add sp, sp, #0x10, lsl #12\)$/m,
    );
    assert.match(
      r.stdout,
      /fix: Non-leaf function: upgrading the toolchain from go1\.24\.4 to go1\.24\.6 or later fixes it \(`toolchain go1\.24\.6` in go\.mod\)/,
    );
    assert.match(r.stdout, /^worker\/worker\.go:8: split-sp-update: example\.com\/worker\.Crunch/m);
    assert.match(r.stdout, /fix: Leaf function: a toolchain upgrade does not help/);
    assert.match(r.stdout, /^2 split SP update\(s\) \(1 in leaf functions: need a code change\), 1 split FP restore\(s\), 0 error\(s\)$/m);
  });

  it('scan, SARIF 2.1.0 with rules, locations relative to the source root', () => {
    const r = cli(['scan', 'frames', '--go', go124(), '--format', 'sarif']);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((x: { id: string }) => x.id),
      ['split-sp-update', 'split-fp-restore'],
    );
    const res = run.results.find(
      (x: { locations: { physicalLocation: { region: { startLine: number } } }[] }) =>
        x.locations[0].physicalLocation.region.startLine === 11,
    );
    assert.equal(res.ruleId, 'split-sp-update');
    // In a git checkout, paths are relative to its top directory (GitHub resolves them from there).
    assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: 'test-fixtures/frames/nonleaf.go', uriBaseId: 'SRCROOT' });
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, `file://${path.dirname(FIXTURES)}/`);
    assert.equal(run.results.length, 16);
  });

  it('a module without findings exits 0', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-clean-'));
    try {
      writeFileSync(path.join(dir, 'go.mod'), 'module example.com/clean\n\ngo 1.19\n');
      writeFileSync(path.join(dir, 'a.go'), 'package clean\n\nfunc Small(i int) int { var b [64]byte; b[i&63] = 1; return int(b[0]) }\n');
      const r = cli(['scan', dir, '--go', go124(), '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).findings, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compile errors: reported with file and line, findings of the other package kept', () => {
    const r = cli(['scan', 'brokenpkg', '--go', go124(), '--format', 'json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.errors, [
      {
        packagePath: 'example.com/brokenpkg/broken',
        file: path.join(FIXTURES, 'brokenpkg/broken/broken.go'),
        line: 5,
        column: 9,
        message: 'undefined: undefinedName',
      },
    ]);
    assert.equal(out.findings.length, 2);
  });

  it('bad input gets a clear message and exit 2', () => {
    const noGo = cli(['scan', 'frames'], { env: testEnv({ PATH: '/nonexistent' }) });
    assert.equal(noGo.code, 2);
    assert.match(noGo.stderr, /no `go` found on PATH or in the usual install places/);
    const badGo = cli(['scan', 'frames', '--go', '/nonexistent/go']);
    assert.equal(badGo.code, 2);
    assert.match(badGo.stderr, /the configured go \(\/nonexistent\/go\) does not exist/);
    const notModule = cli(['scan', path.join(FIXTURES, 'listings'), '--go', go124()]);
    assert.equal(notModule.code, 2);
    assert.match(notModule.stderr, /is not a Go module \(no go\.mod or go\.work\)/);
    const flag = cli(['scan', '--frobnicate']);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr, "preempt-guard scan: unknown option '--frobnicate' (see preempt-guard scan --help)\n");
    const fmt = cli(['scan', '--format', 'xml']);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format must be one of text, json, sarif, github, gitlab/);
    const cmd = cli(['frobnicate']);
    assert.equal(cmd.code, 2);
    assert.match(cmd.stderr, /unknown command 'frobnicate'/);
  });

  it('one table: --help for every command, the version from package.json, one-line errors naming the command', () => {
    for (const cmd of ['scan', 'analyze-listing', 'scan-binary', 'reproduce', 'triage', 'lsp']) {
      for (const flag of ['--help', '-h']) {
        const h = cli([cmd, flag]);
        assert.equal(h.code, 0, `${cmd} ${flag}: ${h.stderr}`);
        assert.match(h.stdout, new RegExp(`^usage: preempt-guard ${cmd}\\b`), cmd);
      }
      assert.equal(cli(['help', cmd]).stdout, cli([cmd, '--help']).stdout);
    }
    const general = cli(['--help']);
    assert.equal(general.code, 0);
    for (const cmd of ['scan', 'analyze-listing', 'scan-binary', 'reproduce', 'triage', 'lsp'])
      assert.match(general.stdout, new RegExp(`^  preempt-guard ${cmd}\\b`, 'm'));
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(cli(['--version']).stdout, `preempt-guard ${pkg.version}\n`);
    const cases: [string[], string][] = [
      [['reproduce', '--budget', 'soon'], 'preempt-guard reproduce: --budget needs a positive number of seconds\n'],
      [['reproduce', 'extra'], "preempt-guard reproduce: unexpected argument 'extra' (see preempt-guard reproduce --help)\n"],
      [['triage', '--binary'], "preempt-guard triage: option '--binary' needs a value (see preempt-guard triage --help)\n"],
      [
        ['scan-binary', '--frobnicate', 'x'],
        "preempt-guard scan-binary: unknown option '--frobnicate' (see preempt-guard scan-binary --help)\n",
      ],
      [['lsp'], 'preempt-guard lsp: choose a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = cli(args);
      assert.deepEqual([r.code, r.stderr, r.stdout], [2, stderr, ''], args.join(' '));
    }
  });

  it('analyze-listing: a saved listing from a file or stdin, same findings as scan', () => {
    const file = path.join(FIXTURES, 'listings', 'reproducer-go1.24.txt');
    const fromFile = cli(['analyze-listing', file, '--format', 'json']);
    const fromStdin = cli(['analyze-listing', '-', '--format', 'json'], { input: readFileSync(file, 'utf8') });
    assert.equal(fromFile.code, 1);
    assert.deepEqual(JSON.parse(fromFile.stdout), JSON.parse(fromStdin.stdout));
    assert.deepEqual(
      JSON.parse(fromFile.stdout).findings.map((f: { kind: string; function: string; line: number }) => [f.kind, f.function, f.line]),
      [
        ['split-fp-restore', 'main.big_stack', 22],
        ['split-sp-update', 'main.big_stack', 22],
      ],
    );
    const missing = cli(['analyze-listing', '/nonexistent.txt']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/nonexistent\.txt/);
    const empty = cli(['analyze-listing', '-'], { input: 'hello\n' });
    assert.equal(empty.code, 2);
  });

  it('a truncated listing is an error, findings before the cut are kept', () => {
    const text = readFileSync(path.join(FIXTURES, 'listings', 'frames-go1.24.txt'), 'utf8');
    const cut = text.slice(0, text.indexOf('\t0x0040', text.indexOf('frames.LeafManyReturns STEXT')));
    const r = cli(['analyze-listing', '-', '--format', 'json'], { input: cut });
    const out = JSON.parse(r.stdout);
    assert.equal(r.code, 1);
    assert.match(out.errors[0].message, /truncated: listing ends inside example\.com\/frames\.LeafManyReturns/);
    assert.deepEqual(
      out.findings.map((f: { function: string }) => f.function),
      ['example.com/frames.LeafAbove64K', 'example.com/frames.LeafAbove64K', 'example.com/frames.LeafMultiple4K'],
    );
  });

  it('Ctrl-C during a dependency scan stops go and every compiler it started', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'pg-cache-'));
    try {
      // A fresh build cache makes the build long enough to interrupt.
      const child = spawn(process.execPath, [CLI, 'scan', 'bigdeps', '--deps', '--go', go124()], {
        cwd: FIXTURES,
        env: testEnv({ GOCACHE: cache }),
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      let tree: number[] = [];
      // go and at least one compile
      await pollUntil('the build started compilers', () => (tree = descendants(child.pid!)).length >= 2, 60_000, 100);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      assert.equal(code, 130, stderr);
      assert.match(stderr, /^preempt-guard scan: stopped \(SIGINT\)$/m);
      const alive = tree.filter(isRunning);
      assert.deepEqual(alive, [], 'no orphan go/compile processes');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
