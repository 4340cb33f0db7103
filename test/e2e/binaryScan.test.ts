// "Preempt Guard: Scan arm64 Binary…" and "Preempt Guard: Scan Container
// Image…" in a real VS Code (code-server + Chromium), in an UNTRUSTED copy of
// test-fixtures/e2e-demo (reading a binary or an image runs nothing, so both
// must work there). The binary: the palette command, the file dialog (VS
// Code's own path box in the browser) fed a go1.24 -trimpath build of the
// module, then the warnings on main.go's return lines in the Problems panel
// under the binary source, the scan view's tree, and the text report from the
// view's title bar. The image: an OCI layout directory written by the test
// (a base layer, then the same binary in a second layer) typed into the input
// box as `oci:DIR`; the tree must read image → layer → binary → module →
// function, and a click on the function opens its `return` line in main.go.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { buildFixtureBinary } from '../support/goBinaries';
import { writeOciLayoutDir } from '../support/ociLayouts';
import { EditorSession, pollUntil, type Problem } from './harness';
import { REPO_ROOT } from './harness';
import { installedToolchain } from '../support/toolchains';

const FIXTURE = path.join(REPO_ROOT, 'test-fixtures/e2e-demo');
const SOURCE = 'preempt-guard (binary)';
/** The Preempt Guard container of the activity bar, holding the scan view. */
const CONTAINER = '[id="workbench.view.extension.preemptGuard"]';

interface Row {
  level: number;
  label: string;
}

