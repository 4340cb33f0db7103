// `go env GOVERSION` once per toolchain and module state, not once per save:
// each analysis would otherwise start a second go process beside the build.
// The key holds everything that can change the answer: the go binary (path
// and mtime), the directory, the environment variables that pick a toolchain,
// and the go.mod / go.work texts whose `go` and `toolchain` lines can switch it.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { goVersionIn } from '../core/toolchain/toolchain';

const LIMIT = 64;

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** go.work files of dir and its ancestors (the go command uses the nearest; any of them may change). */
function workFiles(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const t = readOr(path.join(d, 'go.work'));
    if (t) out.push(`${d}\0${t}`);
    if (path.dirname(d) === d) return out;
  }
}

export function cachedGoVersion(): typeof goVersionIn {
  const cache = new Map<string, string>();
  return async (go, dir, env, signal) => {
    let mtime = 0;
    try {
      mtime = statSync(go).mtimeMs;
    } catch {
      /* goVersionIn reports it */
    }
    const key = JSON.stringify([
      go,
      mtime,
      dir,
      env.GOTOOLCHAIN,
      env.GOROOT,
      env.GOWORK,
      env.GOFLAGS,
      env.PATH,
      readOr(path.join(dir, 'go.mod')),
      ...workFiles(dir),
    ]);
    const hit = cache.get(key);
    if (hit) return hit;
    const version = await goVersionIn(go, dir, env, signal);
    cache.set(key, version);
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value as string);
    return version;
  };
}
