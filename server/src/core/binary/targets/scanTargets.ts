// What `scan-binary PATH...` and the editor's "Scan arm64 Binary" scan: a
// file, every Go arm64 executable below a directory, or every one in a
// container image archive's final filesystem. Sniffs first bytes before
// reading anything whole; hands each binary to the core's scanBinary and
// counts what it skipped. Never throws: problems become one-line errors.
import { open, stat } from 'node:fs/promises';
import { scanBinary } from '..';
import { scanFileByParts } from '../sparseScan';
import type { BinaryReport } from '../types';
import { binaryTooLarge } from '../../vocabulary/image';
import { notInImage } from '../../vocabulary/readers';
import { ERRNO_WORDS, scanInputWords as words } from '../../vocabulary/scanInputs';
import { hasGoBuildInfo, isGzipHead, isTarHead, isTruncatedExecutable, SNIFF_BYTES, sniffExecutable } from './sniff';
import { walkFiles } from './walk';
import { imageTargetOf, ImageTargets, type ImageTargetOptions } from './imageTargets';
import { findImageMember, type ImageMember } from './imageMember';

/** Larger files are not read (no Go binary comes near it). */
export const MAX_BINARY_BYTES = 1 << 30;

export interface TargetScanOptions {
  /** Also report non-preemptible split pairs. */
  all?: boolean;
  maxBinaryBytes?: number;
  /** Called as each binary is done (progress). */
  onReport?(r: BinaryReport): void;
  /** Registry/OCI options shared by the image sources among the paths. */
  images?: ImageTargetOptions;
}

export interface TargetScanResult {
  binaries: BinaryReport[];
  /** Files in directories and images that are not Go arm64 executables. */
  skipped: number;
  /** Problems with a PATH as a whole (unreadable directory, broken image archive, nothing to scan). */
  errors: string[];
}

const why = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? (ERRNO_WORDS[code] ?? code) : e instanceof Error ? e.message : String(e);
};

