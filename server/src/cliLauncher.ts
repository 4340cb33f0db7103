// The `preempt-guard` executable (dist/cli.js): runs the CLI bundle
// (dist/cli-main.js) through V8's code cache. Compiling the 1 MB bundle, and the
// functions a command then compiles lazily, is a third of a one-shot command's
// own time (scan-binary of a 58 MB binary: 0.24 s -> 0.17 s with the cache).
// Node 22.1+ has this built in (module.enableCompileCache), used when present;
// on Node 20/21 the bundle is compiled as vm.Script with cachedData, the way
// Node's CommonJS loader wraps a file. The cache lives in the user's cache
// directory (XDG_CACHE_HOME, ~/Library/Caches, LOCALAPPDATA), in a folder that
// must be the user's own and not writable by others (cached bytecode is code);
// anything wrong with it means "no cache", never a failure.
// PREEMPT_GUARD_NO_COMPILE_CACHE=1 turns it off; PREEMPT_GUARD_COMPILE_CACHE_DEBUG=1
// says on stderr what happened (hit, miss, rejected, off).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { DECODER_V8_FLAGS } from './core/decode/decoderFlags';

type CacheOutcome = 'hit' | 'miss' | 'rejected' | 'off' | 'node';

const MAIN = path.join(__dirname, 'cli-main.js');
/** Entries kept per cache folder (subcommands, other installs and versions of the bundle); older ones go. */
const KEEP = 16;
/** Each subcommand gets its own entry: it holds what that command compiled lazily, not what another did. */
const COMMANDS = new Set(['scan', 'analyze-listing', 'scan-binary', 'reproduce', 'triage', 'lsp']);

function debug(outcome: CacheOutcome, detail = ''): void {
  if (process.env.PREEMPT_GUARD_COMPILE_CACHE_DEBUG === '1')
    process.stderr.write(`compile cache: ${outcome}${detail ? ` (${detail})` : ''}\n`);
}

/** The user's cache folder for compiled code, or undefined when there is none we can trust. */
function cacheDir(): string | undefined {
  if (process.env.PREEMPT_GUARD_NO_COMPILE_CACHE === '1') return undefined;
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? process.env.LOCALAPPDATA
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : process.env.XDG_CACHE_HOME || path.join(home, '.cache');
  if (!base || !path.isAbsolute(base)) return undefined;
  const dir = path.join(base, 'preempt-guard', 'compile-cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (process.platform !== 'win32' && (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.startsWith('cli-main-') && n.endsWith('.v8cache'))
    .map((n) => ({ file: path.join(dir, n), mtime: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const e of entries.slice(KEEP)) unlinkSync(e.file);
}

/** Runs the bundle the plain way (no cache of ours). */
function load(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file chosen at run time, beside this one
  require(MAIN);
}

function run(): void {
  // V8 records its flags in the cache: set the decoder's now, not halfway through a run.
  setFlagsFromString(DECODER_V8_FLAGS);
  const dir = cacheDir();
  // A real import() in the bundle (capstone's loader) needs the default loader behind a vm.Script.
  const importer = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const enable = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (enable && dir) {
    enable(dir);
    debug('node');
    return load();
  }
  if (!dir || !importer) {
    debug('off');
    return load();
  }
  let source: string;
  let key: string;
  try {
    source = readFileSync(MAIN, 'utf8');
    const st = statSync(MAIN);
    // The command, the bundle (size, mtime) and the V8 that compiled it name the entry; V8 checks the source hash and flags again.
    const command = COMMANDS.has(process.argv[2] ?? '') ? process.argv[2] : 'other';
    key = `${command}-${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}`.replace(/[^\w.-]/g, '_');
  } catch {
    return load();
  }
  const cacheFile = path.join(dir, `cli-main-${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: MAIN,
    cachedData,
    importModuleDynamically: importer as unknown as vm.ScriptOptions['importModuleDynamically'],
  });
  const outcome: CacheOutcome = !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  debug(outcome, cacheFile);
  if (outcome !== 'hit') {
    // At exit the cache also holds what this command compiled lazily; written atomically (runs may race).
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        prune(dir);
      } catch {
        // No cache this time.
      }
    });
  }
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  const mod = new Module(MAIN, module);
  mod.filename = MAIN;
  const req = createRequire(MAIN);
  wrapper.call(mod.exports, mod.exports, req, mod, MAIN, path.dirname(MAIN));
}

run();
