// Which module a function belongs to, from the build info: the longest
// module path that prefixes the function's name (followed by `.` or `/`),
// `main.` functions to the main module, else the `path@version/` prefix of
// its file (-trimpath builds and the module cache). Null for the standard
// library and when the binary has no build info.
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
  return NONE;
}
