// The editor e2e harness: code-server + Debian Chromium + playwright-core.
// Typical use:
//   const s = await EditorSession.open({ suite: 'my-test', workspaceFrom: fixtureDir, workspaceSettings: {...} });
//   await s.wb.openFile('main.go'); await s.wb.runCommand('Preempt Guard: Scan Workspace');
//   await s.wb.screenshot('after-scan'); ... finally await s.close();
export { CODE_SERVER_VERSIONS } from './codeServer';
export { EditorSession } from './session';
export { REPO_ROOT, goBinary, toolchainsDir } from './paths';
export { pollUntil, processesMentioning } from './processes';
export { type Problem } from './workbench';
