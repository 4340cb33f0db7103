// Bounds-checked little-endian reads over a binary file held in memory, and
// Go's uvarint. Every read past the end throws TruncatedError (a
// BinaryFormatError: the input is at fault), which the reader's API turns
// into a one-line "truncated: ..." reason; other exceptions are bugs. Hand-written on
// DataView: the reads are few and simple, and no npm reader handles Go's
// formats (see elf.ts for why no container library is used either).

import { fileParts } from '../vocabulary/binaryFile';
import { truncatedInput } from '../vocabulary/readers';

/** The input is malformed (a reader's one-line reason); anything else thrown is a bug in the reader. */
export class BinaryFormatError extends Error {
  override name = 'BinaryFormatError';
}

/** The input is shorter than its own headers or tables say. */
export class TruncatedError extends BinaryFormatError {
  override name = 'TruncatedError';
  constructor(
    readonly what: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(truncatedInput(what, expected, actual));
  }
}

export class ByteView {
  readonly dv: DataView;
  readonly length: number;

  constructor(readonly u8: Uint8Array) {
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    this.length = u8.byteLength;
  }

  has(off: number, n: number): boolean {
    return off >= 0 && n >= 0 && off + n <= this.length;
  }

  need(off: number, n: number, what: string): void {
    if (!this.has(off, n))
      throw new TruncatedError(fileParts.atFileOffset(what, Math.max(0, off)), Math.max(0, off) + Math.max(0, n), this.length);
  }

  u8at(off: number): number {
    this.need(off, 1, 'byte');
    return this.u8[off];
  }
  u16(off: number): number {
    this.need(off, 2, 'u16');
    return this.dv.getUint16(off, true);
  }
  u32(off: number): number {
    this.need(off, 4, 'u32');
    return this.dv.getUint32(off, true);
  }
  i32(off: number): number {
    this.need(off, 4, 'i32');
    return this.dv.getInt32(off, true);
  }
  u32be(off: number): number {
    this.need(off, 4, 'u32');
    return this.dv.getUint32(off, false);
  }
  /** u64 as a number; values above 2^53 lose precision (addresses and sizes never get there). */
  u64(off: number): number {
    this.need(off, 8, 'u64');
    return this.dv.getUint32(off, true) + this.dv.getUint32(off + 4, true) * 0x100000000;
  }
  u64be(off: number): number {
    this.need(off, 8, 'u64');
    return this.dv.getUint32(off + 4, false) + this.dv.getUint32(off, false) * 0x100000000;
  }

  /** NUL-terminated string (at most `max` bytes; unterminated strings end at the limit or the file's end). */
  cstr(off: number, max = 4096): string {
    if (off < 0 || off >= this.length) return '';
    const limit = Math.min(this.length, off + max);
    let end = off;
    while (end < limit && this.u8[end] !== 0) end++;
    return latin1OrUtf8(this.u8.subarray(off, end));
  }

  /** Fixed-size name field (Mach-O segname/sectname: 16 bytes, not always NUL-terminated). */
  fixedName(off: number, size: number): string {
    this.need(off, size, 'name');
    let end = off;
    while (end < off + size && this.u8[end] !== 0) end++;
    return latin1OrUtf8(this.u8.subarray(off, end));
  }

  /** Does the NUL-terminated string at off equal `name` (compared on bytes, no decoding)? */
  cstrEquals(off: number, name: Uint8Array): boolean {
    if (off < 0 || off + name.length >= this.length) return false;
    for (let i = 0; i < name.length; i++) if (this.u8[off + i] !== name[i]) return false;
    return this.u8[off + name.length] === 0;
  }
}

const decoder = new TextDecoder('utf-8');
function latin1OrUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/**
 * Go's uvarint (LEB128). Writes the value into out[0] and returns the next
 * offset, or -1 when the varint runs past `limit` or is longer than 10 bytes.
 * Uses multiplication, not shifts: JS shifts wrap at 32 bits.
 */
export function readUvarint(u8: Uint8Array, off: number, limit: number, out: number[]): number {
  let value = 0,
    scale = 1;
  for (let i = 0; i < 10; i++) {
    if (off >= limit) return -1;
    const b = u8[off++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      out[0] = value;
      return off;
    }
    scale *= 128;
  }
  return -1;
}
