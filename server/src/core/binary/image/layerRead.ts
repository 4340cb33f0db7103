// Streams one layer blob from a local file: the raw bytes are hashed and
// counted (the blob must match its descriptor's digest and size, or nothing
// read from it counts), decompressed by their magic (tar, gzip through the tar
// parser's own zlib, zstd through fzstd — Node 20 has no zstd), and parsed as
// tar. Damage (a corrupt or cut gzip/zstd stream, a tar that ends inside an
// entry) is an error naming the layer and how far it was read, never a silent
// early end. The raw bytes are decompressed and parsed in small slices
// (LAYER_SLICE), and `between` is awaited after any slice that leaves
// `waiting()` true (and after each chunk), so a found binary is scanned and
// released before the next one is buffered.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Decompress } from 'fzstd';
import { Parser, type ReadEntry } from 'tar';
import { imageWords } from '../../vocabulary/image';
import { LAYER_SLICE } from '../targets/candidateBuffer';
import { ImageSourceError } from './errors';
import type { Descriptor } from './types';

/** Decompressed bytes allowed per compressed byte for zstd (as the tar parser bounds gzip). */
const MAX_RATIO = 1000;

export interface LayerStreamOptions {
  file: string;
  desc: Descriptor;
  /** 0-based index in the manifest (for messages). */
  index: number;
  onEntry(e: ReadEntry): void;
  /** Awaited after each chunk, and after each slice when `waiting` says a finished file waits for its scan. */
  between?: () => Promise<void>;
  waiting?: () => boolean;
  signal?: AbortSignal;
  /** Counts raw chunks read (tests and the progress line). */
  onRead?(bytes: number): void;
}

type Compression = 'tar' | 'gzip' | 'zstd';

function compressionOf(head: Buffer): Compression | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  // An empty tar: nothing but zero blocks.
  if (head.length >= 1024 && head.subarray(0, 1024).every((b) => b === 0)) return 'tar';
  return undefined;
}

export async function streamLayer(o: LayerStreamOptions): Promise<void> {
  const hash = createHash('sha256');
  let read = 0;
  let damage: string | undefined;
  /** Raw bytes read when the damage showed (the rest is hashed, not parsed). */
  let damagedAt: number | undefined;
  let ended = false;
  const parser = new Parser({ strict: false, brotli: false, zstd: false });
  parser.on('entry', (e: ReadEntry) => o.onEntry(e));
  parser.on('warn', (code: string, message: string) => {
    // An empty layer (a tar of zero blocks) is "Unrecognized archive format" to the parser: not damage.
    if (code === 'TAR_BAD_ARCHIVE' && message === 'Unrecognized archive format') return;
    if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ABORT' || code === 'TAR_ENTRY_INVALID') damage ??= message;
  });
  parser.on('error', (e: Error) => {
    damage ??= e.message;
  });
  parser.on('abort', (e: Error) => {
    damage ??= e.message;
  });
  parser.on('end', () => {
    ended = true;
  });
  let compression: Compression | undefined;
  let zstd: Decompress | undefined;
  let inflated = 0;
  const feed = (chunk: Buffer, final: boolean) => {
    if (compression === 'zstd') {
      try {
        zstd!.push(chunk, final);
      } catch (e) {
        damage ??= e instanceof Error ? e.message : String(e);
      }
      if (inflated > MAX_RATIO * read + (1 << 20)) damage ??= imageWords.inflatesTooMuch(MAX_RATIO);
    } else parser.write(chunk);
  };
  const fail = (why: string): never => {
    throw new ImageSourceError(imageWords.damagedLayer(o.index, o.desc.digest, damagedAt ?? read, why));
  };
  for await (const raw of createReadStream(o.file, { highWaterMark: 1 << 20, signal: o.signal })) {
    const chunk = raw as Buffer;
    if (compression === undefined) {
      compression = compressionOf(chunk);
      if (!compression) throw new ImageSourceError(imageWords.unknownCompression(o.index, o.desc.digest));
      if (compression === 'zstd')
        zstd = new Decompress((data) => {
          inflated += data.length;
          if (!damage) parser.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        });
    }
    hash.update(chunk);
    read += chunk.length;
    o.onRead?.(chunk.length);
    if (read > o.desc.size) throw new ImageSourceError(imageWords.sizeMismatch(o.desc.digest, o.desc.size, read));
    // After damage the rest is only hashed: a blob that does not match its digest says so, not "damaged".
    for (let i = 0; i < chunk.length && !damage; i += LAYER_SLICE) {
      feed(chunk.subarray(i, i + LAYER_SLICE), false);
      if (!damage && o.waiting?.()) await o.between?.();
    }
    if (damage) damagedAt ??= read;
    else await o.between?.();
  }
  if (damage && read === o.desc.size && `sha256:${hash.copy().digest('hex')}` === o.desc.digest) fail(damage);
  if (read !== o.desc.size) throw new ImageSourceError(imageWords.sizeMismatch(o.desc.digest, o.desc.size, read));
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== o.desc.digest) throw new ImageSourceError(imageWords.digestMismatch(o.desc.digest, actual));
  if (compression === 'zstd') feed(Buffer.alloc(0), true);
  if (!damage) parser.end();
  await o.between?.();
  if (damage) fail(damage);
  if (!ended) fail(imageWords.endsInsideEntry);
}
