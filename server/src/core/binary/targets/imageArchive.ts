// Reads a container image archive (`docker save` output, or an OCI image
// layout tarball, layers plain or gzip'd) and hands every Go arm64 executable
// of the image's final filesystem to a callback, with its path in the image.
// Two streaming passes over the archive with the `tar` package's parser (no
// temp files, no whole layers in memory): the first records each layer's
// entry list, sniffs the first bytes of each file and keeps the small JSON
// documents (manifests); after layers.ts has merged the layers, the second
// pass reads just the winning candidate files, one at a time (each scanned and
// released before the next is buffered: candidateBuffer.ts). Damage is
// reported, never silent: an archive cut short, a layer shorter than its
// descriptor, a compressed layer that stops decompressing (named, with how
// far it was read). Metadata is bounded: JSON documents by name and total
// size, tar meta entries (PAX, GNU long names) and path lengths.
import { createReadStream } from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import { imagesOf, type ImageLayers } from './imageManifest';
import { type LayerEntry, mergeLayers, normalizeLayerPath } from './layers';
import { entryType, MAX_LAYER_PATH, recordLayerEntry } from './layerEntry';
import { hasGoBuildInfo, isTruncatedExecutable } from './sniff';
import { CandidateBuffers, LAYER_SLICE } from './candidateBuffer';
import { damagedLayer, TRUNCATED_ARCHIVE, truncatedLayer } from '../../vocabulary/readers';
import { binaryTooLarge, imageWords } from '../../vocabulary/image';

const MAX_JSON_DOC = 4 << 20;
/** All JSON documents kept together (manifests, indexes, configs). */
const MAX_JSON_TOTAL = 64 << 20;
/** PAX headers and GNU long names larger than this are ignored by the tar parser. */
const MAX_META_ENTRY = 64 << 10;
/** Longer paths are no real file's (PATH_MAX): such entries are not recorded. */
const MAX_PATH = MAX_LAYER_PATH;
const PARSER_OPTIONS = { strict: false, brotli: false, zstd: false, maxMetaEntrySize: MAX_META_ENTRY } as const;

/** The archive paths JSON documents are kept for (docker save manifest, OCI index and blobs). */
const isDocumentPath = (p: string): boolean =>
  p === 'manifest.json' || p === 'index.json' || /^blobs\/[^/]+\/[^/]+$/.test(p) || /\.json$/.test(p);

class ArchiveTruncated extends Error {}

export interface ImageBinary {
  /** Image name when the archive holds several images, else ''. */
  image: string;
  /** Absolute path inside the image (`/usr/bin/app`). */
  path: string;
  bytes: Uint8Array;
}

export interface ImageArchiveOptions {
  /** Files larger than this are reported, not read. */
  maxBinaryBytes: number;
  onBinary(b: ImageBinary): Promise<void>;
  /** A candidate that could not be read (too large). */
  onError(path: string, message: string): void;
  /** Read only this binary (an `archive[image]:/path` input). */
  select?: { image: string; path: string };
  /** Hears the bytes of candidate files held at once, whenever it changes (tests assert the bound). */
  onHeld?(bytes: number): void;
}

export interface ImageArchiveResult {
  /** Regular files of the final filesystems that are not Go arm64 executables. */
  skipped: number;
  /** Set when the archive is not a readable image: one line. */
  error?: string;
  /** With `select`: whether the selected path is an arm64 executable of the final filesystem. */
  selected?: boolean;
}

/** Feeds the archive to `parser` chunk by chunk, awaiting `gate` (pending scans) between chunks. */
async function pump(file: string, parser: Parser, gate: () => Promise<void>): Promise<void> {
  let failure: Error | undefined;
  let done = false;
  parser.on('error', (e: Error) => {
    failure ??= e;
  });
  parser.on('end', () => {
    done = true;
  });
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    // Every entry downstream is consumed synchronously, so the parser never needs to wait.
    parser.write(chunk as Buffer);
    await gate();
    if (failure) throw failure;
  }
  parser.end();
  await gate();
  if (failure) throw failure;
  // The parser ends synchronously within end() unless it failed.
  if (!done) throw new ArchiveTruncated(TRUNCATED_ARCHIVE);
}

/** What went wrong inside one layer blob: its compressed stream or its tar stopped early. */
interface LayerDamage {
  layer: string;
  readBytes: number;
  why: string;
}

/** A layer blob's tar parser, fed by its caller slice by slice. */
interface LayerFeed {
  write(slice: Buffer): void;
  end(): void;
  readonly failed: boolean;
}

/**
 * The parser of one layer blob (outer entry `outerPath`): calls `onLayerEntry` for each of its entries
 * (gzip is detected by the parser). `onDamage` hears when a layer that did hold entries stops
 * decompressing or parsing (the entries so far stand).
 */
