// Cheap looks at the first bytes of a file: is it an arm64 executable (ELF,
// Mach-O, fat Mach-O with an arm64 slice), an executable for another machine,
// a tar archive, gzip data; and, once a candidate is read whole, does it carry
// Go's build-info blob, or is it cut short. Lets the directory walk and the image reader skip
// everything else without reading it fully. The magics, limits and header fields are the
// container readers' own (elf.ts, macho.ts), so a file sniffed as arm64 is one they open.
import { BinaryFormatError, ByteView, TruncatedError } from '../bytes';
import { openContainer } from '../container';
import { EM_AARCH64, ELF_MAGIC, elfIdent } from '../elf';
import { CPU_ARM64, fatEntry, fatHeader, FAT_MAGIC, FAT_MAGIC_64, MAX_FAT_ARCHS, MH_EXECUTE, MH_MAGIC, MH_MAGIC_64 } from '../macho';

/** How many leading bytes sniffExecutable wants (a fat header listing as many slices as the reader takes). */
export const SNIFF_BYTES = 8 + MAX_FAT_ARCHS * 32;

export type ExecutableKind = 'arm64' | 'other-arch' | 'not-executable';

/** Classifies a file by its first bytes (pass at least SNIFF_BYTES when the file has them), with the container readers' checks. */
export function sniffExecutable(head: Uint8Array): ExecutableKind {
  if (head.length < 20) return 'not-executable';
  const v = new ByteView(head);
  const magic = v.u32be(0);
  if (magic === ELF_MAGIC) {
    const id = elfIdent(v);
    if (!id.executable) return 'not-executable'; // relocatable objects, core dumps
    return id.wide && id.littleEndian && id.machine === EM_AARCH64 ? 'arm64' : 'other-arch';
  }
  const magicLe = v.u32(0);
  if (magicLe === MH_MAGIC_64 || magicLe === MH_MAGIC) {
    if (v.u32(12) !== MH_EXECUTE) return 'not-executable';
    return magicLe === MH_MAGIC_64 && v.u32(4) === CPU_ARM64 ? 'arm64' : 'other-arch';
  }
  if (magic === FAT_MAGIC || magic === FAT_MAGIC_64) {
    const fat = fatHeader(v);
    if (!fat) return 'not-executable'; // a Java class file
    for (let i = 0; i < fat.count && v.has(fatEntry(fat, i), 4); i++) if (v.u32be(fatEntry(fat, i)) === CPU_ARM64) return 'arm64';
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

export { hasGoBuildInfo } from '../buildinfo';

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
