// The extension in a real VS Code (code-server 4.100.3 + Debian Chromium):
// the packaged .vsix installed, test-fixtures/e2e-demo opened (a copy) with
// go1.24 configured, everything asserted from the page a person sees.
// Order: go1.24 shows one warning per split return (leaf + non-leaf) -> hover,
// status, code lenses, assembly view (from a lens and from the palette), the
// lens setting -> toolchain quick fix edits go.mod -> switching to go1.26
// (fixed for non-leaf) clears only the non-leaf warnings -> the heap quick fix
// clears the leaf one -> Restart Server keeps the clean state.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EditorSession, goBinary, pollUntil, type Problem, REPO_ROOT } from './harness';
import { goVersion } from '../support/paths';
import { shortTitle } from '../../server/src/core/vocabulary';

const FIXTURE = path.join(REPO_ROOT, 'test-fixtures/e2e-demo');
const GO124 = goBinary('1.24');
const GO126 = goBinary('1.26');
const V124 = goVersion('1.24');
const V126 = goVersion('1.26');
const CHECKSUM = shortTitle({ kind: 'split-sp-update', function: 'main.checksum', frameSize: 131088, leaf: true });
const FILL = shortTitle({ kind: 'split-sp-update', function: 'main.fill', frameSize: 131104, leaf: false });

/** Our markers as `file line:col Severity`, sorted. */
/** The extension's log as VS Code writes it to disk (the "Preempt Guard" output channel, server lines included). */
function extensionLog(s: EditorSession): string {
  const logs = path.join(s.server.userDataDir, 'logs');
  const files = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'Preempt Guard.log');
  return files.map((f) => readFileSync(path.join(logs, f), 'utf8')).join('\n');
}

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

