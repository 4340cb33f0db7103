// Which modules a file, a folder or the whole workspace stands for. One
// analysis per module: go.work `use` dirs, else module roots.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findModuleRoot, findModulesBelow, modulesOf } from '../core/toolchain/modules';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export type FileKind = 'go' | 'go.mod' | 'go.work' | 'other';

export function fileKind(file: string): FileKind {
  const base = path.basename(file);
  if (base === 'go.mod') return 'go.mod';
  if (base === 'go.work') return 'go.work';
  return file.endsWith('.go') ? 'go' : 'other';
}

/** The module a file belongs to (nearest go.mod above it). */
export function moduleOfFile(file: string): string | undefined {
  return findModuleRoot(path.dirname(file));
}

/** Modules a changed go.mod/go.work affects. */
export function modulesOfManifest(file: string): string[] {
  if (fileKind(file) === 'go.work') return existsSync(file) ? modulesOf(path.dirname(file)) : [];
  const dir = path.dirname(file);
  return existsSync(path.join(dir, 'go.mod')) ? [dir] : [];
}

/** Every module of a workspace folder: its go.work's modules, else all module roots below it, else the module it is in. */
export function modulesOfFolder(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    const m = moduleOfFile(dir);
    return m ? [m] : [];
  }
  if (existsSync(path.join(dir, 'go.work'))) return modulesOf(dir);
  const below = findModulesBelow(dir);
  if (below.length) return below;
  const up = findModuleRoot(dir);
  return up ? [up] : [];
}