async function readHead(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Files above this are read in parallel parts (the copy out of the page cache then uses every core). */
const PART_BYTES = 8 << 20;
const MAX_PARTS = 4;

/**
 * The whole file in a few large reads issued at once: readFile's 512 KiB steps cost a
 * thread-pool hop each, and one 58 MB read is one core copying (55 ms here, 33 ms in 4 parts).
 */
async function readWhole(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.allocUnsafe(size);
    const parts = Math.max(1, Math.min(MAX_PARTS, Math.floor(size / PART_BYTES)));
    const step = Math.ceil(size / parts / 4096) * 4096;
    const readRange = async (from: number, to: number): Promise<number> => {
      let off = from;
      while (off < to) {
        const { bytesRead } = await fh.read(buf, off, to - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return off;
    };
    const ends = await Promise.all(
      Array.from({ length: parts }, (_, i) => readRange(Math.min(size, i * step), Math.min(size, (i + 1) * step))),
    );
    // A file that shrank while read ends at the first part that came up short.
    const short = ends.findIndex((end, i) => end < Math.min(size, (i + 1) * step));
    return short < 0 ? buf : buf.subarray(0, ends[short]);
  } finally {
    await fh.close();
  }
}

function failed(path: string, message: string): BinaryReport {
  return { path, format: null, goVersion: null, buildInfo: null, findings: [], errors: [message], functions: 0 };
}

/** Scans the one binary an `archive[image]:/path` input names, under that same label. */
async function scanImageMember(
  member: ImageMember,
  label: string,
  ctx: { maxBinaryBytes: number; scan(bytes: Uint8Array, label: string): Promise<void>; add(r: BinaryReport): void; errors: string[] },
): Promise<void> {
  try {
    const { readImageArchive } = await import('./imageArchive.js');
    const r = await readImageArchive(member.archive, {
      maxBinaryBytes: ctx.maxBinaryBytes,
      select: member,
      onBinary: (b) => ctx.scan(b.bytes, label),
      onError: (_, m) => ctx.add(failed(label, m)),
    });
    if (r.error) ctx.errors.push(`${member.archive}: ${r.error}`);
    else if (!r.selected) ctx.add(failed(label, notInImage(member.path)));
  } catch (e) {
    ctx.add(failed(label, words.cannotRead(why(e))));
  }
}

export async function scanTargets(paths: string[], opts: TargetScanOptions = {}): Promise<TargetScanResult> {
  const max = opts.maxBinaryBytes ?? MAX_BINARY_BYTES;
  const out: TargetScanResult = { binaries: [], skipped: 0, errors: [] };
  const add = (r: BinaryReport) => {
    out.binaries.push(r);
    opts.onReport?.(r);
  };
  const scan = async (bytes: Uint8Array, label: string, linkedFrom?: string) =>
    add({ ...(await scanBinary(bytes, label, { all: opts.all })), ...(linkedFrom ? { linkedFrom } : {}) });
  const tooLarge = (size: number) => binaryTooLarge(size, max);

  const images = new ImageTargets(opts.images ?? {});
  try {
    for (const arg of paths) await scanOne(arg);
  } finally {
    await images.close();
  }
  return out;

  async function scanOne(arg: string): Promise<void> {
    let target = arg;
    const image = await imageTargetOf(arg);
    if (image && 'error' in image) return void out.errors.push(image.error);
    if (image && 'source' in image) {
      const before = out.binaries.length;
      const r = await images.scan(image.source, max, (bytes) => scanBinary(bytes, '', { all: opts.all }));
      r.binaries.forEach(add);
      out.skipped += r.skipped;
      out.errors.push(...r.errors);
      if (!r.errors.length && out.binaries.length === before) out.errors.push(words.noBinaryInImage(arg, r.skipped));
      return;
    }
    if (image && 'archive' in image) target = image.archive;
    let st;
    try {
      st = await stat(target);
    } catch (e) {
      // A path the output prints for a binary inside an image (`image.tar:/usr/bin/app`) reads that binary back.
      const member = await findImageMember(target);
      if (member) await scanImageMember(member, target, { maxBinaryBytes: max, scan, add, errors: out.errors });
      else add(failed(target, words.cannotRead(why(e))));
      return;
    }
    if (st.isDirectory()) {
      const before = out.binaries.length;
      let skippedHere = 0;
      for await (const f of walkFiles(target, (m) => out.errors.push(m))) {
        try {
          const head = await readHead(f.path);
          if (sniffExecutable(head) !== 'arm64') {
            skippedHere++;
            continue;
          }
          if (f.size > max) {
            add(failed(f.path, tooLarge(f.size)));
            continue;
          }
          const byParts = scanFileByParts(f.path, { all: opts.all });
          if (byParts) {
            add({ ...byParts, ...(f.linkedFrom ? { linkedFrom: f.linkedFrom } : {}) });
            continue;
          }
          const bytes = await readWhole(f.path);
          if (!hasGoBuildInfo(bytes) && !isTruncatedExecutable(bytes)) {
            skippedHere++;
            continue;
          }
          await scan(bytes, f.path, f.linkedFrom);
        } catch (e) {
          add(failed(f.path, words.cannotRead(why(e))));
        }
      }
      out.skipped += skippedHere;
      if (out.binaries.length === before) out.errors.push(words.noBinaryInDirectory(target, skippedHere));
      return;
    }
    if (!st.isFile()) {
      add(failed(target, words.notScannable));
      return;
    }
    try {
      const head = await readHead(target);
      if (isTarHead(head) || isGzipHead(head)) {
        const before = out.binaries.length;
        // Loaded only for an archive: the tar reader (and zlib) is most of what a binary scan would load.
        const { readImageArchive } = await import('./imageArchive.js');
        const r = await readImageArchive(target, {
          maxBinaryBytes: max,
          onBinary: (b) => scan(b.bytes, `${target}${b.image ? `[${b.image}]` : ''}:${b.path}`),
          onError: (inImage, m) => add(failed(`${target}:${inImage}`, m)),
        });
        out.skipped += r.skipped;
        if (r.error) out.errors.push(`${target}: ${r.error}`);
        else if (out.binaries.length === before) out.errors.push(words.noBinaryInImage(target, r.skipped));
        return;
      }
      if (st.size > max) {
        add(failed(target, tooLarge(st.size)));
        return;
      }
      add(scanFileByParts(target, { all: opts.all }) ?? (await scanBinary(await readWhole(target), target, { all: opts.all })));
    } catch (e) {
      const msg = e instanceof Error && !(e as NodeJS.ErrnoException).code ? e.message : why(e);
      add(failed(target, words.cannotRead(msg)));
    }
  }
}
