// The Go arm64 executables of one image's final filesystem, scanned, each with
// the layer that brought it. Two passes over the layer blobs (each streamed,
// never held whole): the first records every layer's entries and sniffs each
// file's first bytes; layers.ts applies the layers in order (whiteouts, opaque
// directories, hard links); the second reads only the layers that provide a
// winning candidate and scans each such file, one at a time (each released
// before the next is buffered: targets/candidateBuffer.ts). A layer cache
// (keyed by the layer's digest) remembers entries and scan results, so a layer
// shared by many images, or unchanged since last night, is not read again.
import type { BinaryReport } from '../types';
import { type LayerEntry, mergeLayers, normalizeLayerPath } from '../targets/layers';
import { entryType, recordLayerEntry } from '../targets/layerEntry';
import { hasGoBuildInfo } from '../targets/sniff';
import { binaryTooLarge } from '../../vocabulary/image';
import { streamLayer } from './layerRead';
import { CandidateBuffers } from '../targets/candidateBuffer';
import type { BlobStore, ResolvedImage } from './types';

/** What one layer holds, as far as this tool cares: its entries and the scan of each Go binary read from it. */
export interface LayerResults {
  entries: LayerEntry[];
  /** Data path in the layer -> its scan (path label ''), or null when it is not a Go executable. */
  reports: Record<string, BinaryReport | null>;
}

export interface LayerCache {
  get(digest: string): Promise<LayerResults | undefined>;
  put(digest: string, results: LayerResults): Promise<void>;
}

export interface ImageBinary {
  /** Absolute path in the image (`/usr/bin/app`). */
  path: string;
  /** 0-based index of the layer whose file won. */
  layer: number;
  report: BinaryReport;
}

export interface ReadImageOptions {
  maxBinaryBytes: number;
  scan(bytes: Uint8Array): Promise<BinaryReport>;
  cache?: LayerCache;
  signal?: AbortSignal;
  /** Raw layer bytes read from blob files (every pass; tests assert what the cache saves). */
  onRead?(bytes: number): void;
  /** Hears the bytes of candidate files held at once, whenever it changes (tests assert the bound). */
  onHeld?(bytes: number): void;
}

export interface ImageRead {
  binaries: ImageBinary[];
  /** Regular files of the final filesystem that are not Go arm64 executables. */
  skipped: number;
  /** Candidates that could not be read (too large): image path -> line. */
  errors: { path: string; message: string }[];
}

/** Pass 1: a layer's entries, with candidates sniffed from their first bytes. */
async function survey(store: BlobStore, image: ResolvedImage, index: number, o: ReadImageOptions): Promise<LayerEntry[]> {
  const desc = image.layers[index];
  const entries: LayerEntry[] = [];
  await streamLayer({
    file: await store.blobFile(desc),
    desc,
    index,
    signal: o.signal,
    onRead: o.onRead,
    onEntry: (e) => recordLayerEntry(e, entries),
  });
  return entries;
}

/** Pass 2: scans the files `want` of one layer into `reports`; records too-large ones in `tooLarge`. */
async function readWanted(
  store: BlobStore,
  image: ResolvedImage,
  index: number,
  want: Set<string>,
  reports: Record<string, BinaryReport | null>,
  tooLarge: Map<string, string>,
  o: ReadImageOptions,
): Promise<void> {
  const desc = image.layers[index];
  const buffers = new CandidateBuffers(o.onHeld);
  await streamLayer({
    file: await store.blobFile(desc),
    desc,
    index,
    signal: o.signal,
    onRead: o.onRead,
    between: () => buffers.drain(),
    waiting: () => buffers.waiting,
    onEntry: (e) => {
      const p = normalizeLayerPath(e.path) ?? '';
      if (!want.has(p) || entryType(e) !== 'file') return void e.resume();
      const size = e.size ?? 0;
      if (size > o.maxBinaryBytes) {
        tooLarge.set(p, binaryTooLarge(size, o.maxBinaryBytes));
        return void e.resume();
      }
      buffers.collect(e, size, async (bytes) => void (reports[p] = hasGoBuildInfo(bytes) ? { ...(await o.scan(bytes)), path: '' } : null));
    },
  });
}

/** Reads and scans the image's Go arm64 executables. Throws ImageSourceError (one line) when a blob is bad. */
export async function readImage(store: BlobStore, image: ResolvedImage, o: ReadImageOptions): Promise<ImageRead> {
  const layers: LayerResults[] = [];
  const dirty = new Set<number>();
  for (let i = 0; i < image.layers.length; i++) {
    const cached = await o.cache?.get(image.layers[i].digest);
    if (cached) layers.push(cached);
    else {
      layers.push({ entries: await survey(store, image, i, o), reports: {} });
      dirty.add(i);
    }
  }
  const fs = mergeLayers(layers.map((l) => l.entries));
  const out: ImageRead = { binaries: [], skipped: 0, errors: [] };
  // Winners by layer: data path -> image paths showing it.
  const winners = new Map<number, Map<string, string[]>>();
  for (const [p, e] of fs) {
    if (e.type !== 'file' && e.type !== 'hardlink') continue;
    if (!e.candidate) {
      out.skipped++;
      continue;
    }
    const files = winners.get(e.layer) ?? new Map<string, string[]>();
    winners.set(e.layer, files);
    files.set(e.dataPath, [...(files.get(e.dataPath) ?? []), `/${p}`]);
  }
  for (const [index, files] of [...winners].sort((a, b) => a[0] - b[0])) {
    const { reports } = layers[index];
    const missing = new Set([...files.keys()].filter((d) => !(d in reports)));
    const tooLarge = new Map<string, string>();
    if (missing.size) {
      await readWanted(store, image, index, missing, reports, tooLarge, o);
      dirty.add(index);
    }
    for (const [dataPath, paths] of files) {
      const report = reports[dataPath];
      for (const q of paths) {
        if (tooLarge.has(dataPath)) out.errors.push({ path: q, message: tooLarge.get(dataPath)! });
        else if (!report) out.skipped++;
        else out.binaries.push({ path: q, layer: index, report });
      }
    }
  }
  for (const i of dirty) await o.cache?.put(image.layers[i].digest, layers[i]);
  out.binaries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}
