// The editor on the oldest VS Code the manifest claims (`engines.vscode`):
// a smoke run on the oldest code-server release installed by
// scripts/install-code-server.sh (codeServerVersions.json `oldest`), while the
// full suites run on the latest. Activation (the commands are registered),
// diagnostics on the e2e workspace with go1.24, one quick fix (the toolchain
// line lands in go.mod), and the reproducer panel opens and shows its
// disassembly. PG_CODE_SERVER_VERSION runs the same smoke on another release.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER_VERSIONS, EditorSession, goBinary, pollUntil, REPO_ROOT, toolchainsDir, type Problem } from './harness';
import { shortTitle } from '../../server/src/core/vocabulary';

const VERSION = process.env.PG_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS.oldest;
const VSCODE = CODE_SERVER_VERSIONS.vscode[VERSION] ?? 'unknown';

/** Our markers as `file line:col Severity`, sorted. */
const keys = (ps: Problem[]): string[] =>
  ps
    .filter((p) => p.source === 'preempt-guard')
    .map((p) => `${p.file} ${p.line}:${p.column} ${p.severity}`)
    .sort();

describe(`VS Code ${VSCODE} smoke (code-server ${VERSION} + Chromium)`, function () {
  this.timeout(600_000);
  let s: EditorSession | undefined;

  before(async function () {
    s = await EditorSession.open({
      suite: `smoke-code-server-${VERSION}`,
      version: VERSION,
      workspaceFrom: path.join(REPO_ROOT, 'test-fixtures/e2e-demo'),
      workspaceSettings: { 'preemptGuard.goPath': goBinary('1.24') },
      env: { GOTOOLCHAIN: 'local', PREEMPT_GUARD_TOOLCHAINS: toolchainsDir() },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('runs on the code-server release it was asked for', async () => {
    // The package that was started, and the VS Code inside it.
    const root = path.resolve(path.dirname(s!.server.entry), '../..');
    const version = (file: string) => (JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { version: string }).version;
    assert.deepEqual([version('package.json'), version('lib/vscode/package.json')], [VERSION, VSCODE]);
  });

  it('activates: the commands are in the palette', async () => {
    const rows = await s!.wb.listCommands('Preempt Guard:', 3);
    for (const c of ['Preempt Guard: Scan Workspace', 'Preempt Guard: Run Preemption Reproducer']) {
      assert.ok(rows.includes(c), `${c} in ${JSON.stringify(rows)}`);
    }
  });

  it('shows the diagnostics of go1.24 at the right lines', async () => {
    await s!.wb.openFile('main.go');
    // One diagnostic per hazard on its return line (the declarations are related information), plus go.mod's note.
    const expected = ['go.mod 3:1 Warning', 'main.go 17:2 Warning', 'main.go 31:3 Warning', 'main.go 35:2 Warning'];
    // The panel fills in as the markers arrive: wait for the whole set.
    const ps = await s!.wb.waitForProblems('go1.24 findings', (p) => keys(p).join() === expected.join());
    assert.deepEqual(keys(ps), expected);
    const ret = ps.find((p) => p.file === 'main.go' && p.line === 31 && p.severity === 'Warning');
    assert.equal(ret?.message, shortTitle({ kind: 'split-sp-update', function: 'main.fill', frameSize: 131104, leaf: false }));
    await s!.wb.screenshot('problems-go1.24');
  });

  it('applies the toolchain quick fix: go.mod gets the toolchain line', async () => {
    await s!.wb.openFile('main.go');
    const title = await s!.wb.applyQuickFix(31, 3, 'Upgrade toolchain to go1.24.6');
    assert.match(title, /^Upgrade toolchain to go1\.24\.6/);
    await s!.wb.waitForTab('go.mod', { dirty: true });
    await s!.wb.saveAll();
    const gomod = await pollUntil('go.mod on disk', 30_000, () => {
      const t = readFileSync(s!.file('go.mod'), 'utf8');
      return t.includes('toolchain') ? t : undefined;
    });
    assert.equal(gomod, 'module example.com/e2edemo\n\ngo 1.24\ntoolchain go1.24.6\n');
    await s!.wb.screenshot('toolchain-fix-applied');
  });

  it('opens the reproducer panel, which shows the split epilogue', async () => {
    await s!.wb.runCommand('Preempt Guard: Run Preemption Reproducer');
    const frame = await s!.webviewFrame('#start', 'reproducer webview frame');
    assert.equal(await frame.locator('#variant').inputValue(), 'fast');
    const native = await pollUntil('the split SP update in the disassembly', 180_000, async () => {
      const rows = await frame.locator('#asm .asm-line.sp-write .native').allInnerTexts();
      return rows.length === 2 ? rows.map((r) => r.trim()) : undefined;
    });
    assert.deepEqual(native, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']);
    await s!.wb.screenshot('reproducer-panel');
  });
});
