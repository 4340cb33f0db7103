// Finding Go modules: the nearest go.mod above a file, the modules of a
// go.work, and every module below a workspace folder.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readGoModDirectives } from './gomod';

export function findModuleRoot(fileOrDir: string): string | undefined {
  let dir = path.resolve(fileOrDir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = path.dirname(dir);
  for (;;) {
    if (existsSync(path.join(dir, 'go.mod'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The directories a go.work `use`s (single-line and block form), resolved. */
export function goWorkUses(workFile: string): string[] {
  const text = readFileSync(workFile, 'utf8').replace(/\/\/.*$/gm, '');
  const dirs: string[] = [];
  const block = /^\s*use\s*\(([^)]*)\)/gm;
  for (let m; (m = block.exec(text));) dirs.push(...m[1].split(/\s+/).filter(Boolean));
  const single = /^\s*use\s+([^\s(]+)/gm;
  for (let m; (m = single.exec(text));) dirs.push(m[1]);
  const base = path.dirname(workFile);
  return dirs.map((d) => path.resolve(base, d.replace(/^"|"$/g, '')));
}

/** Modules to analyse for a directory: a go.work's `use` list if there is one, else the module root. */
export function modulesOf(dir: string): string[] {
  const work = path.join(dir, 'go.work');
  if (existsSync(work)) return goWorkUses(work).filter((d) => existsSync(path.join(d, 'go.mod')));
  const root = findModuleRoot(dir);
  return root ? [root] : [];
}

const SKIP = new Set(['node_modules', 'vendor', 'testdata', '.git', 'out', 'dist']);

/** Every module root below dir (a workspace folder holding several modules). */
export function findModulesBelow(dir: string, maxDepth = 6): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === 'go.mod')) found.push(d);
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) walk(path.join(d, e.name), depth + 1);
    }
  };
  walk(path.resolve(dir), 0);
  return found;
}

/** The `toolchain` line of go.mod, else its `go` line, as a version string ("go1.24.6"). */
export function requestedToolchain(moduleRoot: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(moduleRoot, 'go.mod'), 'utf8');
  } catch {
    return undefined;
  }
  const { go, toolchain } = readGoModDirectives(text);
  if (toolchain?.value && toolchain.value !== 'default') return toolchain.value;
  return go?.value ? `go${go.value}` : undefined;
}
