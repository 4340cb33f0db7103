// The npm package as people get it: `npm pack` ships only the CLI (its bin,
// its bundle, the language server's bundle for `lsp`), capstone's wasm and the docs (package.json `files`; npm adds `main`, the client bundle); the tarball installs offline into an
// empty directory (nothing to fetch: every dependency is bundled) and its
// `preempt-guard` bin scans a fixture with a real toolchain.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES, goBinary, REPO, testEnv } from '../support/paths';
import { installedToolchain } from '../support/toolchains';

function npm(args: string[], cwd: string) {
  // Offline: the test must never reach a registry.
  const r = spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
  });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('npm package (npm pack, install from the tarball, run)', function () {
  this.timeout(300_000);
  let tmp: string;

  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first`);
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-pack-'));
  });
  after(function () {
    rmSync(tmp, { recursive: true, force: true });
  });

  it("packs the CLI and its wasm only, installs offline, and `preempt-guard scan` reports the reproducer's finding", function () {
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], REPO)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0].files.map((f) => f.path).sort();
    // npm always adds the `main` file: the extension's client bundle, which the CLI never loads.
    // `preempt-guard lsp` runs the language server's bundle, which runs binary scans and triage in dist/lsp-worker.js.
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/capstone.wasm',
      'dist/cli-main.js',
      'dist/cli.js',
      'dist/client.js',
      'dist/lsp-worker.js',
      'dist/server.js',
      'package.json',
    ];
    assert.deepEqual(files, expected.sort());

    const app = path.join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'pack-check', version: '1.0.0', private: true }));
    npm(['install', path.join(tmp, packed[0].filename)], app);
    const bin = path.join(app, 'node_modules', '.bin', 'preempt-guard');
    assert.ok(existsSync(bin), bin);

    const fixture = path.join(tmp, 'reproducer');
    cpSync(path.join(FIXTURES, 'reproducer'), fixture, { recursive: true });
    const r = spawnSync(bin, ['scan', fixture, '--go', goBinary('1.26'), '--format', 'json'], {
      cwd: app,
      encoding: 'utf8',
      env: testEnv(),
    });
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as {
      toolchain: { version: string };
      findings: { kind: string; function: string; line: number; leaf: boolean; frameSize: number }[];
    };
    assert.equal(out.toolchain.version, installedToolchain('1.26').version);
    assert.deepEqual(
      out.findings.filter((f) => f.kind === 'split-sp-update').map((f) => [f.function, f.line, f.leaf, f.frameSize]),
      [['main.big_stack', 22, true, 65552]],
    );

    // scan-binary through the installed bin reports what the repository's CLI does.
    const committed = path.join(FIXTURES, 'binaries', 'reproducer-go1.24-linux-arm64-stripped');
    const installed = spawnSync(bin, ['scan-binary', '--all', '--format', 'json', committed], { cwd: app, encoding: 'utf8' });
    const repo = spawnSync(process.execPath, [CLI, 'scan-binary', '--all', '--format', 'json', committed], { encoding: 'utf8' });
    assert.equal(installed.status, 1, installed.stderr);
    assert.deepEqual(JSON.parse(installed.stdout), JSON.parse(repo.stdout));
    assert.ok((JSON.parse(installed.stdout) as { findings: unknown[] }).findings.length > 0);
  });
});
