// Where a binary's source file is on this machine. A binary built without
// -trimpath names files by absolute path (usable when built here); with
// -trimpath the main module's files read `example.com/app/x/y.go` and a
// dependency's `example.com/dep@v1.2.3/z.go`. A module-relative path maps to
// a checkout when its module (go.mod `module` line) is one we have open.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readGoModDirectives } from '../../toolchain/gomod';
import { findModuleRoot } from '../../toolchain/modules';
import { isBelow } from '../../util/pathWithin';

export interface SourceModule {
  /** Directory holding go.mod. */
  root: string;
  /** Its `module` path. */
  modulePath: string;
}

/** The module holding `dir` (nearest go.mod above it) with its module path; undefined when none or unreadable. */
export function sourceModuleOf(dir: string): SourceModule | undefined {
  const root = findModuleRoot(dir);
  if (!root) return undefined;
  try {
    const m = readGoModDirectives(readFileSync(path.join(root, 'go.mod'), 'utf8')).module;
    return m ? { root, modulePath: m.path } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The absolute path of `file` (as a binary's pclntab names it) in one of `modules`:
 * an absolute path inside a module root, or a -trimpath module-relative path of
 * one of the modules (longest module path wins). Undefined otherwise.
 */
export function localSource(file: string, modules: SourceModule[]): string | undefined {
  if (path.isAbsolute(file)) return modules.some((m) => isBelow(file, m.root)) ? file : undefined;
  let best: SourceModule | undefined;
  for (const m of modules) {
    if (file.startsWith(`${m.modulePath}/`) && (!best || m.modulePath.length > best.modulePath.length)) best = m;
  }
  if (!best) return undefined;
  const rest = file.slice(best.modulePath.length + 1);
  // `..` in a path the binary claims must not walk out of the checkout.
  const resolved = path.join(best.root, rest);
  return isBelow(resolved, best.root) ? resolved : undefined;
}

/** A path for reports run from `cwd`: relative when the file is inside it, else as it was. */
export function relativeToCwd(file: string, cwd: string): string {
  return path.isAbsolute(file) && isBelow(file, cwd) ? path.relative(cwd, file) : file;
}
