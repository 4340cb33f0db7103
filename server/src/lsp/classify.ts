// Where a finding lives: in the analysed module, in a dependency (module
// cache or a replaced directory), or in the standard library of the toolchain.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isBelow } from '../core/util/pathWithin';
import type { Finding } from '../core/types';

export type Origin = 'module' | 'dependency' | 'stdlib';

export function originOf(f: Finding, moduleRoot: string): Origin {
  if (isBelow(f.file, moduleRoot)) return 'module';
  // GOROOT/src/<importpath>/file.go, the import path without a dot in its first element.
  const first = f.packagePath.split('/')[0];
  const dir = path.dirname(f.file).split(path.sep).join('/');
  if (f.packagePath !== '' && !first.includes('.') && dir.endsWith(`/src/${f.packagePath}`)) return 'stdlib';
  return 'dependency';
}

export interface Classified {
  module: Finding[];
  /** Dependency findings whose file exists on disk: published at their URIs. */
  dependency: Finding[];
  /** Dependency findings without a file on disk: only summarised. */
  unlocated: Finding[];
  stdlib: Finding[];
}

export function classify(findings: Finding[], moduleRoot: string, exists: (file: string) => boolean = existsSync): Classified {
  const out: Classified = { module: [], dependency: [], unlocated: [], stdlib: [] };
  for (const f of findings) {
    const o = originOf(f, moduleRoot);
    if (o === 'dependency' && !(path.isAbsolute(f.file) && exists(f.file))) out.unlocated.push(f);
    else out[o].push(f);
  }
  return out;
}

/** `github.com/x/y@v1.2.1` from a module-cache path, else the package path. */
export function dependencyName(f: Finding): string {
  const m = /\/pkg\/mod\/(.+?@[^/]+)\//.exec(f.file.split(path.sep).join('/'));
  return m ? m[1].replace(/!([a-z])/g, (_, c: string) => c.toUpperCase()) : f.packagePath || f.file;
}

/** "3 in github.com/x/y@v1.2.1 (Receive, ...), 1 in ..." — counts per dependency. */
export function summarize(findings: Finding[], nameOf: (f: Finding) => string): string {
  const groups = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const f of findings) {
    const k = nameOf(f);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (!groups.has(k)) groups.set(k, new Set());
    groups.get(k)!.add(f.function);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => {
      const fns = [...groups.get(k)!];
      const shown = fns.slice(0, 3).join(', ') + (fns.length > 3 ? ', …' : '');
      return `${n} in ${k} (${shown})`;
    })
    .join('; ');
}
