// The container-neutral view of an executable: loadable segments (how virtual
// addresses map to file bytes), named sections when the file still has them,
// and a lazy symbol lookup. elf.ts and macho.ts fill it in; openContainer
// picks the parser by magic number and names what it cannot read.
import { ByteView } from './bytes';
import { parseElf } from './elf';
import { parseMachO, parseFat } from './macho';
import type { ContainerFormat } from './types';
import { binaryFileWords } from '../vocabulary/binaryFile';

export interface Segment {
  vaddr: number;
  memsz: number;
  offset: number;
  filesz: number;
  exec: boolean;
  write: boolean;
}
export interface Section {
  name: string;
  segment?: string;
  addr: number;
  size: number;
  offset: number;
  nobits: boolean;
}

export interface Container {
  format: ContainerFormat;
  view: ByteView;
  segments: Segment[];
  sections: Section[];
  /** Address of a symbol by its Go name (`runtime.text`), undefined when stripped or absent. */
  symbol(name: string): number | undefined;
}

/** Not arm64, or not a container we read: the reason, with the architecture when known. */
export interface ForeignBinary {
  foreign: string;
  arch?: string;
}

export function findSection(c: Container, ...names: string[]): Section | undefined {
  for (const n of names) {
    const s = c.sections.find((x) => x.name === n && !x.nobits && x.size > 0);
    if (s) return s;
  }
  return undefined;
}

/** File offset of a virtual address with at least `n` bytes of file data behind it, or -1. */
export function addrToOffset(c: Container, addr: number, n = 1): number {
  for (const s of c.segments) {
    if (addr >= s.vaddr && addr + n <= s.vaddr + s.filesz) return s.offset + (addr - s.vaddr);
  }
  return -1;
}

export function offsetToAddr(c: Container, off: number): number {
  for (const s of c.segments) {
    if (off >= s.offset && off < s.offset + s.filesz) return s.vaddr + (off - s.offset);
  }
  return -1;
}

export function openContainer(bytes: Uint8Array): Container | ForeignBinary {
  const view = new ByteView(bytes);
  if (view.length < 4) return { foreign: binaryFileWords.tooShort };
  const m = view.u32be(0);
  if (m === 0x7f454c46) return parseElf(view);
  const le = view.u32(0);
  if (le === 0xfeedfacf) return parseMachO(view);
  if (le === 0xfeedface || le === 0xcefaedfe || m === 0xfeedfacf) return { foreign: binaryFileWords.machO32OrBigEndian };
  if (m === 0xcafebabe || m === 0xcafebabf) {
    const slice = parseFat(view);
    if ('foreign' in slice) return slice;
    return parseMachO(new ByteView(slice));
  }
  return { foreign: binaryFileWords.notElfOrMachO };
}
