// Whether a path lies inside a directory, the one way every room asks it (a
// finding in the module, a binary's file in an open module, a module in a
// workspace folder, a file in the git checkout). By path.relative, so `a/b/../c`
// and trailing separators compare as the OS would; a child named `..x` is inside.
import path from 'node:path';

/** `p` is below `dir` (not `dir` itself). */
export function isBelow(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** `p` is `dir` or below it. */
export function isAtOrBelow(p: string, dir: string): boolean {
  return path.relative(dir, p) === '' || isBelow(p, dir);
}
