// Which module a function belongs to, from the build info: the longest
// module path that prefixes the function's name (followed by `.` or `/`),
// `main.` functions to the main module, else the `path@version/` prefix of
// its file (-trimpath builds and the module cache). GOPATH builds (main
// module from the `path` line, no deps) attribute non-standard packages by
// package path. Null for the standard library and without build info.
import type { BuildInfo, ModuleRef } from './types';

export interface ModuleAttribution {
  module: string | null;
  moduleVersion: string | null;
}

const NONE: ModuleAttribution = { module: null, moduleVersion: null };

function pick(m: ModuleRef): ModuleAttribution {
  return { module: m.path, moduleVersion: m.version || null };
}

/** The name without generic brackets' contents and a leading `type:` style prefix. */
function hasPathPrefix(name: string, path: string): boolean {
  if (!name.startsWith(path)) return false;
  const next = name[path.length];
  return next === '.' || next === '/';
}

export function attributeModule(bi: BuildInfo | null, functionName: string, file: string): ModuleAttribution {
  if (!bi) return NONE;
  const mods = [...(bi.main ? [bi.main] : []), ...bi.deps];
  if (functionName.startsWith('main.') && bi.main) return pick(bi.main);
  let best: ModuleRef | undefined;
  for (const m of mods) {
    if (hasPathPrefix(functionName, m.path) && (!best || m.path.length > best.path.length)) best = m;
  }
  if (best) return pick(best);
  for (const m of mods) {
    if (file.startsWith(`${m.path}@${m.version}/`) || file.includes(`/${m.path}@${m.version}/`)) return pick(m);
  }
  // GOPATH build (no module lines): a package outside the standard library is its own unit.
  if (bi.deps.length === 0 && bi.main && !bi.main.version) {
    const pkg = packagePathOf(functionName);
    if (pkg && !isStandardLibraryPath(pkg)) return { module: pkg, moduleVersion: null };
  }
  return NONE;
}

/** `github.com/a/b.(*T).M` -> `github.com/a/b`; '' when the name has no package. */
export function packagePathOf(functionName: string): string {
  const bracket = functionName.indexOf('[');
  const name = bracket < 0 ? functionName : functionName.slice(0, bracket);
  const dot = name.indexOf('.', name.lastIndexOf('/') + 1);
  return dot <= 0 ? '' : name.slice(0, dot);
}

/** The go command's rule: standard-library import paths have no dot in their first element. */
export function isStandardLibraryPath(pkg: string): boolean {
  const first = pkg.split('/')[0];
  return !first.includes('.') && pkg !== 'main';
}
