// Every regular file below a directory, depth first in name order, following
// symbolic links to files and directories but visiting each real directory
// and file once (device + inode), so link loops and aliases end the walk
// instead of repeating it. In each directory real files come before links,
// so a file and a link to it are reported under the file's own name.
// Unreadable entries are reported, not fatal.
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface WalkFile {
  path: string;
  size: number;
}

export async function* walkFiles(root: string, onError: (message: string) => void): AsyncGenerator<WalkFile> {
  const seen = new Set<string>();
  const stack: string[] = [root];
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
      onError(`${dir}: cannot read the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    names.sort((a, b) => Number(a.link) - Number(b.link) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const { name } of names) {
      const p = path.join(dir, name);
      let st;
      try {
        st = await stat(p); // follows links; a dangling link fails here
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        subdirs.push(p);
        continue;
      }
      if (!st.isFile()) continue;
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      yield { path: p, size: st.size };
    }
    for (const d of subdirs.sort().reverse()) stack.push(d);
  }
}
