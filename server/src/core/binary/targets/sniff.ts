// Cheap looks at the first bytes of a file: is it an arm64 executable (ELF,
// Mach-O, fat Mach-O with an arm64 slice), an executable for another machine,
// a tar archive, gzip data; and, once a candidate is read whole, does it carry
// Go's build-info blob, or is it cut short. Lets the directory walk and the image reader skip
// everything else without reading it fully.
import { BinaryFormatError, TruncatedError } from '../bytes';
import { openContainer } from '../container';

/** How many leading bytes sniffExecutable wants (a fat header with up to 24 slices). */
export const SNIFF_BYTES = 512;

export type ExecutableKind = 'arm64' | 'other-arch' | 'not-executable';

const EM_AARCH64 = 0xb7;
const CPU_TYPE_ARM64 = 0x0100000c;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;

/** Classifies a file by its first bytes (pass at least SNIFF_BYTES when the file has them). */
export function sniffExecutable(head: Uint8Array): ExecutableKind {
  if (head.length < 20) return 'not-executable';
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
    const littleEndian = head[5] === 1;
    const type = dv.getUint16(16, littleEndian);
    if (type !== 2 && type !== 3) return 'not-executable'; // relocatable objects, core dumps
    return head[4] === 2 && littleEndian && dv.getUint16(18, true) === EM_AARCH64 ? 'arm64' : 'other-arch';
  }
  const magicLe = dv.getUint32(0, true);
  if (magicLe === MH_MAGIC_64 || magicLe === 0xfeedface) {
    if (dv.getUint32(12, true) !== 2) return 'not-executable'; // MH_EXECUTE only
    return magicLe === MH_MAGIC_64 && dv.getUint32(4, true) === CPU_TYPE_ARM64 ? 'arm64' : 'other-arch';
  }
  if (dv.getUint32(0, false) === FAT_MAGIC) {
    // Java class files share the magic; their next word (a version) is >= 45, a fat header's slice count is small.
    const n = dv.getUint32(4, false);
    if (n === 0 || n > 24) return 'not-executable';
    for (let i = 0; i < n && 8 + i * 20 + 4 <= head.length; i++) {
      if (dv.getUint32(8 + i * 20, false) === CPU_TYPE_ARM64) return 'arm64';
    }
    return 'other-arch';
  }
  return 'not-executable';
}

/** A POSIX/GNU tar header block: `ustar` at offset 257. */
export function isTarHead(head: Uint8Array): boolean {
  return head.length >= 262 && head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72;
}

export function isGzipHead(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/** Every Go binary since go1.13 carries this blob; a fast indexOf tells Go from C. */
export function hasGoBuildInfo(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(BUILDINFO_MAGIC) >= 0;
}

/**
 * Is this executable shorter than its own headers say? A cut Go binary may
 * have lost its build-info blob: it must be reported as truncated, not
 * skipped as "not a Go executable".
 */
export function isTruncatedExecutable(bytes: Uint8Array): boolean {
  try {
    openContainer(bytes);
    return false;
  } catch (e) {
    if (e instanceof TruncatedError) return true;
    if (e instanceof BinaryFormatError) return false;
    throw e;
  }
}
