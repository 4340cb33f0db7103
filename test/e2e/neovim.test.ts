// A second, independent LSP client: Debian's neovim (0.7) headless runs
// `preempt-guard lsp --stdio` (dist/cli.js) on a fixture and writes the
// diagnostics it received; the test asserts them. This keeps the server
// honest about the protocol, not about VS Code.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, goBinary, goVersion } from '../support/lspClient';
import { copyFixture, serverEnv } from '../support/lspFixtures';

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

  it('receives one plain-text diagnostic per split return for the e2e-demo fixture with go1.24, and a markdown hover', async function () {
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
      assert.equal(r.status?.toolchain?.version, goVersion('1.24'));
      const seen = r.diagnostics
        .map((d) => `${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col} ${SEV[d.severity]} ${d.source} ${d.code} ${d.message}`)
        .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
      // One plain-text line per split return: what VS Code shows too.
      assert.deepEqual(seen, [
        "16:1-16:7 W preempt-guard split-sp-update Split SP pop in main.checksum's epilogue (128 KiB frame, leaf): a preemption here crashes the GC",
        "30:2-30:8 W preempt-guard split-sp-update Split SP pop in main.fill's epilogue (128 KiB frame, non-leaf): a preemption here crashes the GC",
        "34:1-34:7 W preempt-guard split-sp-update Split SP pop in main.fill's epilogue (128 KiB frame, non-leaf): a preemption here crashes the GC",
      ]);
      for (const d of r.diagnostics) assert.doesNotMatch(d.message, /`|\*\*|\n/, 'plain text');
      assert.ok(r.hover?.startsWith('**Split SP pop** · `main.checksum` · 128 KiB frame, leaf · return at line 17'), String(r.hover));
      assert.ok(r.hover?.includes('⟵ preemption here = crash'), String(r.hover));
    } finally {
      fx.cleanup();
    }
  });
});