function layerFeed(outerPath: string, onLayerEntry: (e: ReadEntry) => void, onDamage?: (d: LayerDamage) => void): LayerFeed {
  // Layers are tar or gzip'd tar (no brotli/zstd guessing: a JSON blob must read as "no entries").
  const inner = new Parser(PARSER_OPTIONS);
  let failed = false,
    entries = 0,
    read = 0;
  let gzip: boolean | undefined;
  const layer = normalizeLayerPath(outerPath) ?? outerPath;
  const damaged = (why: string) => {
    if (failed) return;
    failed = true;
    onDamage?.({ layer, readBytes: read, why });
  };
  inner.on('entry', (e: ReadEntry) => {
    entries++;
    onLayerEntry(e);
  });
  // Not a tar at all (a JSON blob): no entries, no damage. A tar that turns invalid after entries: damage.
  inner.on('warn', (code: string, message: string) => {
    if (entries > 0 && code === 'TAR_ENTRY_INVALID') damaged(message);
  });
  inner.on('error', (e: Error) => {
    if (entries > 0 || gzip) damaged(e.message);
    failed = true;
  });
  return {
    get failed() {
      return failed;
    },
    write(slice: Buffer) {
      if (failed) return;
      gzip ??= slice.length >= 2 && slice[0] === 0x1f && slice[1] === 0x8b;
      read += slice.length;
      inner.write(slice);
    },
    end() {
      if (!failed) inner.end();
    },
  };
}

/** Streams an outer entry through `layerFeed` synchronously (the first pass holds no file's bytes). */
function parseLayer(
  outer: ReadEntry,
  onLayerEntry: (e: ReadEntry) => void,
  onData?: (c: Buffer) => void,
  onDamage?: (d: LayerDamage) => void,
): void {
  const feed = layerFeed(outer.path, onLayerEntry, onDamage);
  outer.on('data', (c: Buffer) => {
    onData?.(c);
    // In slices: zlib drops a whole write's output when it fails inside it, so damage costs at most one slice.
    for (let i = 0; i < c.length && !feed.failed; i += LAYER_SLICE) feed.write(c.subarray(i, i + LAYER_SLICE));
  });
  outer.on('end', () => feed.end());
}

interface Survey {
  docs: Map<string, string>;
  layers: Map<string, LayerEntry[]>;
  /** Bytes each outer entry delivered (to compare with the descriptors' sizes). */
  received: Map<string, number>;
  damage: LayerDamage[];
  /** The archive stops in the middle of an entry. */
  truncated: boolean;
}

async function survey(file: string): Promise<Survey> {
  const docs = new Map<string, string>();
  const layers = new Map<string, LayerEntry[]>();
  const received = new Map<string, number>();
  const declared = new Map<string, number>();
  const damage: LayerDamage[] = [];
  let docBytes = 0;
  const outer = new Parser(PARSER_OPTIONS);
  outer.on('warn', () => undefined);
  outer.on('entry', (o: ReadEntry) => {
    const outerPath = normalizeLayerPath(o.path);
    if (!outerPath || entryType(o) !== 'file' || outerPath.length > MAX_PATH) return void o.resume();
    let doc: Buffer[] | undefined = (o.size ?? 0) <= MAX_JSON_DOC && isDocumentPath(outerPath) ? [] : undefined;
    const entries: LayerEntry[] = [];
    layers.set(outerPath, entries);
    received.set(outerPath, 0);
    declared.set(outerPath, o.size ?? 0);
    parseLayer(
      o,
      (e) => recordLayerEntry(e, entries),
      (c) => {
        received.set(outerPath, (received.get(outerPath) ?? 0) + c.length);
        if (!doc) return;
        // Only JSON (a brace or bracket first), and no more than MAX_JSON_TOTAL of it in all.
        if ((doc.length === 0 && c[0] !== 0x7b && c[0] !== 0x5b) || docBytes + c.length > MAX_JSON_TOTAL) {
          doc = undefined;
          return;
        }
        docBytes += c.length;
        doc.push(c);
      },
      (d) => damage.push(d),
    );
    o.on('end', () => {
      if (doc && doc.length) docs.set(outerPath, Buffer.concat(doc).toString('utf8'));
    });
  });
  let truncated = false;
  try {
    await pump(file, outer, async () => undefined);
  } catch (e) {
    if (!(e instanceof ArchiveTruncated)) throw e;
    truncated = true;
  }
  // An entry that delivered less than its own tar header says: the archive was cut inside it.
  for (const [k, size] of declared) if ((received.get(k) ?? 0) < size) truncated = true;
  for (const [k, v] of layers) if (!v.length) layers.delete(k);
  return { docs, layers, received, damage, truncated };
}

/** One layer blob's files to read: data path -> where they appear in the images. */
type Wanted = Map<string, Map<string, { image: string; paths: string[] }[]>>;

