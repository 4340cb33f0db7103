// "Preempt Guard: Scan arm64 Binary…" in a real VS Code (code-server +
// Chromium), in an UNTRUSTED copy of test-fixtures/e2e-demo (reading a binary
// runs nothing, so it must work there): the palette command, the file dialog
// (VS Code's own path box in the browser) fed a go1.24 -trimpath build of the
// module, then the warnings on main.go's return lines in the Problems panel
// under the binary source, and the report document.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildFixtureBinary } from '../support/goBinaries';
import { EditorSession, pollUntil, type Problem } from './harness';
import { REPO_ROOT } from './harness';
import { installedToolchain } from '../support/toolchains';

const FIXTURE = path.join(REPO_ROOT, 'test-fixtures/e2e-demo');
const SOURCE = 'preempt-guard (binary)';

describe('VS Code: Scan arm64 Binary (code-server + Chromium)', function () {
  this.timeout(600_000);
  let s: EditorSession;
  let bin: string;

  before(async function () {
    bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' });
    s = await EditorSession.open({ suite: 'binary-scan', workspaceFrom: FIXTURE, trust: 'untrusted' });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s?.wb.screenshot(`failed-${this.currentTest.title}`).catch(() => undefined);
  });

  after(async function () {
    await s?.close();
  });

  it('scans the binary picked in the file dialog: warnings on the return lines, report opened', async function () {
    await s.wb.openFile('main.go');
    await s.wb.runCommand('Preempt Guard: Scan arm64 Binary…');
    await s.wb.chooseInFileDialog(bin);
    const name = `${path.basename(bin)}.preempt-guard.txt`;
    await pollUntil(`report tab ${name}`, 60_000, async () => (await s.page.locator('.tab', { hasText: name }).count()) > 0 || undefined);
    const report = await s.wb.visibleText();
    assert.ok(report.includes(`${installedToolchain('1.24').version}, module example.com/e2edemo`), report);
    assert.ok(report.includes('main.go:17: split-sp-update: main.checksum'), report);
    await s.wb.screenshot('report');

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
  });
});
