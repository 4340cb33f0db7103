// Where tests find the repository, its fixtures and the installed toolchains.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installedToolchain } from './toolchains';

function findRepoRoot(): string {
  let d = __dirname;
  while (!existsSync(path.join(d, 'package.json'))) d = path.dirname(d);
  return d;
}

export const REPO = findRepoRoot();
export const FIXTURES = path.join(REPO, 'test-fixtures');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const TOOLCHAINS_DIR = process.env.PREEMPT_GUARD_TOOLCHAINS ?? path.join(REPO, '.toolchains');
export const ALL_MINORS = ['1.19', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27'] as const;
export type Minor = (typeof ALL_MINORS)[number];

export function goBinary(minor: string): string {
  const p = path.join(TOOLCHAINS_DIR, `go${minor}`, 'bin', 'go');
  if (!existsSync(p)) throw new Error(`toolchain go${minor} is not installed at ${p}: run npm run toolchains`);
  return p;
}

/** What an installed toolchain says it is (`go env GOVERSION`): the one source, test/support/toolchains.ts. */
export function goVersion(minor: string): string {
  return installedToolchain(minor).version;
}

/** The environment tests build in: GOTOOLCHAIN=local so go.mod can never switch toolchains. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', ...extra };
}
