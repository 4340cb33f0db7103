// The editor e2e harness: code-server + Debian Chromium + playwright-core.
// Typical use:
//   const s = await EditorSession.open({ suite: 'my-test', workspaceFrom: fixtureDir, workspaceSettings: {...} });
//   await s.wb.openFile('main.go'); await s.wb.runCommand('Preempt Guard: Scan Workspace');
//   await s.wb.screenshot('after-scan'); ... finally await s.close();
export { Artifacts } from './artifacts';
export { CODE_SERVER_VERSIONS, CodeServer, type CodeServerOptions, startCodeServer } from './codeServer';
export { EditorSession, type EditorSessionOptions, ensureVsix } from './session';
export { CHROMIUM, REPO_ROOT, VSIX_PATH, goBinary, toolchainsDir } from './paths';
export { freePort, isListening, pollUntil, processesMentioning } from './processes';
export { type Problem, Workbench } from './workbench';
