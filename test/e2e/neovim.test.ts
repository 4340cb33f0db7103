// A second, independent LSP client: Debian's neovim (0.7) headless runs
// `preempt-guard lsp --stdio` (dist/cli.js) on a fixture and writes the
// diagnostics it received; the test asserts them. This keeps the server
// honest about the protocol, not about VS Code.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, goBinary } from '../support/lspClient';
import { copyFixture, serverEnv } from '../support/lspFixtures';
import { installedToolchain } from '../support/toolchains';

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
}
interface NvimResult {
  status: { state: string; message?: string; findings: number; leafFindings: number; toolchain?: { version: string } } | null;
  diagnostics: NvimDiagnostic[];
  hover: string | null;
  error: string | null;
}

function runNvim(env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // -n: no swap file; -i NONE: no shada; --headless: no UI.
    const p = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(REPO, 'test', 'e2e', 'neovim', 'init.lua')], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, output }));
  });
}

const SEV = ['', 'E', 'W', 'I', 'H'];

describe('neovim 0.7 headless as LSP client (preempt-guard lsp --stdio)', function () {
  this.timeout(300_000);

  it('receives the exact diagnostics for the e2e-demo fixture with go1.24, and a hover', async function () {
    if (!existsSync('/usr/bin/nvim')) throw new Error('neovim is not installed: run scripts/install-system-deps.sh');
    const fx = copyFixture('e2e-demo');
    try {
      const out = path.join(path.dirname(fx.dir), 'nvim-result.json');
      const main = path.join(fx.dir, 'main.go');
      const { code, output } = await runNvim(
        {
          ...serverEnv(),
          HOME: path.dirname(fx.dir),
          XDG_CONFIG_HOME: path.dirname(fx.dir),
          XDG_STATE_HOME: path.dirname(fx.dir),
          XDG_DATA_HOME: path.dirname(fx.dir),
          PG_CMD: JSON.stringify([process.execPath, path.join(REPO, 'dist', 'cli.js'), 'lsp', '--stdio']),
          PG_ROOT: fx.dir,
          PG_FILE: main,
          PG_OUT: out,
          PG_GO: goBinary('1.24'),
          PG_HOVER_LINE: '16',
          // Go's caches stay where the rest of the tests keep them.
          GOCACHE: process.env.GOCACHE ?? path.join(process.env.HOME ?? '/root', '.cache', 'go-build'),
        },
        fx.dir,
      );
      assert.equal(code, 0, output);
      assert.ok(existsSync(out), `neovim wrote no result: ${output}`);
      const r = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
      assert.equal(r.error, null, output);
      assert.equal(r.status?.state, 'affected', JSON.stringify(r.status));
      assert.equal(r.status?.toolchain?.version, installedToolchain('1.24').version);
      const seen = r.diagnostics
        .map((d) => `${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col} ${SEV[d.severity]} ${d.source} ${d.code} ${d.message.slice(0, 50)}`)
        .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
      assert.deepEqual(seen, [
        '13:5-13:13 W preempt-guard split-sp-update main.checksum (leaf, frame 131088 bytes): 1 return',
        '16:1-16:7 I preempt-guard split-fp-restore Split frame-pointer restore in the leaf epilogue o',
        '16:1-16:7 W preempt-guard split-sp-update Split stack-pointer update in the epilogue of main',
        '27:5-27:9 W preempt-guard split-sp-update main.fill (non-leaf, frame 131104 bytes): 2 return',
        '30:2-30:8 W preempt-guard split-sp-update Split stack-pointer update in the epilogue of main',
        '34:1-34:7 W preempt-guard split-sp-update Split stack-pointer update in the epilogue of main',
      ]);
      assert.ok(
        r.hover?.startsWith(`**main.checksum** — leaf, frame 131088 bytes · compiled by ${installedToolchain('1.24').version} (arm64)`),
        String(r.hover),
      );
      assert.ok(r.hover?.includes('⟵ preemption here = crash'), String(r.hover));
    } finally {
      fx.cleanup();
    }
  });
});