export async function readImageArchive(file: string, opts: ImageArchiveOptions): Promise<ImageArchiveResult> {
  const { docs, layers, received, damage, truncated } = await survey(file);
  if (truncated) return { skipped: 0, error: TRUNCATED_ARCHIVE };
  const found = imagesOf(docs);
  if ('error' in found) {
    // docker save writes manifest.json last: layers without it are an archive cut short.
    if (!docs.has('manifest.json') && !docs.has('index.json') && layers.size > 0) return { skipped: 0, error: TRUNCATED_ARCHIVE };
    return { skipped: 0, error: found.error };
  }
  let skipped = 0;
  const problems: string[] = [];
  const wanted: Wanted = new Map();
  for (const img of found.images as ImageLayers[]) {
    const short = img.layers.findIndex((l, i) => {
      const want = img.sizes?.[i];
      const got = received.get(normalizeLayerPath(l) ?? '');
      return want !== undefined && got !== undefined && got < want;
    });
    if (short >= 0)
      problems.push(
        truncatedLayer(img.layers[short], img.sizes?.[short] ?? 0, received.get(normalizeLayerPath(img.layers[short]) ?? '') ?? 0),
      );
    const missing = img.layers.filter((l) => !layers.has(normalizeLayerPath(l) ?? ''));
    if (missing.length)
      return {
        skipped: 0,
        error: problems.length ? problems.join('; ') : imageWords.archiveLayerMissing(missing[0]),
      };
    const fs = mergeLayers(img.layers.map((l) => layers.get(normalizeLayerPath(l) ?? '') ?? []));
    const sel = opts.select;
    if (sel && sel.image && sel.image !== img.name && found.images.length > 1) continue;
    for (const [p, e] of fs) {
      if (e.type !== 'file' && e.type !== 'hardlink') continue;
      if (sel && `/${p}` !== sel.path) continue;
      if (!e.candidate) {
        skipped++;
        continue;
      }
      const blob = normalizeLayerPath(img.layers[e.layer]) ?? '';
      const files = wanted.get(blob) ?? new Map<string, { image: string; paths: string[] }[]>();
      wanted.set(blob, files);
      const wants = files.get(e.dataPath) ?? [];
      files.set(e.dataPath, wants);
      const w = wants.find((x) => x.image === img.name) ?? { image: img.name, paths: [] };
      if (!wants.includes(w)) wants.push(w);
      w.paths.push(`/${p}`);
    }
  }
  for (const d of damage) problems.push(damagedLayer(d.layer, d.readBytes, d.why));
  const error = problems.length ? problems.join('; ') : undefined;
  const selected = opts.select ? wanted.size > 0 : undefined;
  if (wanted.size === 0) return { skipped, error, selected };
  // Pass 2: the outer parser queues the wanted layers' bytes; `gate` feeds them to their layer parsers
  // slice by slice and lets each finished candidate be scanned (and released) before the next slice.
  const buffers = new CandidateBuffers(opts.onHeld);
  const queue: { feed: LayerFeed; chunk?: Buffer }[] = [];
  const gate = async () => {
    while (queue.length) {
      const { feed, chunk } = queue.shift()!;
      if (!chunk) feed.end();
      else
        for (let i = 0; i < chunk.length && !feed.failed; i += LAYER_SLICE) {
          feed.write(chunk.subarray(i, i + LAYER_SLICE));
          if (buffers.waiting) await buffers.drain();
        }
      await buffers.drain();
    }
  };
  const outer = new Parser(PARSER_OPTIONS);
  outer.on('warn', () => undefined);
  outer.on('entry', (o: ReadEntry) => {
    const files = wanted.get(normalizeLayerPath(o.path) ?? '');
    if (!files) return void o.resume();
    const feed = layerFeed(o.path, (e) => {
      const targets = files.get(normalizeLayerPath(e.path) ?? '') ?? [];
      if (!targets.length || entryType(e) !== 'file') return void e.resume();
      if ((e.size ?? 0) > opts.maxBinaryBytes) {
        for (const t of targets) for (const q of t.paths) opts.onError(q, binaryTooLarge(e.size ?? 0, opts.maxBinaryBytes));
        return void e.resume();
      }
      buffers.collect(e, e.size ?? 0, async (bytes) => {
        for (const t of targets) {
          if (!hasGoBuildInfo(bytes) && !isTruncatedExecutable(bytes)) {
            skipped += t.paths.length;
            continue;
          }
          for (const q of t.paths) await opts.onBinary({ image: t.image, path: q, bytes });
        }
      });
    });
    o.on('data', (c: Buffer) => queue.push({ feed, chunk: c }));
    o.on('end', () => queue.push({ feed }));
  });
  await pump(file, outer, gate);
  return { skipped, error, selected };
}
