// The extension in a real VS Code (code-server 4.100.3 + Debian Chromium):
// the packaged .vsix installed, test-fixtures/e2e-demo opened (a copy) with
// go1.24.4 configured, everything asserted from the page a person sees.
// Order: go1.24 shows leaf + non-leaf warnings -> hover, status, commands,
// assembly view -> toolchain quick fix edits go.mod -> switching to go1.26
// (fixed for non-leaf) clears only the non-leaf warnings -> the heap quick fix
// clears the leaf one -> Restart Server keeps the clean state.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EditorSession, goBinary, pollUntil, type Problem, REPO_ROOT } from './harness';
import { CRASH_SIGNATURES } from '../../server/src/core/vocabulary';

const FIXTURE = path.join(REPO_ROOT, 'test-fixtures/e2e-demo');
const GO124 = goBinary('1.24');
const GO126 = goBinary('1.26');
const SP_PAIR_CHECKSUM = '`add sp, sp, #0x10` then `add sp, sp, #0x20, lsl #12`';
const SP_PAIR_FILL = '`add sp, sp, #0x20` then `add sp, sp, #0x20, lsl #12`';
// The words come from the one vocabulary (core/vocabulary).
const CRASH = CRASH_SIGNATURES;

/** Our markers as `file line:col Severity`, sorted. */
function keys(ps: Problem[]): string[] {
  return ps
    .filter((p) => p.source === 'preempt-guard')
    .map((p) => `${p.file} ${p.line}:${p.column} ${p.severity}`)
    .sort();
}

function one(ps: Problem[], file: string, line: number, severity: Problem['severity']): Problem {
  const found = ps.filter((p) => p.file === file && p.line === line && p.severity === severity && p.source === 'preempt-guard');
  assert.equal(found.length, 1, `one ${severity} at ${file}:${line}, got ${JSON.stringify(found)}`);
  return found[0];
}

const GO124_KEYS = [
  'go.mod 3:1 Warning',
  'main.go 14:6 Warning',
  'main.go 17:2 Info',
  'main.go 17:2 Warning',
  'main.go 28:6 Warning',
  'main.go 31:3 Warning',
  'main.go 35:2 Warning',
];
const LEAF_ONLY_KEYS = ['main.go 14:6 Warning', 'main.go 17:2 Info', 'main.go 17:2 Warning'];

