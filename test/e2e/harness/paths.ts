// Where the editor e2e tests find things: the repo, toolchains,
// the packaged extension and the screenshot folder.
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const VSIX_PATH = path.join(REPO_ROOT, 'dist/go-preempt-guard.vsix');
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, 'test-artifacts/e2e');
export const CHROMIUM = process.env.PG_CHROMIUM ?? '/usr/bin/chromium';

export function toolchainsDir(): string {
  return process.env.PREEMPT_GUARD_TOOLCHAINS ?? path.join(REPO_ROOT, '.toolchains');
}

/** `go` of an installed toolchain, e.g. goBinary('1.24'). */
export function goBinary(minor: string): string {
  return path.join(toolchainsDir(), `go${minor}`, 'bin', 'go');
}
