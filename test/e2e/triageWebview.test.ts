// "Preempt Guard: Triage Crash Log…" in the real editor (code-server +
// Chromium): a committed go1.26.10 crash log selected in an editor, checked
// against the -trimpath binary of the same program built here with go1.26,
// shows `confirmed` with the function, the return line and the decoded
// epilogue with the preempted instruction marked; its link opens main.go at
// the return line in the workspace; a reload brings the panel back; a saved
// scan-binary result (a CI artifact) confirms the same crash without the binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { SP_MARK } from '../../server/src/core/vocabulary';
import { GO_MOD, PROGRAMS } from '../../server/src/core/repro/programs';
import { buildFixtureBinary } from '../support/goBinaries';
import { EditorSession, goBinary, pollUntil, REPO_ROOT } from './harness';

const COMMAND = 'Preempt Guard: Triage Crash Log…';
const LOG = path.join(REPO_ROOT, 'test-fixtures/crash-logs/go1.26.10-leaf-traceback-did-not-unwind-1.txt');

/** The triage webview's content frame (the one that renders crashes). */
const triageFrame = (s: EditorSession): Promise<Frame> => s.webviewFrame('#crashes .crash', 'triage webview with a crash');

/**
 * Selects all of crash.log, runs the command, picks `target` in the target pick (which lists the
 * fixed choices), and answers the open dialog (titled `dialogTitle`) with `file`.
 */
async function triageSelectedLog(s: EditorSession, target: string, dialogTitle: string, file: string, shot?: string): Promise<void> {
  await s.wb.openFile('crash.log');
  await s.wb.focusEditor();
  await s.page.keyboard.press('Control+A');
  await s.wb.runCommand(COMMAND);
  await s.wb.quickPickLabels(['No binary', 'Choose binary…', 'Choose saved scan result…']);
  if (shot) await s.wb.screenshot(shot);
  // The open dialog follows at once: in code-server it is a path box in the quick input.
  const widget = s.page.locator('.quick-input-widget');
  await widget
    .locator('.monaco-list-row', { has: s.page.getByText(target, { exact: true }) })
    .first()
    .click();
  await pollUntil('the open dialog', 10_000, async () =>
    (
      await widget
        .locator('.quick-input-title')
        .innerText()
        .catch(() => '')
    ).includes(dialogTitle),
  );
  await s.wb.chooseInFileDialog(file);
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(async () => {
    await s.wb.screenshot('triage-open-dialog-stuck');
  });
}

describe('crash triage webview (code-server)', function () {
  this.timeout(300_000);
  let s: EditorSession | undefined;
  let binary = '';
  // The reproducer's fast program as a workspace module (the program the log came from), and the log.
  const src = path.join(os.tmpdir(), 'pg-e2e-triage-src');

  before(async function () {
    rmSync(src, { recursive: true, force: true });
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'go.mod'), GO_MOD);
    writeFileSync(path.join(src, 'main.go'), PROGRAMS.fast.source);
    copyFileSync(LOG, path.join(src, 'crash.log'));
    // -trimpath: the binary names the file `preemptguard.local/repro/main.go`, module-relative.
    binary = await buildFixtureBinary({ minor: '1.26', module: src, shape: 'trimpath' });
    // What CI would keep of that build: `preempt-guard scan-binary --format json`.
    const scan = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'scan-binary', '--format', 'json', binary], {
      encoding: 'utf8',
    });
    assert.equal(scan.status, 1, scan.stderr);
    writeFileSync(path.join(src, 'scan-binary.json'), scan.stdout);
    s = await EditorSession.open({
      suite: 'triage-webview',
      workspaceFrom: src,
      workspaceSettings: { 'preemptGuard.goPath': goBinary('1.26') },
      env: { GOTOOLCHAIN: 'local' },
    });
  });

  after(async () => {
    await s?.close();
    rmSync(src, { recursive: true, force: true });
  });

  it('triages the selected log against the binary: confirmed, the marked epilogue, a link to the return line', async function () {
    const session = s!;
    await triageSelectedLog(session, 'Choose binary…', 'The binary that crashed', binary, 'triage-target-pick');

    const frame = await triageFrame(session);
    const crash = frame.locator('#crashes .crash').first();
    await pollUntil('verdict', 30_000, async () => ((await crash.locator('.verdict-word').textContent()) ?? '') === 'confirmed');
    await session.wb.screenshot('triage-confirmed');
    assert.match(
      await frame.locator('#heading').innerText(),
      /^1 crash in selection in crash\.log, checked against the binary .*pg-e2e-triage-src-go1\.26\.10-trimpath/,
    );
    const explanation = await crash.locator('.explanation').innerText();
    assert.ok(explanation.includes('main.bigStack+0x70, the return on preemptguard.local/repro/main.go:9'), explanation);
    assert.match(await crash.locator('.remedy').innerText(), /^Leaf function: .*GODEBUG=asyncpreemptoff=1/s);
    const preempted = crash.locator('.asm-line.preempted');
    assert.equal(await preempted.count(), 1);
    assert.equal(await preempted.getAttribute('data-offset'), '0x70');
    assert.equal((await preempted.locator('.preempted-label').innerText()).trim(), SP_MARK);
    assert.equal(await crash.locator('.asm-line.first-half').getAttribute('data-offset'), '0x6c');
    assert.match(await crash.locator('.stack').innerText(), /main\.bigStack\+0x70 \/home\/user\/repro\/main\.go:9/);

    // The return line maps to the workspace module (go.mod declares preemptguard.local/repro).
    const link = crash.locator('.epilogue a.loc');
    assert.equal(await link.innerText(), 'preemptguard.local/repro/main.go:9');
    await link.click();
    await session.page.locator('.tab.active', { hasText: 'main.go' }).waitFor({ timeout: 30_000 });
    await pollUntil('cursor on the return line', 10_000, async () =>
      (
        await session.page
          .locator('.statusbar-item[id="status.editor.selection"]')
          .innerText()
          .catch(() => '')
      ).includes('Ln 9,'),
    );
    await session.wb.screenshot('triage-opened-return-line');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s?.wb.screenshot(`failed-${this.currentTest.title}`).catch(() => undefined);
  });

  it('comes back with its result after a window reload (serializer + saved state)', async function () {
    const session = s!;
    await session.wb.reloadWindow();
    await session.page.locator('.tab', { hasText: 'Crash Triage' }).first().click();
    const frame = await triageFrame(session);
    assert.equal(await frame.locator('#crashes .crash .verdict-word').first().textContent(), 'confirmed');
    assert.equal(await frame.locator('.asm-line.preempted').getAttribute('data-offset'), '0x70');
    await session.wb.screenshot('triage-restored');
  });

  it('triages against a saved scan-binary result chosen in the target pick', async function () {
    const session = s!;
    await triageSelectedLog(session, 'Choose saved scan result…', 'A saved scan result', path.join(src, 'scan-binary.json'));
    const frame = await triageFrame(session);
    await pollUntil('heading of the scan-result triage', 30_000, async () =>
      /checked against the scan result .*scan-binary\.json/.test(await frame.locator('#heading').innerText()),
    );
    const crash = frame.locator('#crashes .crash').first();
    assert.equal(await crash.locator('.verdict-word').textContent(), 'confirmed');
    assert.match(await crash.locator('.explanation').innerText(), /true if that scan is of the build that crashed/);
    await session.wb.screenshot('triage-against-scan');
  });
});
