// Which `go` runs, and why; which toolchain actually compiled.
import { accessSync, constants, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AnalysisError } from './errors';
import { runTool } from './process';

export interface GoChoice { path: string; why: string }

/** First executable file named `name` on PATH (with `.exe` on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        accessSync(p, constants.X_OK);
        if (statSync(p).isFile()) return p;
      } catch { /* not here */ }
    }
  }
  return undefined;
}

/** The configured `go`, else the one on PATH — as the user's terminal would run it. */
export async function resolveGo(opts: { configured?: string; env?: NodeJS.ProcessEnv }): Promise<GoChoice> {
  const env = opts.env ?? process.env;
  if (opts.configured) {
    // A bare name ("go1.24.6") is looked up on PATH; anything with a slash is a path.
    const p = /[\\/]/.test(opts.configured) ? path.resolve(opts.configured) : findOnPath(opts.configured, env);
    if (!p || !existsSync(p)) {
      throw new AnalysisError('no-go', `the configured go (${opts.configured}) does not exist`, 'Fix the preemptGuard.goPath setting or the --go flag.');
    }
    return { path: p, why: `configured: ${opts.configured}` };
  }
  const p = findOnPath('go', env);
  if (!p) {
    throw new AnalysisError('no-go', 'no `go` found on PATH',
      'Install Go (https://go.dev/dl/), put it on PATH, or name one with --go / the preemptGuard.goPath setting.');
  }
  return { path: p, why: `first go on PATH (${path.dirname(p)})` };
}

/** `go env GOVERSION` run the same way as the build: with a GOTOOLCHAIN switch this names the toolchain that ran. */
export async function goVersionIn(goPath: string, dir: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  const r = await runTool(goPath, ['env', 'GOVERSION'], { cwd: dir, env, signal, collectStdout: true });
  if (r.end === 'aborted') throw new AnalysisError('cancelled', 'cancelled');
  if (r.exitCode !== 0 || !r.stdout.trim()) {
    throw new AnalysisError('no-go', `\`${goPath} env GOVERSION\` failed in ${dir}`, (r.spawnError ?? r.tail).split('\n').slice(0, 5).join('\n'));
  }
  return r.stdout.trim();
}

/** The toolchains the project installs for tests, the demo and the reproducer (.toolchains/go1.NN). */
export function installedToolchains(dir?: string): { minor: string; version?: string; path: string }[] {
  const root = dir ?? process.env.PREEMPT_GUARD_TOOLCHAINS ?? defaultToolchainsDir();
  if (!root || !existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => /^go1\.\d+$/.test(n) && existsSync(path.join(root, n, 'bin', 'go')))
    .map((n) => ({ minor: n.slice(2), version: readVersionFile(path.join(root, n)), path: path.join(root, n, 'bin', 'go') }))
    .sort((a, b) => Number(a.minor.split('.')[1]) - Number(b.minor.split('.')[1]));
}

function readVersionFile(goroot: string): string | undefined {
  try {
    const text = readFileSync(path.join(goroot, 'VERSION'), 'utf8');
    return text.split('\n')[0].trim() || undefined;
  } catch { return undefined; }
}

/** <repo>/.toolchains, found from this file's location (out/server/src/core or dist). */
function defaultToolchainsDir(): string | undefined {
  let d = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(d, 'package.json'))) return path.join(d, '.toolchains');
    d = path.dirname(d);
  }
  return undefined;
}
