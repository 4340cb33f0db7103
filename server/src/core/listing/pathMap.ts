// With -trimpath (often set through GOFLAGS) listing paths read
// `example.com/mod/a/a.go` or `github.com/x/y@v1.3.1/f.go`; map them back to
// files on disk with `go list -m -json all`.
import path from 'node:path';
import { runTool } from '../util/process';
import type { Finding, FunctionListing } from '../types';

interface ModuleDir {
  path: string;
  version?: string;
  dir: string;
}

async function listModules(go: string, dir: string, env: NodeJS.ProcessEnv): Promise<ModuleDir[]> {
  const r = await runTool(go, ['list', '-m', '-json', 'all'], { cwd: dir, env, collectStdout: true });
  if (r.exitCode !== 0) return [];
  const out: ModuleDir[] = [];
  // The output is a stream of JSON objects, one after another.
  for (const text of String(r.stdout).split(/\n(?=\{)/)) {
    try {
      const m = JSON.parse(text) as { Path: string; Version?: string; Dir?: string; Replace?: { Dir?: string } };
      const d = m.Replace?.Dir ?? m.Dir;
      if (d) out.push({ path: m.Path, version: m.Version, dir: path.resolve(dir, d) });
    } catch {
      /* not an object */
    }
  }
  return out.sort((a, b) => b.path.length - a.path.length);
}

export function mapTrimmedPath(file: string, modules: ModuleDir[]): string {
  for (const m of modules) {
    const prefixes = m.version ? [`${m.path}@${m.version}/`, `${m.path}/`] : [`${m.path}/`];
    for (const p of prefixes) if (file.startsWith(p)) return path.join(m.dir, file.slice(p.length));
  }
  return file;
}

export async function resolveListingPaths(
  dir: string,
  go: string,
  env: NodeJS.ProcessEnv,
  findings: Finding[],
  functions: FunctionListing[],
): Promise<{ findings: Finding[]; functions: FunctionListing[] }> {
  const relative = (f: string) => f !== '' && !path.isAbsolute(f) && !f.startsWith('<');
  const anyRelative = (f: Finding) => relative(f.file) || (f.inlinedFrom ?? []).some((i) => relative(i.file));
  if (!findings.some(anyRelative) && !functions.some((f) => relative(f.file))) return { findings, functions };
  const modules = await listModules(go, dir, env);
  const map = (f: string) => (relative(f) ? mapTrimmedPath(f, modules) : f);
  return {
    findings: findings.map((f) => ({
      ...f,
      file: map(f.file),
      ...(f.inlinedFrom ? { inlinedFrom: f.inlinedFrom.map((i) => ({ ...i, file: map(i.file) })) } : {}),
    })),
    functions: functions.map((fn) => ({ ...fn, file: map(fn.file), progs: fn.progs.map((p) => ({ ...p, file: map(p.file) })) })),
  };
}