describe('VS Code: Scan arm64 Binary and Scan Container Image (code-server + Chromium)', function () {
  this.timeout(600_000);
  let s: EditorSession;
  let bin: string;
  let layout: string;
  let go124: string;

  /** The scan view (the side bar showing the Preempt Guard container). */
  const pane = (): Locator => s.page.locator(CONTAINER);

  /** The rows the scan view shows: depth (1 = top) and the accessible label (`label, description`). */
  const rows = async (): Promise<Row[]> =>
    pane()
      .locator('.monaco-list-row')
      .evaluateAll((els) => els.map((e) => ({ level: Number(e.getAttribute('aria-level')), label: e.getAttribute('aria-label') ?? '' })));

  const cursorLine = async (): Promise<number | undefined> => {
    const status = await s.page
      .locator('.statusbar-item[id="status.editor.selection"]')
      .innerText()
      .catch(() => '');
    const m = /Ln (\d+),/.exec(status);
    return m ? Number(m[1]) : undefined;
  };

  before(async function () {
    go124 = installedToolchain('1.24').version;
    bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' });
    layout = mkdtempSync(path.join(tmpdir(), 'pg-e2e-layout-'));
    await writeOciLayoutDir(layout, [
      {
        platform: { os: 'linux', architecture: 'arm64' },
        layers: [
          { compression: 'gzip', createdBy: 'ADD base.tar /', files: { 'etc/motd': 'hello\n' } },
          { compression: 'gzip', createdBy: 'COPY app /usr/bin/app', files: { 'usr/bin/app': readFileSync(bin) } },
        ],
      },
    ]);
    s = await EditorSession.open({ suite: 'binary-scan', workspaceFrom: FIXTURE, trust: 'untrusted' });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s?.wb.screenshot(`failed-${this.currentTest.title}`).catch(() => undefined);
  });

  after(async function () {
    await s?.close();
    if (layout) rmSync(layout, { recursive: true, force: true });
  });

  it('scans the binary picked in the file dialog: warnings on the return lines, the tree, the text report', async function () {
    await s.wb.openFile('main.go');
    await s.wb.runCommand('Preempt Guard: Scan arm64 Binary…');
    await s.wb.chooseInFileDialog(bin);

    const mine = (ps: Problem[]) =>
      ps
        .filter((p) => p.source === SOURCE)
        .map((p) => `${p.file} ${p.line} ${p.severity}`)
        .sort();
    const ps = await s.wb.waitForProblems(
      'binary findings',
      (p) => mine(p).join() === ['main.go 17 Warning', 'main.go 31 Warning', 'main.go 35 Warning'].join(),
      120_000,
    );
    const leaf = ps.find((p) => p.source === SOURCE && p.line === 17);
    assert.match(
      leaf?.message ?? '',
      /^main\.checksum: this return pops the 131088-byte frame with two SP updates .*change the code.*built with go1\.24\.4/,
    );
    await s.wb.screenshot('problems');

    // The tree: binary → module → function (a plain file has no image or layer).
    const name = path.basename(bin);
    const tree = await pollUntil('the scan view with the binary', 60_000, async () => {
      const r = await rows();
      return r.some((x) => x.level === 3 && x.label.startsWith('main.checksum, ')) ? r : undefined;
    });
    assert.ok(
      tree.some((x) => x.level === 1 && x.label.startsWith(`${name}, ${go124} · example.com/e2edemo · `)),
      JSON.stringify(tree),
    );
    assert.ok(
      tree.some((x) => x.level === 2 && x.label.startsWith('example.com/e2edemo')),
      JSON.stringify(tree),
    );
    assert.ok(
      tree.some((x) => x.level === 3 && x.label === `main.checksum, ${go124} · leaf · 128 KiB frame · preemptible`),
      JSON.stringify(tree),
    );
    assert.ok(
      tree.some((x) => x.level === 3 && x.label.startsWith(`main.fill, ${go124} · non-leaf · `)),
      JSON.stringify(tree),
    );

    // The CLI's text report, from the view's title bar.
    const sidebar = s.page.locator('.part.sidebar');
    await sidebar.hover();
    await sidebar.locator('.composite.title .action-label[aria-label="Open Scan Report as Text"]').click();
    const tab = `${name}.preempt-guard.txt`;
    await pollUntil(`report tab ${tab}`, 60_000, async () => (await s.page.locator('.tab', { hasText: tab }).count()) > 0 || undefined);
    const report = await s.wb.visibleText();
    assert.ok(report.includes(`${go124}, module example.com/e2edemo`), report);
    assert.ok(report.includes('main.go:17: split-sp-update: main.checksum'), report);
    await s.wb.closeActiveEditor();
  });

  it('scans an OCI layout directory named in the input box: image → layer → binary → module → function, a click opens the return', async function () {
    await s.wb.runCommand('Preempt Guard: Scan Container Image…');
    const input = s.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    // A plain path is refused with the accepted forms; the reference is then accepted.
    await input.fill(layout);
    await pollUntil('the input box refusing a plain path', 10_000, async () =>
      (
        await s.page
          .locator('.quick-input-widget .quick-input-message')
          .innerText()
          .catch(() => '')
      ).includes('Start with registry:'),
    );
    await input.fill(`oci:${layout}`);
    await s.page.keyboard.press('Enter');

    const want = [
      { level: 1, start: `oci:${layout}, linux/arm64 · sha256:` },
      { level: 2, start: 'layer 1, COPY app /usr/bin/app' },
      { level: 3, start: `/usr/bin/app, ${go124} · example.com/e2edemo · ` },
      { level: 4, start: 'example.com/e2edemo' },
      { level: 5, start: `main.checksum, ${go124} · leaf · 128 KiB frame · preemptible` },
    ];
    const tree = await pollUntil('the scan view with the image', 120_000, async () => {
      const r = await rows();
      // In order, each one level below the one before.
      let at = -1;
      for (const w of want) {
        at = r.findIndex((x, i) => i > at && x.level === w.level && x.label.startsWith(w.start));
        if (at < 0) return undefined;
      }
      return r;
    });
    assert.ok(!tree.some((x) => x.label.startsWith('layer 0')), `the base layer holds no binary: ${JSON.stringify(tree)}`);
    // The function's tooltip gives the fix. The side bar is widened so the descriptions show whole (the README's picture).
    const sidebar = s.page.locator('.part.sidebar');
    const box = await sidebar.boundingBox();
    if (box) {
      const edge = box.x + box.width - 1;
      await s.page.mouse.move(edge, box.y + box.height / 2);
      await s.page.mouse.down();
      await s.page.mouse.move(edge + 330, box.y + box.height / 2, { steps: 8 });
      await s.page.mouse.up();
    }
    await s.wb.hidePanel();
    const fn = pane().locator('.monaco-list-row', { hasText: 'main.checksum' }).first();
    await fn.hover();
    const tip = s.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'fix: change the code' }).first();
    await tip.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(
      await tip.innerText(),
      /^Split SP pop in main\.checksum's epilogue \(128 KiB frame, leaf\): a preemption here crashes the GC\s+fix: change the code: move the large local to the heap/,
    );
    await s.wb.screenshotOf('scan-view', [sidebar, tip]);

    // A click on the function opens main.go at its return line.
    await fn.click();
    await pollUntil('main.go open at line 17', 30_000, async () => {
      const active = await s.page
        .locator('.tab.active')
        .innerText()
        .catch(() => '');
      return (active.includes('main.go') && (await cursorLine()) === 17) || undefined;
    });
    await s.wb.screenshot('return-opened');
  });
});
