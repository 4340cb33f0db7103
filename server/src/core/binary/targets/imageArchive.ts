// Reads a container image archive (`docker save` output, or an OCI image
// layout tarball, layers plain or gzip'd) and hands every Go arm64 executable
// of the image's final filesystem to a callback, with its path in the image.
// Two streaming passes over the archive with the `tar` package's parser (no
// temp files, no whole layers in memory): the first records each layer's
// entry list, sniffs the first bytes of each file and keeps the small JSON
// documents (manifests); after layers.ts has merged the layers, the second
// pass reads just the winning candidate files, one at a time.
import { createReadStream } from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import { imagesOf, type ImageLayers } from './imageManifest';
import { type LayerEntry, type LayerEntryType, mergeLayers, normalizeLayerPath } from './layers';
import { hasGoBuildInfo, isTruncatedExecutable, SNIFF_BYTES, sniffExecutable } from './sniff';

const MAX_JSON_DOC = 4 << 20;

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
}

export interface ImageArchiveResult {
  /** Regular files of the final filesystems that are not Go arm64 executables. */
  skipped: number;
  /** Set when the archive is not a readable image: one line. */
  error?: string;
}

function entryType(e: ReadEntry): LayerEntryType {
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
  if (!done) throw new Error('the archive ends in the middle of an entry (truncated?)');
}

/** Calls `onLayerEntry` for each entry of a layer blob streamed through `outer` (gzip is detected by the parser). */
function parseLayer(outer: ReadEntry, onLayerEntry: (e: ReadEntry) => void, onData?: (c: Buffer) => void): void {
  // Layers are tar or gzip'd tar (no brotli/zstd guessing: a JSON blob must read as "no entries").
  const inner = new Parser({ strict: false, brotli: false, zstd: false });
  let failed = false;
  inner.on('entry', (e: ReadEntry) => onLayerEntry(e));
  inner.on('warn', () => undefined); // not a tar (a JSON blob): no entries
  inner.on('error', () => {
    failed = true;
  }); // corrupt gzip: the entries so far stand
  outer.on('data', (c: Buffer) => {
    onData?.(c);
    if (!failed) inner.write(c);
  });
  outer.on('end', () => inner.end());
}

interface Survey {
  docs: Map<string, string>;
  layers: Map<string, LayerEntry[]>;
}

async function survey(file: string): Promise<Survey> {
  const docs = new Map<string, string>();
  const layers = new Map<string, LayerEntry[]>();
  const outer = new Parser({ strict: false, brotli: false, zstd: false });
  outer.on('warn', () => undefined);
  outer.on('entry', (o: ReadEntry) => {
    const outerPath = normalizeLayerPath(o.path);
    if (!outerPath || entryType(o) !== 'file') return void o.resume();
    const doc: Buffer[] | undefined = (o.size ?? 0) <= MAX_JSON_DOC ? [] : undefined;
    const entries: LayerEntry[] = [];
    layers.set(outerPath, entries);
    parseLayer(
      o,
      (e) => {
        const p = normalizeLayerPath(e.path);
        const type = entryType(e);
        if (!p || type !== 'file') {
          if (p)
            entries.push({ path: p, type, size: 0, candidate: false, linkTarget: e.linkpath ? normalizeLayerPath(e.linkpath) : undefined });
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
      },
      doc ? (c) => doc.push(c) : undefined,
    );
    o.on('end', () => {
      if (doc && doc.length && (doc[0][0] === 0x7b || doc[0][0] === 0x5b)) docs.set(outerPath, Buffer.concat(doc).toString('utf8'));
    });
  });
  await pump(file, outer, async () => undefined);
  for (const [k, v] of layers) if (!v.length) layers.delete(k);
  return { docs, layers };
}

/** One layer blob's files to read: data path -> where they appear in the images. */
type Wanted = Map<string, Map<string, { image: string; paths: string[] }[]>>;

export async function readImageArchive(file: string, opts: ImageArchiveOptions): Promise<ImageArchiveResult> {
  const { docs, layers } = await survey(file);
  const found = imagesOf(docs);
  if ('error' in found) return { skipped: 0, error: found.error };
  let skipped = 0;
  const wanted: Wanted = new Map();
  for (const img of found.images as ImageLayers[]) {
    const missing = img.layers.filter((l) => !layers.has(normalizeLayerPath(l) ?? ''));
    if (missing.length)
      return { skipped: 0, error: `image archive is incomplete: layer ${missing[0]} is missing or not a tar (truncated download?)` };
    const fs = mergeLayers(img.layers.map((l) => layers.get(normalizeLayerPath(l) ?? '') ?? []));
    for (const [p, e] of fs) {
      if (e.type !== 'file' && e.type !== 'hardlink') continue;
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
  if (wanted.size === 0) return { skipped };
  const pending: Promise<void>[] = [];
  const gate = async () => {
    while (pending.length) await pending.shift();
  };
  const outer = new Parser({ strict: false, brotli: false, zstd: false });
  outer.on('warn', () => undefined);
  outer.on('entry', (o: ReadEntry) => {
    const files = wanted.get(normalizeLayerPath(o.path) ?? '');
    if (!files) return void o.resume();
    parseLayer(o, (e) => {
      const targets = files.get(normalizeLayerPath(e.path) ?? '') ?? [];
      if (!targets.length || entryType(e) !== 'file') return void e.resume();
      if ((e.size ?? 0) > opts.maxBinaryBytes) {
        for (const t of targets)
          for (const q of t.paths)
            opts.onError(
              q,
              `${((e.size ?? 0) / 1e6).toFixed(0)} MB, larger than the ${(opts.maxBinaryBytes / 1e6).toFixed(0)} MB limit for a Go binary: not read`,
            );
        return void e.resume();
      }
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => {
        const bytes = Buffer.concat(chunks);
        chunks.length = 0;
        pending.push(
          (async () => {
            for (const t of targets) {
              if (!hasGoBuildInfo(bytes) && !isTruncatedExecutable(bytes)) {
                skipped += t.paths.length;
                continue;
              }
              for (const q of t.paths) await opts.onBinary({ image: t.image, path: q, bytes });
            }
          })(),
        );
      });
    });
  });
  await pump(file, outer, gate);
  return { skipped };
}
