// Parses the module info text Go embeds in executables (what
// `go version -m` prints): tab-separated `path`, `mod`, `dep`, `=>` and
// `build` lines. Mirrors runtime/debug ParseBuildInfo, including quoted
// build keys and values and replacements that follow their module. A GOPATH
// build (no `mod` line) gets its main package path as the main module.
import type { BuildInfo, ModuleRef } from './types';

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}

function moduleRef(fields: string[]): ModuleRef | undefined {
  if (fields.length < 2 || !fields[0]) return undefined;
  const m: ModuleRef = { path: fields[0], version: fields[1] ?? '' };
  if (fields[2]) m.sum = fields[2];
  return m;
}

/** A `build` line's key=value; keys (and values) holding spaces, tabs, quotes or `=` are quoted. */
function buildSetting(rest: string): [string, string] | undefined {
  let key: string, value: string;
  if (rest.startsWith('"')) {
    let i = 1;
    while (i < rest.length && rest[i] !== '"') i += rest[i] === '\\' ? 2 : 1;
    key = unquote(rest.slice(0, i + 1));
    if (rest[i + 1] !== '=') return undefined;
    value = rest.slice(i + 2);
  } else {
    const eq = rest.indexOf('=');
    if (eq <= 0) return undefined;
    key = rest.slice(0, eq);
    value = rest.slice(eq + 1);
  }
  return [key, unquote(value)];
}

export function parseModInfo(goVersion: string, text: string): BuildInfo {
  const info: BuildInfo = { goVersion, path: '', main: null, deps: [], settings: {} };
  let last: ModuleRef | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const kind = line.slice(0, tab),
      rest = line.slice(tab + 1);
    const fields = rest.split('\t');
    if (kind === 'path') info.path = rest;
    else if (kind === 'mod') {
      last = moduleRef(fields);
      info.main = last ?? null;
    } else if (kind === 'dep') {
      last = moduleRef(fields);
      if (last) info.deps.push(last);
    } else if (kind === '=>' && last) {
      const r = moduleRef(fields.length === 1 ? [fields[0], ''] : fields);
      if (r) last.replace = r;
      last = undefined;
    } else if (kind === 'build') {
      const kv = buildSetting(rest);
      if (kv) info.settings[kv[0]] = kv[1];
    }
  }
  // GOPATH mode (GO111MODULE=off, most distribution packages): a `path` line and no `mod` line.
  // The main package path stands for the main module, so findings and reports can name it.
  if (!info.main && info.path) info.main = { path: info.path, version: '' };
  return info;
}
