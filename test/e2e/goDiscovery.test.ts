// Finding Go in the real editor (code-server + Chromium), as users meet it:
// code-server builds the extension host's environment from the login shell
// (`$SHELL -l` reading $HOME/.profile), so each case gets its own HOME and
// nothing on the command line's PATH counts (there is no `go` on it here).
// (a) go reachable only through vscode-go's `go.goroot` -> warnings;
// (b) go nowhere -> one notification with "Set Go path…", "Open log", "Install Go";
// (c) go exported from ~/.profile only -> warnings.
// With PG_UPDATE_SCREENSHOTS=1, case (a) also refreshes the README's screenshots in media/.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EditorSession, goBinary, pollUntil, REPO_ROOT, toolchainsDir } from './harness';
import { goVersion } from '../support/paths';

const FIXTURE = path.join(REPO_ROOT, 'test-fixtures/e2e-demo');
const GO124 = goBinary('1.24');
const MEDIA = path.join(REPO_ROOT, 'media');

/** A fresh HOME (with an optional ~/.profile), the user's Go build cache kept so builds stay warm. */
function userHome(profile?: string): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'pg-e2e-home-'));
  if (profile !== undefined) writeFileSync(path.join(home, '.profile'), profile);
  const cache = process.env.GOCACHE ?? path.join(os.homedir(), '.cache', 'go-build');
  return {
    home,
    env: { HOME: home, SHELL: '/bin/bash', GOTOOLCHAIN: 'local', GOCACHE: cache, GOFLAGS: '', PREEMPT_GUARD_TOOLCHAINS: toolchainsDir() },
  };
}

async function expectWarnings(s: EditorSession): Promise<void> {
  await s.wb.openFile('main.go');
  const ps = await s.wb.waitForProblems('go1.24 warnings', (p) =>
    p.some((x) => x.source === 'preempt-guard' && x.file === 'main.go' && x.line === 17 && x.severity === 'Warning'),
  );
  assert.ok(
    ps.some((x) => x.source === 'preempt-guard' && x.line === 31 && x.severity === 'Warning'),
    JSON.stringify(ps),
  );
  // The status item: the toolchain that ran and the hazards (the three split returns).
  const status = await s.wb.languageStatus(`${goVersion('1.24')} · 3 hazards`);
  assert.ok(status.includes('e2e-demo, last analysis'), status);
}

/** Saves a README screenshot (small PNG) when asked to. */
async function readmeShot(s: EditorSession, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const file = await s.wb.screenshot(name);
  if (process.env.PG_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(MEDIA, { recursive: true });
  if (clip) await s.page.screenshot({ path: path.join(MEDIA, `${name}.png`), clip });
  else copyFileSync(file, path.join(MEDIA, `${name}.png`));
}

describe('finding go like vscode-go (code-server + Chromium)', function () {
  this.timeout(600_000);
  const homes: string[] = [];
  after(function () {
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  });

  it("(a) go only in vscode-go's go.goroot: the warnings appear", async function () {
    const { home, env } = userHome();
    homes.push(home);
    const s = await EditorSession.open({
      suite: 'go-discovery-goroot',
      workspaceFrom: FIXTURE,
      env,
      workspaceSettings: { 'go.goroot': path.dirname(path.dirname(GO124)) },
    });
    try {
      await expectWarnings(s);
      await s.wb.screenshot('goroot-warnings');
      if (process.env.PG_UPDATE_SCREENSHOTS === '1') {
        await s.wb.hoverAt(17, 2, 'preemption here = crash');
        await readmeShot(s, 'screenshot-warning', { x: 0, y: 0, width: 1600, height: 1000 });
        await s.page.keyboard.press('Escape');
        await s.wb.goTo(31, 3);
        await s.page.keyboard.press('Control+.');
        await s.page.locator('.action-widget').waitFor({ state: 'visible', timeout: 30_000 });
        await pollUntil('quick fixes listed', 60_000, async () =>
          (await s.page.locator('.action-widget .monaco-list-row.action').allInnerTexts()).some((t) => t.includes('Upgrade toolchain')),
        );
        await readmeShot(s, 'screenshot-quick-fixes', { x: 0, y: 0, width: 1600, height: 1000 });
        await s.page.keyboard.press('Escape');
        await s.wb.runCommand('Preempt Guard: Run Preemption Reproducer');
        await pollUntil(
          'reproducer disassembly',
          180_000,
          async () => {
            for (const f of s.page.frames()) {
              if (
                !f.isDetached() &&
                (await f
                  .locator('#asm .asm-line.sp-write')
                  .count()
                  .catch(() => 0)) === 2
              )
                return true;
            }
            return undefined;
          },
          500,
        );
        await readmeShot(s, 'screenshot-reproducer');
      }
    } finally {
      await s.close();
    }
  });

  it('(b) go nowhere: one notification with Set Go path…, Open log and Install Go', async function () {
    const { home, env } = userHome();
    homes.push(home);
    const s = await EditorSession.open({ suite: 'go-discovery-none', workspaceFrom: FIXTURE, env });
    try {
      await s.wb.openFile('main.go');
      const toast = s.page.locator('.notification-toast', { hasText: 'Preempt Guard: no `go` found' });
      await toast.first().waitFor({ state: 'visible', timeout: 120_000 });
      const text = await toast.first().locator('.notification-list-item-message').innerText();
      assert.match(
        text,
        /^Preempt Guard: no `go` found on PATH or in the usual install places\. Nothing can be analysed until a `go` runs\./,
      );
      const buttons = (await toast.first().locator('.monaco-button').allInnerTexts()).map((b) => b.trim()).filter((b) => b);
      assert.deepEqual(buttons, ['Set Go path…', 'Open log', 'Install Go']);
      await s.wb.screenshot('no-go-notification');
      // "Set Go path…" opens the setting (act before anything presses Escape: that hides toasts).
      await toast.first().locator('.monaco-button', { hasText: 'Set Go path…' }).click();
      await s.page.locator('.settings-editor').waitFor({ state: 'visible', timeout: 30_000 });
      await s.wb.screenshot('no-go-settings-editor');
      const settingsText = await pollUntil('the goPath setting shown', 30_000, async () => {
        const t = await s.page
          .locator('.settings-editor')
          .innerText()
          .catch(() => '');
        return /Go Path/.test(t) ? t : undefined;
      });
      assert.match(settingsText, /Path to the `?go`? binary used to build/);
      await s.wb.screenshot('no-go-set-path');
      assert.equal(await s.page.locator('.notification-toast', { hasText: 'no `go` found' }).count(), 0, 'gone after the action');
      // The status item keeps the detail. (Close the settings editor first: its search box keeps the focus.)
      await s.wb.closeActiveEditor();
      await s.wb.openFile('main.go');
      const status = await s.wb.languageStatus('build failed');
      assert.ok(status.includes('no `go` found'), status);
    } finally {
      await s.close();
    }
  });

  it('(c) go on PATH only through ~/.profile (the login shell): the warnings appear', async function () {
    const { home, env } = userHome(`export PATH="${path.dirname(GO124)}:$PATH"\n`);
    homes.push(home);
    const s = await EditorSession.open({ suite: 'go-discovery-profile', workspaceFrom: FIXTURE, env });
    try {
      await expectWarnings(s);
      await s.wb.screenshot('profile-warnings');
    } finally {
      await s.close();
    }
  });
});
