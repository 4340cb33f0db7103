// Finds the `go` to build with the way vscode-go does, and says why it chose it:
// preemptGuard.goPath (or --go), then vscode-go's own settings
// (`go.alternateTools.go`, `go.goroot` -> GOROOT/bin/go), then PATH, then the
// places Go's installers and package managers put it (/usr/local/go/bin, ~/go/bin,
// ~/sdk/go*/bin newest first, Homebrew, snap, Debian's /usr/lib/go-1.NN newest
// first, Windows' Program Files). Editors started from a dock or a remote server
// get their PATH from the login shell, which often lacks Go: hence the fallbacks.
// Pure apart from reading the file system; `fsRoot` lets tests use a fake tree.
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AnalysisError } from '../util/errors';
import { compareGoVersions, parseGoVersion } from './goVersion';
import { goChoiceWords, goPlaceWords } from '../vocabulary/toolchain';

export interface GoChoice {
  path: string;
  why: string;
}

export interface GoSearch {
  /** preemptGuard.goPath or --go: a path, or a bare name looked up on PATH. Missing = an error, no fallback. */
  configured?: string;
  /** Where configured came from, for the error ("the preemptGuard.goPath setting"). */
  configuredBy?: string;
  /** vscode-go's `go.alternateTools.go` (a path or a name on PATH). */
  alternateGo?: string;
  /** vscode-go's `go.goroot`. */
  goroot?: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Prefix for the well-known absolute places (tests: a temp dir). Default: none. */
  fsRoot?: string;
}

const isWindows = (s: GoSearch) => (s.platform ?? process.platform) === 'win32';

function executable(p: string, win: boolean): string | undefined {
  for (const candidate of win && !p.toLowerCase().endsWith('.exe') ? [`${p}.exe`, p] : [p]) {
    try {
      if (!win) accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** First executable file named `name` on PATH (with `.exe` on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const win = platform === 'win32';
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(win ? ';' : ':')) {
    if (!dir) continue;
    const found = executable(path.join(dir, name), win);
    if (found) return found;
  }
  return undefined;
}

function home(s: GoSearch): string | undefined {
  return (isWindows(s) ? s.env.USERPROFILE : undefined) ?? s.env.HOME;
}

/** `~/x` -> `$HOME/x`, as vscode-go does for its path settings. */
function expandHome(p: string, s: GoSearch): string {
  const h = home(s);
  return h && (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) ? path.join(h, p.slice(1)) : p;
}

/** A path setting or a bare name on PATH. */
function pathOrName(value: string, s: GoSearch): string | undefined {
  const v = expandHome(value.trim(), s);
  if (/[\\/]/.test(v)) return executable(path.resolve(v), isWindows(s));
  return findOnPath(v, s.env, s.platform);
}

/** Subdirectories of `dir` matching `re`, newest Go version first (`go1.22.3`, `go-1.21`). */
function newestFirst(dir: string, re: RegExp, version: (name: string) => string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => re.test(n));
  } catch {
    return [];
  }
  const parsed = names.map((n) => ({ n, v: parseGoVersion(version(n)) }));
  return parsed
    .sort((a, b) => (a.v && b.v ? compareGoVersions(b.v, a.v) : a.v ? -1 : b.v ? 1 : b.n.localeCompare(a.n)))
    .map((x) => path.join(dir, x.n));
}

/** The usual install places, in search order, each with why it is there. */
export function wellKnownGoDirs(s: GoSearch): { dir: string; why: string }[] {
  const at = (p: string) => (s.fsRoot ? path.join(s.fsRoot, p) : p);
  const h = home(s);
  const out: { dir: string; why: string }[] = [];
  if (isWindows(s)) {
    for (const pf of [s.env.ProgramFiles, s.env['ProgramFiles(x86)'], 'C:\\Program Files']) {
      if (pf) out.push({ dir: path.join(at(pf), 'Go', 'bin'), why: goPlaceWords.windowsInstaller });
    }
  } else {
    out.push({ dir: at('/usr/local/go/bin'), why: goPlaceWords.officialInstaller });
  }
  if (h) {
    out.push({ dir: path.join(h, 'go', 'bin'), why: goPlaceWords.goInstallDir });
    for (const d of newestFirst(path.join(h, 'sdk'), /^go\d+\.\d+/, (n) => n)) {
      out.push({ dir: path.join(d, 'bin'), why: goPlaceWords.sdkDownload });
    }
  }
  if (!isWindows(s)) {
    out.push({ dir: at('/opt/homebrew/bin'), why: goPlaceWords.homebrewAppleSilicon });
    out.push({ dir: at('/usr/local/bin'), why: goPlaceWords.homebrewIntel });
    out.push({ dir: at('/snap/bin'), why: goPlaceWords.snap });
    out.push({ dir: at('/usr/lib/go/bin'), why: goPlaceWords.distribution });
    for (const d of newestFirst(at('/usr/lib'), /^go-1\.\d+$/, (n) => `go${n.slice(3)}`)) {
      out.push({ dir: path.join(d, 'bin'), why: goPlaceWords.distributionVersioned(path.basename(d)) });
    }
  }
  // De-duplicate (Program Files twice, a home under /usr/local...).
  const seen = new Set<string>();
  return out.filter((x) => (seen.has(x.dir) ? false : (seen.add(x.dir), true)));
}

/** Where `go` was looked for, for the "not found" message. */
export function searchedPlaces(s: GoSearch): string[] {
  const places: string[] = [];
  if (s.alternateGo) places.push(goChoiceWords.searchedAlternateTools(s.alternateGo));
  if (s.goroot) places.push(goChoiceWords.searchedGoroot(s.goroot));
  places.push('PATH');
  return places.concat(wellKnownGoDirs(s).map((d) => d.dir));
}

/** The `go` to run and why; throws AnalysisError('no-go') naming every place it looked. */
export function locateGo(s: GoSearch): GoChoice {
  const win = isWindows(s);
  if (s.configured) {
    const p = pathOrName(s.configured, s);
    if (!p) {
      throw new AnalysisError('no-go', goChoiceWords.configuredMissing(s.configured), goChoiceWords.fixConfigured(s.configuredBy));
    }
    return { path: p, why: goChoiceWords.configured(s.configured, s.configuredBy) };
  }
  if (s.alternateGo) {
    const p = pathOrName(s.alternateGo, s);
    if (p) return { path: p, why: goChoiceWords.alternateTools(s.alternateGo) };
  }
  if (s.goroot) {
    const p = executable(path.join(path.resolve(expandHome(s.goroot.trim(), s)), 'bin', 'go'), win);
    if (p) return { path: p, why: goChoiceWords.goroot(s.goroot) };
  }
  const onPath = findOnPath('go', s.env, s.platform);
  if (onPath) return { path: onPath, why: goChoiceWords.firstOnPath(path.dirname(onPath)) };
  for (const { dir, why } of wellKnownGoDirs(s)) {
    const p = executable(path.join(dir, 'go'), win);
    if (p) return { path: p, why: goChoiceWords.notOnPath(dir, why) };
  }
  throw new AnalysisError('no-go', goChoiceWords.notFound, goChoiceWords.lookedIn(searchedPlaces(s)));
}
