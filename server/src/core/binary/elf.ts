// ELF64 little-endian reader: program headers (PT_LOAD segments), section
// headers with names (optional: sstrip-ed files have none) and a lazy symbol
// lookup in .symtab. Hand-written on DataView: the npm ELF readers checked
// (elfy, elf-tools) misread 64-bit section headers or need a section table,
// and only a dozen fields are needed (offsets: docs/binary-format.md §8). The file
// must hold everything its headers describe (header tables, every segment's
// and section's bytes): a shorter file is a TruncatedError, never a smaller
// binary.
import type { ByteView } from './bytes';
import { BinaryFormatError, TruncatedError, utf8 } from './bytes';
import type { Container, ForeignBinary, Section, Segment } from './container';
import { binaryFileWords, fileParts } from '../vocabulary/binaryFile';

const EM_AARCH64 = 183;
const MACHINES: Record<number, string> = {
  3: '386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390x',
  40: 'arm',
  62: 'amd64',
  243: 'riscv64',
  258: 'loong64',
};
const PT_LOAD = 1,
  SHT_SYMTAB = 2,
  SHT_NOBITS = 8;
const MAX_HEADERS = 65536;

export function parseElf(v: ByteView): Container | ForeignBinary {
  v.need(0, 64, fileParts.elfHeader);
  if (v.u8[4] !== 2) return { foreign: binaryFileWords.elf32 };
  if (v.u8[5] !== 1) return { foreign: binaryFileWords.elfBigEndian };
  const machine = v.u16(18);
  if (machine !== EM_AARCH64) return { foreign: 'ELF', arch: MACHINES[machine] ?? `machine ${machine}` };
  const type = v.u16(16);
  if (type !== 2 && type !== 3) return { foreign: binaryFileWords.elfNotExecutable(type) };
  const phoff = v.u64(32),
    shoff = v.u64(40);
  const phentsize = v.u16(54),
    phnum = v.u16(56),
    shentsize = v.u16(58),
    shnum = v.u16(60),
    shstrndx = v.u16(62);

  const segments: Segment[] = [];
  if (phnum > 0 && phentsize < 56) throw new BinaryFormatError(binaryFileWords.elfProgramHeaderSize(phentsize));
  // What the headers promise: the header tables, then every segment's and section's file bytes.
  const promise = (end: number, what: string) => {
    if (end > v.length) throw new TruncatedError(what, end, v.length);
  };
  if (phnum > 0) promise(phoff + phnum * phentsize, fileParts.elfProgramHeaderTable);
  if (shoff !== 0 && shnum > 0 && shentsize >= 64) promise(shoff + shnum * shentsize, fileParts.elfSectionHeaderTable);
  for (let i = 0; i < Math.min(phnum, MAX_HEADERS); i++) {
    const p = phoff + i * phentsize;
    v.need(p, 56, fileParts.elfProgramHeader);
    const ptype = v.u32(p);
    // PT_LOAD and the other file-backed entries (PT_NULL and GNU_STACK carry no bytes).
    if (ptype !== 0 && v.u64(p + 32) > 0) promise(v.u64(p + 8) + v.u64(p + 32), fileParts.elfSegment(i));
    if (ptype !== PT_LOAD) continue;
    const flags = v.u32(p + 4);
    const offset = v.u64(p + 8),
      vaddr = v.u64(p + 16),
      filesz = v.u64(p + 32),
      memsz = v.u64(p + 40);
    segments.push({ vaddr, memsz, offset, filesz, exec: (flags & 1) !== 0, write: (flags & 2) !== 0 });
  }

  const sections: Section[] = [];
  let symtab: { off: number; size: number; stroff: number; strsize: number } | undefined;
  if (shoff !== 0 && shnum > 0 && shentsize >= 64 && v.has(shoff, shnum * shentsize)) {
    const strHdr = shstrndx < shnum ? shoff + shstrndx * shentsize : -1;
    const strOff = strHdr >= 0 ? v.u64(strHdr + 24) : -1;
    for (let i = 0; i < Math.min(shnum, MAX_HEADERS); i++) {
      const h = shoff + i * shentsize;
      const type = v.u32(h + 4);
      const name = strOff >= 0 ? v.cstr(strOff + v.u32(h), 256) : '';
      const s: Section = { name, addr: v.u64(h + 16), offset: v.u64(h + 24), size: v.u64(h + 32), nobits: type === SHT_NOBITS };
      if (!s.nobits && type !== 0 && s.size > 0) promise(s.offset + s.size, fileParts.elfSection(name || String(i)));
      sections.push(s);
      if (type === SHT_SYMTAB) {
        const link = v.u32(h + 40);
        if (link < shnum) {
          const lh = shoff + link * shentsize;
          symtab = { off: s.offset, size: s.size, stroff: v.u64(lh + 24), strsize: v.u64(lh + 32) };
        }
      }
    }
  }

  const symbol = (name: string): number | undefined => {
    if (!symtab || !v.has(symtab.off, symtab.size)) return undefined;
    const want = utf8(name);
    for (let p = symtab.off; p + 24 <= symtab.off + symtab.size; p += 24) {
      const strx = v.u32(p);
      if (strx < symtab.strsize && v.cstrEquals(symtab.stroff + strx, want)) return v.u64(p + 8);
    }
    return undefined;
  };
  return { format: 'elf', view: v, segments, sections, symbol };
}
