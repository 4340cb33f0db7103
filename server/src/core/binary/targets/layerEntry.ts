// One tar entry of a layer as the image readers record it (the archive reader
// for docker-save / OCI tarballs, and image/ for OCI layouts and registries):
// its kind, and for a regular file whether its first bytes say arm64
// executable. Sniffing happens as the entry streams past; nothing is kept but
// the first bytes. Paths longer than MAX_LAYER_PATH are not recorded.
import type { ReadEntry } from 'tar';
import { type LayerEntry, type LayerEntryType, normalizeLayerPath } from './layers';
import { SNIFF_BYTES, sniffExecutable } from './sniff';

/** Longer entry paths are skipped (no real image has them; a hostile one could use them to grow memory). */
export const MAX_LAYER_PATH = 4096;

export function entryType(e: ReadEntry): LayerEntryType {
  switch (e.type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'dir';
    case 'Link':
      return 'hardlink';
    case 'SymbolicLink':
      return 'symlink';
    default:
      return 'other';
  }
}

/** Records `e` into `entries` (files once they end, with their sniffed kind) and consumes it. */
export function recordLayerEntry(e: ReadEntry, entries: LayerEntry[]): void {
  const p = normalizeLayerPath(e.path);
  const type = entryType(e);
  if (p && p.length > MAX_LAYER_PATH) return void e.resume();
  if (!p || type !== 'file') {
    if (p) entries.push({ path: p, type, size: 0, candidate: false, linkTarget: e.linkpath ? normalizeLayerPath(e.linkpath) : undefined });
    return void e.resume();
  }
  const head: Buffer[] = [];
  let got = 0;
  e.on('data', (c: Buffer) => {
    if (got < SNIFF_BYTES) {
      head.push(c);
      got += c.length;
    }
  });
  e.on('end', () =>
    entries.push({
      path: p,
      type,
      size: e.size ?? 0,
      candidate: sniffExecutable(Buffer.concat(head).subarray(0, SNIFF_BYTES)) === 'arm64',
    }),
  );
}
