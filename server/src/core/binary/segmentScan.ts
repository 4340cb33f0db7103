// One search of a file's segments for a magic byte string, shared by the three
// readers that find a structure no section or symbol names: the pclntab
// (pclntab.ts), runtime.firstmoduledata (moduledata.ts) and the build info blob
// (buildinfo.ts). Segments are searched in the order given; in each, every
// occurrence that starts at least `room` bytes before the segment's file end
// is offered to `accept`, first to last, until it returns something. Where the
// occurrences come from is the container's business: an indexOf over the
// bytes it holds, or, for a file read by parts (sparseScan.ts), a search of
// the file on disk that loads the bytes around each occurrence.
import type { Container, Segment } from './container';

/** Every occurrence of `pattern` that starts in [from, end) of the file, first to last. */
export type PatternSearch = (pattern: Buffer, from: number, end: number) => Iterable<number>;

/** The search of a file held whole: Buffer.indexOf over its bytes. */
export function memorySearch(bytes: Uint8Array): PatternSearch {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return function* (pattern, from, end) {
    for (let at = buf.indexOf(pattern, from); at >= 0 && at < end; at = buf.indexOf(pattern, at + 1)) yield at;
  };
}

export interface SegmentScanOptions {
  /** The segments to search, in order (default: all, in the container's order). */
  segments?: readonly Segment[];
  /** Bytes an occurrence needs before the segment's file end (default 1: it starts inside). */
  room?: number;
}

/** The first thing `accept` makes of an occurrence of `pattern`, segment by segment; undefined when none. */
export function scanSegments<T>(
  c: Container,
  pattern: Buffer,
  accept: (hit: number, segment: Segment) => T | undefined,
  opts: SegmentScanOptions = {},
): T | undefined {
  const search = c.search ?? memorySearch(c.view.u8);
  const room = opts.room ?? 1;
  for (const s of opts.segments ?? c.segments) {
    for (const hit of search(pattern, s.offset, s.offset + s.filesz - room + 1)) {
      const found = accept(hit, s);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
