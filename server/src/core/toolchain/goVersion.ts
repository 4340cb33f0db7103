// Go toolchain versions: parsing `go env GOVERSION` output and knowing which
// releases emit atomic epilogues for non-leaf functions (golang/go#73259).
import type { GoVersion } from '../types';

const RELEASE = /go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?/;

/** Parses "go1.26.10", "go1.21rc2", "devel go1.27-abcdef Tue ...", "go version go1.24.4 linux/amd64". */
export function parseGoVersion(s: string): GoVersion | undefined {
  const raw = s.trim();
  const m = RELEASE.exec(raw);
  if (!m) return undefined;
  const devel = /^devel\b|\bdevel\b/.test(raw);
  return {
    raw,
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? 0 : Number(m[3]),
    prerelease: m[4] ? `${m[4]}${m[5]}` : undefined,
    devel,
  };
}

/** Orders releases; a prerelease sorts before its .0 release; devel after the release it names. */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (d !== 0) return d;
  const rank = (v: GoVersion) => (v.devel ? 2 : v.prerelease ? 0 : 1);
  return rank(a) - rank(b) || (a.prerelease ?? '').localeCompare(b.prerelease ?? '');
}

/** First release of each minor with the non-leaf fix; minors from 1.25 on have it from .0. */
const FIXED_PATCH: Record<number, number> = { 23: 12, 24: 6 };
const FIRST_FIXED_MINOR = 25;

export function nonLeafFixed(v: GoVersion): boolean {
  if (v.major > 1) return true;
  // go1.25's release candidates already carried the fix; devel builds are newer still.
  if (v.minor >= FIRST_FIXED_MINOR) return true;
  const patch = FIXED_PATCH[v.minor];
  if (patch === undefined) return false;
  return !v.prerelease && v.patch >= patch;
}

/** The first release of each line that has the non-leaf fix, oldest first (`go1.23.12`, `go1.24.6`, `go1.25.0`). */
export function nonLeafFixedReleases(): string[] {
  const patched = Object.entries(FIXED_PATCH)
    .map(([minor, patch]) => [Number(minor), patch] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([minor, patch]) => `go1.${minor}.${patch}`);
  return [...patched, `go1.${FIRST_FIXED_MINOR}.0`];
}

/** The release a `toolchain` line should name to fix non-leaf epilogues for this toolchain. */
export function firstFixedRelease(v: GoVersion): string {
  const patch = FIXED_PATCH[v.minor];
  if (v.major === 1 && patch !== undefined) return `go1.${v.minor}.${patch}`;
  if (v.major === 1 && v.minor < FIRST_FIXED_MINOR) return `go1.${FIRST_FIXED_MINOR}.0`;
  return formatGoVersion(v);
}

export function formatGoVersion(v: GoVersion): string {
  return `go${v.major}.${v.minor}${v.prerelease ? v.prerelease : `.${v.patch}`}`;
}
