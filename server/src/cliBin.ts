// The `preempt-guard` executable (dist/cli.js): turns on Node's own compile
// cache where Node has it (22.1+; it keys each entry by a hash of the source)
// and runs the CLI bundle (dist/cli-main.js). The cache must be enabled before
// the bundle is compiled, hence this file. It lives in a folder of the user's
// own that nobody else can write (cached bytecode is code); anything wrong
// with it means no cache. On Node 20 this is a plain require.
// PREEMPT_GUARD_NO_COMPILE_CACHE=1 turns the cache off.
import { mkdirSync, statSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The user's own cache folder, or undefined when there is none we can trust. */
function privateCacheDir(): string | undefined {
  if (process.env.PREEMPT_GUARD_NO_COMPILE_CACHE === '1') return undefined;
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? process.env.LOCALAPPDATA
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : process.env.XDG_CACHE_HOME || path.join(home, '.cache');
  if (!base || !path.isAbsolute(base)) return undefined;
  const dir = path.join(base, 'preempt-guard', 'node-compile-cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (process.platform !== 'win32' && (st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

const enable = (Module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
if (enable) {
  const dir = privateCacheDir();
  if (dir) enable(dir);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, compiled after the cache is on
require(path.join(__dirname, 'cli-main.js'));