// One entry per hazard (the three split returns) and the go.mod note.
const GO124_KEYS = ['go.mod 3:1 Warning', 'main.go 17:2 Warning', 'main.go 31:3 Warning', 'main.go 35:2 Warning'];
const LEAF_ONLY_KEYS = ['main.go 17:2 Warning'];

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

  it('shows one short entry per hazard in the Problems panel, plus the go.mod note (go1.24)', async function () {
    await s.wb.openFile('main.go', 120_000);
    const ps = await s.wb.waitForProblems('go1.24 findings', (p) => keys(p).join() === GO124_KEYS.join());
    await s.wb.screenshot('problems-go1.24');
    await s.wb.screenshotOf('readme-problems', [s.page.locator('.markers-panel')]);

    assert.equal(
      one(ps, 'go.mod', 3, 'Warning').message,
      `${V124} splits the SP pop of 2 non-leaf epilogues here; toolchain go1.24.6 fixes them (quick fix)`,
    );
    assert.equal(one(ps, 'main.go', 17, 'Warning').message, CHECKSUM);
    assert.equal(one(ps, 'main.go', 31, 'Warning').message, FILL);
    assert.equal(one(ps, 'main.go', 35, 'Warning').message, FILL);
    for (const p of ps) assert.doesNotMatch(p.message, /`/, 'plain text: no literal backticks');
  });

  it('draws warning squiggles on the return lines only', async function () {
    // The editor shows about 27 lines above the Problems panel: the top half, then the bottom half.
    await s.wb.goTo(1, 1);
    const top = await pollUntil('a squiggle on line 17', 30_000, async () => {
      const l = await s.wb.squiggleLines('warning');
      return l.includes(17) ? l : undefined;
    });
    assert.deepEqual(
      top.filter((n) => n < 25),
      [17],
      'none on the declaration of checksum',
    );
    await s.wb.screenshot('squiggles');
    await s.wb.goTo(35, 1);
    const bottom = await pollUntil('squiggles on lines 31 and 35', 30_000, async () => {
      const l = await s.wb.squiggleLines('warning');
      return l.includes(31) && l.includes(35) ? l : undefined;
    });
    assert.deepEqual(
      bottom.filter((n) => n > 25),
      [31, 35],
      'none on the declaration of fill',
    );
  });

  it('hovers a return line: rendered markdown with the split pair, why, the fix and command links', async function () {
    // Room for the whole hover: the panel closed, the file from its top.
    await s.wb.hidePanel();
    await s.wb.goTo(1, 1);
    const text = await s.wb.hoverAt(31, 3, 'preemption here = crash');
    // Read everything while the hover is up: the links are links (anchors with the commands' titles).
    const links = (await s.wb.hover().locator('a').allInnerTexts()).map((l) => l.trim());
    await s.wb.screenshotOf('readme-hover', [s.wb.hover(), s.wb.activeEditor().locator('.view-line', { hasText: 'return 0' })]);
    await s.wb.screenshot('hover-fill-return');
    // VS Code puts the diagnostic first, then our hover.
    assert.ok(text.includes(`${FILL}`), text);
    const ours = text.slice(text.indexOf('Split SP pop · '));
    assert.ok(ours.startsWith('Split SP pop · main.fill · 128 KiB frame, non-leaf · return at line 31'), text);
    assert.doesNotMatch(text, /`|\*\*/, 'rendered: no literal backticks or asterisks');
    assert.match(ours, /0x0054 {2}add sp, sp, #0x20\n\s+⟵ preemption here = crash\n0x0058 {2}add sp, sp, #0x20, lsl #12/);
    assert.ok(ours.includes(`Fix: go1.24.6 or later pops this frame atomically (non-leaf function). ${V124} ran (configured: `), ours);
    const wanted = ['Show assembly', 'Run the reproducer', 'Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)', 'golang/go#73259'];
    assert.deepEqual(
      links.filter((l) => wanted.includes(l)),
      wanted,
      JSON.stringify(links),
    );
  });

  it('hovers the leaf return: both splits of its epilogue, and the leaf remedy', async function () {
    const text = await s.wb.hoverAt(17, 2, 'preemption here = crash');
    await s.wb.screenshot('hover-checksum-return');
    assert.ok(text.includes('Split SP pop · main.checksum · 128 KiB frame, leaf · return at line 17'), text);
    assert.match(
      text,
      /0x0060 {2}add x29, sp, #8\n\s+⟵ R29 wrong here \(frame-pointer unwinders\)\n0x0064 {2}add x29, x29, #0x20, lsl #12\n0x0068 {2}add sp, sp, #0x10\n\s+⟵ preemption here = crash\n0x006c {2}add sp, sp, #0x20, lsl #12/,
    );
    assert.ok(
      text.includes('Fix: move the large local to the heap or shrink the frame below 64 KiB; no toolchain fixes a leaf function'),
      text,
    );
    await s.page.keyboard.press('Escape');
  });

  it('shows toolchain, hazards and the time of the last analysis in the language status item', async function () {
    const text = await s.wb.languageStatus(`${V124} · 3 hazards`);
    assert.match(text, /e2e-demo, last analysis \d\d:\d\d:\d\d/);
    await s.wb.screenshot('status-go1.24');
    await s.wb.screenshotOf('readme-status', [s.page.locator('.hover-language-status').first()]);
    // Its link opens the log: the long form of every hazard, and the go that ran.
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
    assert.match(
      log,
      new RegExp(`analysis #1 of .*e2e-demo finished in [\\d.]+ s: ${V124.replace(/\./g, '\\.')}, 4 finding\\(s\\), state affected`),
    );
    // The long form of each hazard, under its short title.
    assert.ok(log.includes(`main.go:31: ${FILL}`), log);
    assert.ok(log.includes('main.fill: this return pops the 131104-byte frame with two SP updates'), log);
    await s.wb.screenshot('status-open-log');
    await s.page.keyboard.press('Control+Shift+M'); // back to the Problems panel
  });

  it('code lenses on the functions and the return lines; the return lens opens the assembly with the split in view', async function () {
    await s.wb.openFile('main.go', 120_000);
    // The whole file in view: the panel closed.
    await s.wb.hidePanel();
    await s.wb.goTo(1, 1);
    // The heap fix is verified in the background: its lens comes once it is.
    const expected = [
      'frame 128 KiB · 1 split return | move to heap',
      'split SP pop | show assembly | reproduce',
      'frame 128 KiB · 2 split returns | upgrade to go1.24.6',
      'split SP pop | show assembly | reproduce',
      'split SP pop | show assembly | reproduce',
    ];
    const lenses = await pollUntil('code lenses', 120_000, async () => {
      const l = await s.wb.codeLenses();
      return l.join('\n') === expected.join('\n') ? l : undefined;
    }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify(await s.wb.codeLenses())}`);
    });
    assert.deepEqual(lenses, expected);
    await s.wb.screenshotOf('readme-codelens', [
      s.wb.activeEditor().locator('.codelens-decoration').first(),
      s.wb.activeEditor().locator('.view-line', { hasText: 'return buf[(val' }).first(),
    ]);
    // The lens above `return` at line 31 (the second "show assembly"): the listing opens beside, the split in view.
    await s.wb.clickCodeLens('show assembly', 1);
    await s.page.locator('.tab.active', { hasText: 'main.fill.s' }).waitFor({ timeout: 60_000 });
    const text = await pollUntil('listing text with the split in view', 30_000, async () => {
      const t = await s.wb.visibleText();
      return t.includes('⟵ preemption here = crash') ? t : undefined;
    });
    assert.ok(text.includes(`// split SP pop at 0x0054 (main.go:31): add sp, sp, #0x20 then add sp, sp, #0x20, lsl #12`), text);
    // The decoded pair on its own lines under the pseudo-instruction, the mark between.
    assert.match(
      text,
      /0x0054 \(main\.go:31\)\s+ADD \$131104, RSP\n\s+0x0054 {2}add sp, sp, #0x20\n\s+⟵ preemption here = crash\n\s+0x0058 {2}add sp, sp, #0x20, lsl #12/,
    );
    assert.equal(await s.wb.languageMode(), 'Go Assembly Listing');
    // Highlighted: the pair and the mark carry the split decoration.
    assert.ok((await s.wb.activeEditor().locator('.view-overlays .cdr').count()) >= 3, 'split lines decorated');
    await s.wb.screenshot('assembly-view-from-lens');
    await s.wb.screenshotOf('readme-assembly', [s.page.locator('.editor-group-container.active')]);
    // Read-only: typing is refused and changes nothing.
    await s.wb.focusEditor();
    await s.page.keyboard.type('x');
    await s.page.getByText('Cannot edit in read-only editor').first().waitFor({ timeout: 10_000 });
    assert.equal(await s.page.locator('.tab.dirty').count(), 0);
    await s.wb.closeActiveEditor();
  });

  it('opens the arm64 assembly of a function from the palette', async function () {
    await s.wb.runCommand('Preempt Guard: Show arm64 Assembly for Function');
    const picks = await s.wb.quickPickLabels(['main.checksum', 'main.fill']);
    assert.deepEqual([...picks].sort(), ['main.checksum', 'main.fill']);
    await s.wb.screenshot('assembly-pick');
    await s.wb.pickQuickItem('main.checksum');
    await s.page.locator('.tab.active', { hasText: 'main.checksum.s' }).waitFor({ timeout: 60_000 });
    const text = await pollUntil('listing text', 30_000, async () => {
      const t = await s.wb.visibleText();
      return t.includes('⟵ preemption here = crash') ? t : undefined;
    });
    await s.wb.screenshot('assembly-view');
    assert.match(
      text,
      /0x0068 \(main\.go:17\)\s+ADD \$131088, RSP\n\s+0x0068 {2}add sp, sp, #0x10\n\s+⟵ preemption here = crash\n\s+0x006c {2}add sp, sp, #0x20, lsl #12/,
    );
    await s.wb.closeActiveEditor();
  });

  it('turning preemptGuard.codeLens off removes the lenses', async function () {
    writeFileSync(
      s.file('.vscode/settings.json'),
      JSON.stringify({ 'preemptGuard.goPath': GO124, 'preemptGuard.codeLens': false }, null, 2),
    );
    await s.wb.openFile('main.go', 120_000);
    await pollUntil('no code lenses', 60_000, async () => (await s.wb.codeLenses()).length === 0);
    await s.wb.screenshot('codelens-off');
    writeFileSync(s.file('.vscode/settings.json'), JSON.stringify({ 'preemptGuard.goPath': GO124 }, null, 2));
    await pollUntil('code lenses back', 60_000, async () => (await s.wb.codeLenses()).length >= 4);
  });

  it('applies the toolchain quick fix from the quick-fix menu: go.mod gets a toolchain line', async function () {
    await s.wb.openFile('main.go', 120_000);
    const title = await s.wb.applyQuickFix(31, 3, 'Upgrade toolchain to go1.24.6');
    assert.equal(title, 'Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)');
    await s.wb.screenshotOf('readme-quick-fix', [s.page.locator('.action-widget')]).catch(() => undefined);
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
    // GOTOOLCHAIN=local keeps go1.24; the status says go.mod asks for more.
    const status = await s.wb.languageStatus('go.mod asks for go1.24.6');
    assert.ok(status.includes(`${V124} · 3 hazards`), status);
    await s.wb.screenshot('toolchain-fix-applied');
  });

  it('clears the non-leaf warnings, and only those, with a fixed toolchain (go1.26)', async function () {
    const settingsChanges = () => extensionLog(s).match(/settings changed \(didChangeConfiguration\)/g)?.length ?? 0;
    const changesBefore = settingsChanges();
    // The user points preemptGuard.goPath at a fixed toolchain (workspace settings file).
    writeFileSync(s.file('.vscode/settings.json'), JSON.stringify({ 'preemptGuard.goPath': GO126 }, null, 2));
    await s.wb.openFile('main.go', 120_000);
    const ps = await s.wb.waitForProblems('only leaf findings left', (p) => keys(p).join() === LEAF_ONLY_KEYS.join());
    assert.equal(one(ps, 'main.go', 17, 'Warning').message, CHECKSUM);
    const status = await s.wb.languageStatus(`${V126} · 1 hazard`);
    assert.ok(status.includes('e2e-demo, last analysis'), status);
    await s.wb.goTo(1, 1);
    const lines = await pollUntil('squiggles only on checksum', 30_000, async () => {
      const l = await s.wb.squiggleLines('warning');
      return l.includes(17) && !l.includes(31) ? l : undefined;
    });
    assert.deepEqual(lines, [17]);
    await s.wb.screenshot('go1.26-leaf-only');
    // One didChangeConfiguration for the one change (the client's `synchronize`; the server registers none),
    // counted once the go1.26 analysis it started is in the log.
    await pollUntil('the go1.26 analysis in the log file', 30_000, () => /finished in [\d.]+ s: go1\.26\./.test(extensionLog(s)));
    assert.equal(settingsChanges(), changesBefore + 1);
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
    const status = await s.wb.languageStatus(`${V126} · no hazards`);
    assert.ok(status.includes('last analysis'), status);
    await s.wb.runCommand('Preempt Guard: Scan Workspace');
    const note = await pollUntil('scan notification', 120_000, async () =>
      (await s.wb.notifications()).find((n) => n.startsWith('Preempt Guard: ')),
    );
    assert.equal(note, `Preempt Guard: no hazards in 1 module; toolchain ${V126}.`);
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
    const status = await session.wb.languageStatus(`${V124} · 3 hazards`);
    assert.ok(status.includes('last analysis'), status);
    assert.equal(existsSync(gocache), true, 'the trusted analysis built with the configured GOCACHE');
    await session.wb.screenshot('trusted-analysed');
  });
});
