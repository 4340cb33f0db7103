// Which `go` runs, and why; which toolchain actually compiled.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AnalysisError } from '../util/errors';
import { locateGo, type GoChoice, type GoSearch } from './goLocator';
import { runTool } from '../util/process';
import { goCommandWords } from '../vocabulary/toolchain';

export { findOnPath, type GoChoice, type GoSearch } from './goLocator';

/**
 * The configured `go`, else vscode-go's settings, PATH and the usual install
 * places (see goLocator.ts) — as the user's terminal or vscode-go would run it.
 */
export async function resolveGo(opts: Partial<GoSearch> & { env?: NodeJS.ProcessEnv }): Promise<GoChoice> {
  return locateGo({ ...opts, env: opts.env ?? process.env });
}

/** `go env GOVERSION` run the same way as the build: with a GOTOOLCHAIN switch this names the toolchain that ran. */
export async function goVersionIn(goPath: string, dir: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  const r = await runTool(goPath, ['env', 'GOVERSION'], { cwd: dir, env, signal, collectStdout: true });
  if (r.end === 'aborted') throw new AnalysisError('cancelled', 'cancelled');
  if (r.exitCode !== 0 || !r.stdout.trim()) {
    throw new AnalysisError(
      'no-go',
      goCommandWords.goVersionFailed(goPath, dir),
      (r.spawnError ?? r.tail).split('\n').slice(0, 5).join('\n'),
    );
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
  } catch {
    return undefined;
  }
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
