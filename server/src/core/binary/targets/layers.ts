// An image's final filesystem from its layers, the way a container runtime
// builds it (OCI image spec, "Applying changesets"): layers in order, each
// layer's whiteouts (`dir/.wh.name` deletes `dir/name` and everything under
// it, `dir/.wh..wh..opq` empties `dir`) apply to the layers below it, then
// its own entries replace what was there. Pure: works on entry lists the
// archive reader recorded (metadata only, never file contents).

export type LayerEntryType = 'file' | 'dir' | 'hardlink' | 'symlink' | 'other';

export interface LayerEntry {
  /** Normalised path inside the image, without leading `/` or `./` (`usr/bin/app`). */
  path: string;
  type: LayerEntryType;
  size: number;
  /** First bytes say: an arm64 executable (worth reading whole). */
  candidate: boolean;
  /** For hard links: the (normalised) path in the same layer whose data it shares. */
  linkTarget?: string;
}

/** A file of the final filesystem and where its bytes live. */
export interface FinalEntry extends LayerEntry {
  /** Index of the layer that provides it. */
  layer: number;
  /** Path in that layer whose data to read (the link target for hard links). */
  dataPath: string;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** `./usr//bin/app/` -> `usr/bin/app`; undefined for paths escaping the root (`../x`) or the root itself. */
export function normalizeLayerPath(p: string): string | undefined {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return undefined;
    parts.push(seg);
  }
  return parts.length ? parts.join('/') : undefined;
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function dirName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function removeBelow(fs: Map<string, FinalEntry>, dir: string): void {
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const k of fs.keys()) if (k.startsWith(prefix) && k !== dir) fs.delete(k);
}

/** Applies one layer on top of `fs` (mutates it). */
export function applyLayer(fs: Map<string, FinalEntry>, entries: LayerEntry[], layer: number): void {
  // Whiteouts hide what the layers below hold; entries of this same layer stay.
  for (const e of entries) {
    const name = baseName(e.path);
    if (name === OPAQUE) {
      removeBelow(fs, dirName(e.path));
    } else if (name.startsWith(WHITEOUT)) {
      const dir = dirName(e.path);
      const target = `${dir ? `${dir}/` : ''}${name.slice(WHITEOUT.length)}`;
      fs.delete(target);
      removeBelow(fs, target);
    }
  }
  for (const e of entries) {
    if (baseName(e.path).startsWith(WHITEOUT)) continue;
    const below = fs.get(e.path);
    // A non-directory replacing a directory takes the directory's contents with it.
    if (below?.type === 'dir' && e.type !== 'dir') removeBelow(fs, e.path);
    let dataPath = e.path;
    let candidate = e.candidate;
    if (e.type === 'hardlink' && e.linkTarget) {
      const target = entries.find((x) => x.path === e.linkTarget);
      const lower = target ? undefined : fs.get(e.linkTarget);
      if (lower) {
        // Linked to a file of a lower layer: its bytes are there.
        fs.set(e.path, { ...e, candidate: lower.candidate, layer: lower.layer, dataPath: lower.dataPath });
        continue;
      }
      dataPath = e.linkTarget;
      candidate = target?.candidate ?? false;
    }
    fs.set(e.path, { ...e, candidate, layer, dataPath });
  }
}

/** The final filesystem of layers applied in order (index 0 is the base layer). */
export function mergeLayers(layers: LayerEntry[][]): Map<string, FinalEntry> {
  const fs = new Map<string, FinalEntry>();
  layers.forEach((entries, i) => applyLayer(fs, entries, i));
  return fs;
}
