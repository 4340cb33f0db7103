// An image's final filesystem from its layers, the way a container runtime
// builds it (OCI image spec, "Applying changesets"): layers in order, each
// layer's whiteouts (`dir/.wh.name` deletes `dir/name` and everything under
// it, `dir/.wh..wh..opq` empties `dir`) apply to the layers below it, then
// its own entries replace what was there. Pure: works on entry lists the
// archive reader recorded (metadata only, never file contents). Linear in the
// entries: subtrees are indexed, hard-link targets looked up by path.

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

/** Every proper ancestor directory of a path: `a/b/c` -> '', `a`, `a/b`. */
function ancestors(p: string): string[] {
  const out = [''];
  for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) out.push(p.slice(0, i));
  return out;
}

/**
 * The final filesystem while layers apply: the entries by path, plus for each
 * directory the set of paths below it, so a whiteout or an opaque marker
 * removes a subtree in time proportional to the subtree (not to the whole
 * filesystem: 40k whiteouts stay linear).
 */
class FinalFs {
  readonly entries = new Map<string, FinalEntry>();
  private readonly below = new Map<string, Set<string>>();

  get(p: string): FinalEntry | undefined {
    return this.entries.get(p);
  }

  set(p: string, e: FinalEntry): void {
    if (!this.entries.has(p)) {
      for (const a of ancestors(p)) {
        let set = this.below.get(a);
        if (!set) this.below.set(a, (set = new Set()));
        set.add(p);
      }
    }
    this.entries.set(p, e);
  }

  delete(p: string): void {
    if (!this.entries.delete(p)) return;
    for (const a of ancestors(p)) this.below.get(a)?.delete(p);
  }

  removeBelow(dir: string): void {
    const set = this.below.get(dir);
    if (!set) return;
    for (const p of [...set]) this.delete(p);
  }
}

/** Applies one layer on top of `fs` (mutates it). */
function applyLayer(fs: FinalFs, entries: LayerEntry[], layer: number): void {
  // Whiteouts hide what the layers below hold; entries of this same layer stay.
  for (const e of entries) {
    const name = baseName(e.path);
    if (name === OPAQUE) {
      fs.removeBelow(dirName(e.path));
    } else if (name.startsWith(WHITEOUT)) {
      const dir = dirName(e.path);
      const target = `${dir ? `${dir}/` : ''}${name.slice(WHITEOUT.length)}`;
      fs.delete(target);
      fs.removeBelow(target);
    }
  }
  // Hard-link targets by path (the first entry of a path, as a tar reader finds it): one lookup per link.
  const byPath = new Map<string, LayerEntry>();
  for (const e of entries) if (!byPath.has(e.path)) byPath.set(e.path, e);
  for (const e of entries) {
    if (baseName(e.path).startsWith(WHITEOUT)) continue;
    const below = fs.get(e.path);
    // A non-directory replacing a directory takes the directory's contents with it.
    if (below?.type === 'dir' && e.type !== 'dir') fs.removeBelow(e.path);
    let dataPath = e.path;
    let candidate = e.candidate;
    if (e.type === 'hardlink' && e.linkTarget) {
      const target = byPath.get(e.linkTarget);
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
  const fs = new FinalFs();
  layers.forEach((entries, i) => applyLayer(fs, entries, i));
  return fs.entries;
}
