// Temp copies of fixture modules for the protocol tests (they edit and save
// files), removed again by the caller.
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LspTestClient, REPO } from './lspClient';

export function fixtureDir(name: string): string {
  return path.join(REPO, 'test-fixtures', name);
}

/** Copies test-fixtures/<name> into a fresh temp dir; returns the copy's path (symlinks resolved). */
export function copyFixture(name: string, prefix = 'pg-lsp-'): { dir: string; cleanup: () => void } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  const dir = path.join(base, name);
  cpSync(fixtureDir(name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** The server's environment in tests: no toolchain switching unless a test asks for it. */
export function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', ...extra };
}

export type StartOptions = Partial<Parameters<typeof LspTestClient.start>[0]>;

/**
 * Servers on temp copies of fixtures, for one describe block: everything a
 * test started or registered with onCleanup is stopped and removed after it.
 */
export function serverSessions(defaults: StartOptions = {}) {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const onCleanup = (...fns: (() => Promise<void> | void)[]) => {
    cleanups.push(...fns);
  };
  async function start(fixture: string, opts: StartOptions = {}) {
    const fx = copyFixture(fixture);
    onCleanup(fx.cleanup);
    const { client, init } = await LspTestClient.start({ rootDir: fx.dir, env: serverEnv(), ...defaults, ...opts });
    onCleanup(() => client.stop());
    return { dir: fx.dir, client, init };
  }
  return { start, onCleanup };
}
