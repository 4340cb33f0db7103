// Every regular file below a directory, depth first in name order, without
// ever leaving it: symbolic links are resolved inside the scanned root the way
// a container runtime resolves them inside an image (an absolute target starts
// at the root, `..` stops at the root), so a rootfs' `/usr` link never walks
// the host. A file reached through a link is reported under its real path
// with the link noted, and each real directory and file is visited once
// (device + inode), so link loops and aliases end the walk. Only regular
// files are yielded (no device, FIFO or socket is ever opened), and nothing
// below /proc, /sys or /dev is entered. Unreadable entries are reported, not
// fatal.
import { lstat, opendir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAtOrBelow } from '../../util/pathWithin';
import { scanInputWords } from '../../vocabulary/scanInputs';

export interface WalkFile {
  /** The real file's path (under the root as given). */
  path: string;
  size: number;
  /** The symbolic link the walk reached it through, when it did. */
  linkedFrom?: string;
}

/** Kernel pseudo-filesystems: reading their files can block, never end, or consume kernel state. */
const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];
/** Links followed while resolving one path (Linux's own limit). */
const MAX_LINKS = 40;

/**
 * Resolves `rel` (path components below `root`, a real directory) inside `root`:
 * links are followed with absolute targets starting at `root`, and `..` never
 * climbs above it. Undefined for dangling links and link loops.
 */
export async function resolveInRoot(root: string, rel: string): Promise<string | undefined> {
  const parts = rel.split(/[\\/]/);
  let cur = root,
    links = 0;
  while (parts.length) {
    const part = parts.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (cur !== root) cur = path.dirname(cur);
      continue;
    }
    const next = path.join(cur, part);
    let st;
    try {
      st = await lstat(next);
    } catch {
      return undefined;
    }
    if (!st.isSymbolicLink()) {
      cur = next;
      continue;
    }
    if (++links > MAX_LINKS) return undefined;
    const target = await readlink(next);
    if (path.isAbsolute(target)) cur = root;
    parts.unshift(...target.split(/[\\/]/));
  }
  return cur;
}

export async function* walkFiles(root: string, onError: (message: string) => void): AsyncGenerator<WalkFile> {
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch (e) {
    onError(scanInputWords.unreadableDirectory(root, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
    return;
  }
  /** The path a report shows: the root as given, then the real path below it. */
  const shown = (real: string) => path.join(root, path.relative(rootReal, real));
  const outOfBounds = (real: string) => PSEUDO_FILESYSTEMS.some((p) => isAtOrBelow(real, p));
  const seen = new Set<string>();
  const stack: string[] = [rootReal];
  while (stack.length) {
    const dir = stack.pop() as string;
    let names: { name: string; link: boolean }[];
    try {
      const st = await stat(dir);
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      names = [];
      for await (const d of await opendir(dir)) names.push({ name: d.name, link: d.isSymbolicLink() });
    } catch (e) {
      onError(scanInputWords.unreadableDirectory(shown(dir), (e as NodeJS.ErrnoException).code ?? (e as Error).message));
      continue;
    }
    names.sort((a, b) => Number(a.link) - Number(b.link) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const { name, link } of names) {
      const at = path.join(dir, name);
      const real = link ? await resolveInRoot(rootReal, path.relative(rootReal, at)).catch(() => undefined) : at;
      if (real === undefined || outOfBounds(real)) continue; // dangling, a loop, or a kernel pseudo-file
      let st;
      try {
        st = await lstat(real);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        subdirs.push(real);
        continue;
      }
      if (!st.isFile()) continue;
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      yield link ? { path: shown(real), size: st.size, linkedFrom: shown(at) } : { path: shown(real), size: st.size };
    }
    for (const d of subdirs.sort().reverse()) stack.push(d);
  }
}