describe('VS Code extension end to end (code-server + Chromium)', function () {
  this.timeout(600_000);
  let s: EditorSession;
  let failed = false;

  before(async function () {
    s = await EditorSession.open({
      suite: 'vscode',
      workspaceFrom: FIXTURE,
      workspaceSettings: { 'preemptGuard.goPath': GO124 },
      // As a user whose shell has GOTOOLCHAIN=local: a toolchain line never downloads.
      env: { GOTOOLCHAIN: 'local' },
    });
  });

  beforeEach(function () {
    if (failed) this.skip();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failed = true;
      await s?.wb.screenshot(`failed-${this.currentTest.title}`).catch(() => undefined);
    }
  });

  after(async function () {
    await s?.close();
  });

  it('lists the commands in the palette', async function () {
    const rows = await s.wb.listCommands('Preempt Guard:', 3);
    for (const c of ['Preempt Guard: Scan Workspace', 'Preempt Guard: Show arm64 Assembly for Function', 'Preempt Guard: Restart Server']) {
      assert.ok(rows.includes(c), `${c} in ${JSON.stringify(rows)}`);
    }
  });

  it('shows the warnings at the right lines in the Problems panel (go1.24.4)', async function () {
    await s.wb.openFile('main.go');
    const ps = await s.wb.waitForProblems('go1.24 findings', (p) => keys(p).join() === GO124_KEYS.join());
    await s.wb.screenshot('problems-go1.24');

    const gomod = one(ps, 'go.mod', 3, 'Warning');
    assert.match(
      gomod.message,
      /^go1\.24\.4 \(the toolchain that ran, configured: .*go1\.24\/bin\/go\) splits the stack-pointer update of non-leaf epilogues/,
    );
    assert.ok(gomod.message.includes('2 of the 4 findings in this module are non-leaf: go1.24.6 fixes them'), gomod.message);

    const checksumDecl = one(ps, 'main.go', 14, 'Warning');
    assert.ok(
      checksumDecl.message.startsWith(
        `main.checksum (leaf, frame 131088 bytes): 1 return site pops the frame with a split stack-pointer update (${SP_PAIR_CHECKSUM})`,
      ),
      checksumDecl.message,
    );
    const checksumRet = one(ps, 'main.go', 17, 'Warning');
    assert.ok(
      checksumRet.message.startsWith(
        `Split stack-pointer update in the epilogue of main.checksum (frame 131088 bytes): ${SP_PAIR_CHECKSUM}.`,
      ),
      checksumRet.message,
    );
    for (const m of [checksumDecl.message, checksumRet.message]) {
      assert.ok(m.includes(CRASH), m);
      assert.ok(
        m.includes(
          'Leaf function: a toolchain upgrade does not help (go1.26 and go1.27 still split leaf epilogues); change the code: move the large local to the heap, or shrink the frame below 64 KiB.',
        ),
        m,
      );
    }
    const fp = one(ps, 'main.go', 17, 'Info');
    assert.ok(
      fp.message.startsWith(
        'Split frame-pointer restore in the leaf epilogue of main.checksum (frame 131088 bytes): `add x29, sp, #8` then `add x29, x29, #0x20, lsl #12`.',
      ),
      fp.message,
    );

    const fillDecl = one(ps, 'main.go', 28, 'Warning');
    assert.ok(
      fillDecl.message.startsWith(
        `main.fill (non-leaf, frame 131104 bytes): 2 return sites pop the frame with a split stack-pointer update (${SP_PAIR_FILL})`,
      ),
      fillDecl.message,
    );
    for (const line of [31, 35]) {
      const ret = one(ps, 'main.go', line, 'Warning');
      assert.ok(
        ret.message.startsWith(`Split stack-pointer update in the epilogue of main.fill (frame 131104 bytes): ${SP_PAIR_FILL}.`),
        ret.message,
      );
      assert.ok(ret.message.includes(CRASH), ret.message);
      assert.ok(
        ret.message.includes(
          'Non-leaf function: upgrading the toolchain from go1.24.4 to go1.24.6 or later fixes it (`toolchain go1.24.6` in go.mod).',
        ),
        ret.message,
      );
    }
  });

  it('draws warning squiggles on the flagged lines', async function () {
    await s.wb.goTo(1, 1);
    const lines = await pollUntil('squiggles on lines 14, 17, 28', 30_000, async () => {
      const l = await s.wb.squiggleLines('warning');
      return [14, 17, 28].every((n) => l.includes(n)) ? l : undefined;
    });
    assert.ok(!lines.includes(15) && !lines.includes(22), `no squiggle on clean lines: ${JSON.stringify(lines)}`);
    await s.wb.screenshot('squiggles');
  });

  it('hovers a return line with the decoded epilogue and the race window', async function () {
    const text = await s.wb.hoverAt(31, 3, 'preemption here = crash');
    await s.wb.screenshot('hover-fill-return');
    assert.ok(text.includes('main.fill — non-leaf, frame 131104 bytes · compiled by go1.24.4 (arm64)'), text);
    assert.ok(text.includes('Split epilogue of the return at line 31:'), text);
    assert.match(text, /Go pseudo-assembly\s+arm64 \(capstone\)/);
    assert.match(text, /0x0054\s+ADD \$131104, RSP\s+add sp, sp, #0x20\n\s+⟵ preemption here = crash\n\s+add sp, sp, #0x20, lsl #12/);
    assert.ok(text.includes('golang/go#73259'), text);
  });

  it('hovers a leaf return line with both split halves: frame pointer and stack pointer', async function () {
    const text = await s.wb.hoverAt(17, 2, 'preemption here = crash');
    await s.wb.screenshot('hover-checksum-return');
    assert.ok(text.includes('main.checksum — leaf, frame 131088 bytes · compiled by go1.24.4 (arm64)'), text);
    assert.match(
      text,
      /0x0060\s+ADD \$131080, RSP, R29\s+add x29, sp, #8\n\s+⟵ R29 wrong here \(frame-pointer unwinders\)\n\s+add x29, x29, #0x20, lsl #12/,
    );
    assert.match(
      text,
      /0x0068\s+ADD \$131088, RSP\s+add sp, sp, #0x10\n\s+⟵ preemption here = crash\n\s+add sp, sp, #0x20, lsl #12\n0x0070\s+RET \(R30\)\s+ret/,
    );
    assert.ok(text.includes('Leaf function: a toolchain upgrade does not help'), text);
  });

  it('shows the toolchain and the verdict in the language status item', async function () {
    const text = await s.wb.languageStatus('go1.24.4: affected');
    assert.ok(text.includes('4 split epilogues (2 in leaf functions)'), text);
    await s.wb.screenshot('status-go1.24');
    // Its link opens the log, which names the go that ran.
    await s.page.locator('.hover-language-status').getByText('Open Log', { exact: true }).click();
    const log = await pollUntil('Preempt Guard log in the Output panel', 30_000, async () => {
      const t = await s.page
        .locator('.panel .output-view .view-lines, .panel [id="workbench.panel.output"] .view-lines')
        .first()
        .innerText()
        .catch(() => '');
      // The output view wraps long lines: join the rendered rows back.
      return t.includes('finished') ? t.replace(/\n/g, '').replace(/\u00a0/g, ' ') : undefined;
    });
    assert.match(log, /analysis #1 of .*e2e-demo started: .*go1\.24\/bin\/go/);
    assert.match(log, /analysis #1 of .*e2e-demo finished in [\d.]+ s: go1\.24\.4, 4 finding\(s\), state affected/);
    await s.wb.screenshot('status-open-log');
    await s.page.keyboard.press('Control+Shift+M'); // back to the Problems panel
  });

  it('opens the arm64 assembly of a function in a read-only listing document', async function () {
    await s.wb.runCommand('Preempt Guard: Show arm64 Assembly for Function');
    const picks = await s.wb.quickPickLabels(['main.checksum', 'main.fill']);
    assert.deepEqual([...picks].sort(), ['main.checksum', 'main.fill']);
    await s.wb.screenshot('assembly-pick');
    await s.wb.pickQuickItem('main.fill');
    await s.page.locator('.tab.active', { hasText: 'main.fill.s' }).waitFor({ timeout: 60_000 });
    const text = await pollUntil('listing text', 30_000, async () => {
      const t = await s.wb.visibleText();
      return t.includes('ADD $131104, RSP') ? t : undefined;
    });
    await s.wb.screenshot('assembly-view');
    assert.ok(text.startsWith('// main.fill  frame=131104 args=8  (go1.24.4, GOARCH=arm64)'), text);
    assert.match(text, /0x0054 \(main\.go:31\)\s+ADD \$131104, RSP\s+\| add sp, sp, #0x20; add sp, sp, #0x20, lsl #12\s+; <-- split/);
    assert.equal(await s.wb.languageMode(), 'Go Assembly Listing');
    // Read-only: typing is refused and changes nothing.
    await s.wb.focusEditor();
    await s.page.keyboard.type('x');
    await s.page.getByText('Cannot edit in read-only editor').first().waitFor({ timeout: 10_000 });
    assert.equal(await s.page.locator('.tab.dirty').count(), 0);
    assert.equal(await s.wb.visibleText(), text);
    await s.wb.closeActiveEditor();
  });

  it('applies the toolchain quick fix from the quick-fix menu: go.mod gets a toolchain line', async function () {
    await s.wb.openFile('main.go');
    const title = await s.wb.applyQuickFix(31, 3, 'Upgrade toolchain to go1.24.6');
    assert.equal(title, 'Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)');
    // The edit opens go.mod with the change unsaved; the user saves it.
    await s.wb.waitForTab('go.mod', { dirty: true });
    await s.wb.screenshot('toolchain-fix-go.mod-edited');
    await s.wb.saveAll();
    const gomod = await pollUntil('go.mod on disk', 30_000, () => {
      const t = readFileSync(s.file('go.mod'), 'utf8');
      return t.includes('toolchain') ? t : undefined;
    });
    // Every other byte kept; the toolchain line goes right after the go line.
    assert.equal(gomod, 'module example.com/e2edemo\n\ngo 1.24\ntoolchain go1.24.6\n');
    // GOTOOLCHAIN=local keeps go1.24.4; the status says go.mod asks for more.
    const status = await s.wb.languageStatus('go.mod asks for go1.24.6');
    assert.ok(status.includes('go1.24.4: affected'), status);
    await s.wb.screenshot('toolchain-fix-applied');
  });

  it('clears the non-leaf warnings, and only those, with a fixed toolchain (go1.26.10)', async function () {
    // The user points preemptGuard.goPath at a fixed toolchain (workspace settings file).
    writeFileSync(s.file('.vscode/settings.json'), JSON.stringify({ 'preemptGuard.goPath': GO126 }, null, 2));
    await s.wb.openFile('main.go');
    const ps = await s.wb.waitForProblems('only leaf findings left', (p) => keys(p).join() === LEAF_ONLY_KEYS.join());
    assert.ok(
      one(ps, 'main.go', 17, 'Warning').message.startsWith(
        `Split stack-pointer update in the epilogue of main.checksum (frame 131088 bytes): ${SP_PAIR_CHECKSUM}.`,
      ),
    );
    const status = await s.wb.languageStatus('go1.26.10: fixed for non-leaf');
    assert.ok(status.includes('2 split epilogues (2 in leaf functions)'), status);
    await s.wb.goTo(1, 1);
    const lines = await pollUntil('squiggles only on checksum', 30_000, async () => {
      const l = await s.wb.squiggleLines('warning');
      return l.includes(17) && !l.includes(28) ? l : undefined;
    });
    assert.ok(lines.includes(14), JSON.stringify(lines));
    await s.wb.screenshot('go1.26-leaf-only');
  });

  it("moves the leaf function's buffer to the heap through the quick-fix menu; the warning goes after saving", async function () {
    const title = await s.wb.applyQuickFix(17, 2, 'Move `buf` to the heap', 120_000);
    assert.equal(title, 'Move `buf` to the heap');
    // The edit lands after the menu closes: save once it has (a save before it saves nothing).
    await s.wb.waitForTab('main.go', { dirty: true });
    await s.wb.save();
    const src = readFileSync(s.file('main.go'), 'utf8');
    const checksum = src.slice(src.indexOf('func checksum'), src.indexOf('//go:noinline\nfunc remember'));
    const fill = src.slice(src.indexOf('func fill'));
    assert.ok(!checksum.includes('var buf [1 << 17]byte'), checksum);
    assert.match(checksum, /buf := new\(\[1 << 17\]byte\)/);
    assert.ok(fill.includes('var buf [1 << 17]byte'), 'fill untouched');
    const ps = await s.wb.waitForProblems('no findings left', (p) => keys(p).length === 0);
    assert.deepEqual(keys(ps), []);
    await s.wb.goTo(1, 1);
    await pollUntil('no squiggles', 30_000, async () => (await s.wb.squiggleLines('warning')).length === 0);
    await s.wb.screenshot('heap-fix-applied');
  });

  it('restarts the server from the palette and comes back clean', async function () {
    await s.wb.runCommand('Preempt Guard: Restart Server');
    const status = await s.wb.languageStatus('go1.26.10: fixed for non-leaf');
    assert.ok(status.includes('no split epilogues'), status);
    await s.wb.runCommand('Preempt Guard: Scan Workspace');
    const note = await pollUntil('scan notification', 120_000, async () =>
      (await s.wb.notifications()).find((n) => n.startsWith('Preempt Guard: ')),
    );
    assert.equal(note, 'Preempt Guard: 0 split epilogues in 1 module; toolchain go1.26.10.');
    assert.deepEqual(keys(await s.wb.problems()), []);
    await s.wb.screenshot('after-restart');
  });
});

describe('VS Code extension in an untrusted workspace (code-server + Chromium)', function () {
  this.timeout(300_000);
  let s: EditorSession | undefined;
  // A fresh GOCACHE that only a `go build` would create: proof that nothing was built.
  let cacheRoot = '';
  let gocache = '';

  before(async function () {
    cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'pg-e2e-gocache-'));
    gocache = path.join(cacheRoot, 'go-build');
    s = await EditorSession.open({
      suite: 'vscode-untrusted',
      workspaceFrom: FIXTURE,
      trust: 'untrusted',
      workspaceSettings: { 'preemptGuard.goPath': GO124 },
      env: { GOTOOLCHAIN: 'local', GOCACHE: gocache },
    });
  });

  after(async function () {
    await s?.close();
    if (cacheRoot) rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('says it does not analyse, shows no findings and builds nothing', async function () {
    const session = s as EditorSession;
    await session.wb.openFile('main.go');
    const status = await session.wb.languageStatus('untrusted: not analysed');
    await session.wb.screenshot('untrusted-status');
    assert.ok(status.includes('untrusted: not analysed'), status);
    await session.wb.runCommand('Preempt Guard: Scan Workspace');
    const note = await pollUntil('scan notification', 60_000, async () =>
      (await session.wb.notifications()).find((n) => n.startsWith('Preempt Guard: ')),
    );
    assert.equal(note, 'Preempt Guard: workspace not trusted, nothing was built.');
    await session.wb.screenshot('untrusted-scan');
    assert.deepEqual(keys(await session.wb.problems()), []);
    assert.equal(existsSync(gocache), false, `GOCACHE ${gocache} was created: something ran go build`);
  });

  it('analyses as soon as the user trusts the folder, without a restart', async function () {
    const session = s as EditorSession;
    await session.wb.runCommand('Workspaces: Manage Workspace Trust');
    const trust = session.page.getByRole('button', { name: 'Trust', exact: true }).first();
    await trust.waitFor({ state: 'visible', timeout: 30_000 });
    await session.wb.screenshot('trust-editor');
    await trust.click();
    await session.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'hidden', timeout: 30_000 });
    await session.wb.closeActiveEditor();
    await session.wb.openFile('main.go');
    await session.wb.waitForProblems('go1.24 findings after trust', (p) => keys(p).join() === GO124_KEYS.join());
    const status = await session.wb.languageStatus('go1.24.4: affected');
    assert.ok(status.includes('4 split epilogues (2 in leaf functions)'), status);
    assert.equal(existsSync(gocache), true, 'the trusted analysis built with the configured GOCACHE');
    await session.wb.screenshot('trusted-analysed');
  });
});
