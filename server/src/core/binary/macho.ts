// Mach-O 64 little-endian reader (LC_SEGMENT_64 with their sections, and a
// lazy LC_SYMTAB lookup) and the fat/universal wrapper (big-endian header,
// arm64 slice). Hand-written for the same reasons as elf.ts: the npm readers
// (macho, fatmacho) are untyped and carry a magic-check precedence bug.
// The file must hold the load commands and every segment's and the symbol
// table's bytes: a shorter file is a TruncatedError, never a smaller binary.
import type { ByteView } from './bytes';
import { BinaryFormatError, TruncatedError, utf8 } from './bytes';
import type { Container, ForeignBinary, Section, Segment } from './container';
import { binaryFileWords, fileParts } from '../vocabulary/binaryFile';

const CPU_ARM64 = 0x0100000c;
const CPUS: Record<number, string> = { 7: '386', 0x01000007: 'amd64', 12: 'arm', 18: 'ppc', 0x01000012: 'ppc64' };
const LC_SEGMENT_64 = 0x19,
  LC_SYMTAB = 0x2;
const MAX_COMMANDS = 65536;

export function parseMachO(v: ByteView): Container | ForeignBinary {
  v.need(0, 32, fileParts.machOHeader);
  const cpu = v.u32(4);
  if (cpu !== CPU_ARM64) return { foreign: 'Mach-O', arch: CPUS[cpu] ?? `cputype 0x${cpu.toString(16)}` };
  const ncmds = v.u32(16);
  const promise = (end: number, what: string) => {
    if (end > v.length) throw new TruncatedError(what, end, v.length);
  };
  promise(32 + v.u32(20), fileParts.machOLoadCommands);
  const segments: Segment[] = [];
  const sections: Section[] = [];
  let symtab: { symoff: number; nsyms: number; stroff: number; strsize: number } | undefined;
  let p = 32;
  for (let i = 0; i < Math.min(ncmds, MAX_COMMANDS); i++) {
    const cmd = v.u32(p),
      size = v.u32(p + 4);
    if (size < 8) throw new BinaryFormatError(binaryFileWords.machOLoadCommandSize(i, size));
    if (cmd === LC_SEGMENT_64) {
      const vaddr = v.u64(p + 24),
        memsz = v.u64(p + 32),
        offset = v.u64(p + 40),
        filesz = v.u64(p + 48);
      const prot = v.u32(p + 60),
        nsects = v.u32(p + 64);
      if (filesz > 0) promise(offset + filesz, fileParts.machOSegment(v.fixedName(p + 8, 16)));
      segments.push({ vaddr, memsz, offset, filesz, exec: (prot & 4) !== 0, write: (prot & 2) !== 0 });
      for (let s = 0; s < nsects && 72 + (s + 1) * 80 <= size; s++) {
        const h = p + 72 + s * 80;
        const flags = v.u32(h + 64);
        const type = flags & 0xff;
        sections.push({
          name: v.fixedName(h, 16),
          segment: v.fixedName(h + 16, 16),
          addr: v.u64(h + 32),
          size: v.u64(h + 40),
          offset: v.u32(h + 48),
          nobits: type === 1 || type === 0x0c || type === 0x12,
        });
      }
    } else if (cmd === LC_SYMTAB) {
      symtab = { symoff: v.u32(p + 8), nsyms: v.u32(p + 12), stroff: v.u32(p + 16), strsize: v.u32(p + 20) };
      promise(symtab.symoff + symtab.nsyms * 16, fileParts.machOSymbolTable);
      promise(symtab.stroff + symtab.strsize, fileParts.machOStringTable);
    }
    p += size;
  }
  const symbol = (name: string): number | undefined => {
    if (!symtab) return undefined;
    const want = utf8(`_${name}`);
    for (let i = 0; i < symtab.nsyms; i++) {
      const e = symtab.symoff + i * 16;
      if (!v.has(e, 16)) return undefined;
      if ((v.u8[e + 4] & 0xe0) !== 0) continue; // stabs
      const strx = v.u32(e);
      if (strx < symtab.strsize && v.cstrEquals(symtab.stroff + strx, want)) return v.u64(e + 8);
    }
    return undefined;
  };
  return { format: 'macho', view: v, segments, sections, symbol };
}

/** The arm64 slice of a fat Mach-O file. */
export function parseFat(v: ByteView): Uint8Array | ForeignBinary {
  const wide = v.u32be(0) === 0xcafebabf;
  const n = v.u32be(4);
  // Java class files share 0xCAFEBABE; their next word (version) is large.
  if (n === 0 || n > 64) return { foreign: binaryFileWords.notElfOrMachO };
  const entry = wide ? 32 : 20;
  const archs: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = 8 + i * entry;
    v.need(e, entry, fileParts.fatArchEntry);
    const cpu = v.u32be(e);
    if (cpu === CPU_ARM64) {
      const offset = wide ? v.u64be(e + 8) : v.u32be(e + 8);
      const size = wide ? v.u64be(e + 16) : v.u32be(e + 12);
      if (offset + size > v.length) throw new TruncatedError(fileParts.fatArm64Slice, offset + size, v.length);
      return v.u8.subarray(offset, offset + size);
    }
    archs.push(CPUS[cpu] ?? `cputype 0x${cpu.toString(16)}`);
  }
  return { foreign: 'fat Mach-O', arch: archs.join(', ') };
}
