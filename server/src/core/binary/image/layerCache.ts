// A content-addressed cache of per-layer results on disk: a layer's entries
// and the scans of the Go binaries read from it, keyed by the layer's digest
// and by what could change a scan (this tool's version, `--all`). A nightly
// re-scan of images that share a base layer reads only the layers that
// changed. The directory is the user's own (created 0700; one that another
// user could write is refused); entries are JSON data, size-bounded and
// checked for shape on load — a bad entry is a miss, never an error.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LayerCache, LayerResults } from './imageFiles';

const MAX_ENTRY_BYTES = 64 << 20;
const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;

/** `$XDG_CACHE_HOME/preempt-guard` (or ~/.cache/preempt-guard, or ~/Library/Caches on macOS). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'preempt-guard');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'preempt-guard');
  return path.join(os.homedir(), '.cache', 'preempt-guard');
}

function looksLikeResults(v: unknown): v is LayerResults {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<LayerResults>;
  return (
    Array.isArray(r.entries) &&
    typeof r.reports === 'object' &&
    r.reports !== null &&
    r.entries.every((e) => typeof e?.path === 'string' && typeof e?.type === 'string')
  );
}

export class DiskLayerCache implements LayerCache {
  /** Counters (tests assert them; a progress line can show them). */
  hits = 0;
  misses = 0;
  private ready: Promise<boolean> | undefined;

  constructor(
    private readonly dir: string,
    /** What the results depend on besides the layer: `0.2.0-all`. */
    private readonly flavour: string,
  ) {}

  private folder(): string {
    return path.join(this.dir, 'layers', this.flavour.replace(/[^A-Za-z0-9._-]/g, '_'));
  }

  /** Creates the folder privately; false (no caching) when it is not ours alone. */
  private usable(): Promise<boolean> {
    this.ready ??= (async () => {
      try {
        await mkdir(this.folder(), { recursive: true, mode: 0o700 });
        for (const d of [this.dir, path.join(this.dir, 'layers'), this.folder()]) {
          const st = await stat(d);
          const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
          if (!st.isDirectory() || !mine || (st.mode & 0o022) !== 0) return false;
        }
        return true;
      } catch {
        return false;
      }
    })();
    return this.ready;
  }

  private file(digest: string): string | undefined {
    const m = DIGEST_RE.exec(digest);
    return m ? path.join(this.folder(), `${m[1]}.json`) : undefined;
  }

  async get(digest: string): Promise<LayerResults | undefined> {
    const f = this.file(digest);
    if (!f || !(await this.usable())) return undefined;
    const v = await this.entry(f);
    if (v) this.hits++;
    else this.misses++;
    return v;
  }

  /** The results stored in `f`; undefined when it is missing, unreadable or not an entry of this cache. */
  private async entry(f: string): Promise<LayerResults | undefined> {
    try {
      const st = await stat(f);
      if (!st.isFile() || st.size > MAX_ENTRY_BYTES) return undefined;
      const v = JSON.parse(await readFile(f, 'utf8')) as unknown;
      return looksLikeResults(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  async put(digest: string, results: LayerResults): Promise<void> {
    const f = this.file(digest);
    if (!f || !(await this.usable())) return;
    const tmp = `${f}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(results), { mode: 0o600 });
      await rename(tmp, f);
    } catch {
      /* a cache that cannot be written only costs time */
    }
  }
}
