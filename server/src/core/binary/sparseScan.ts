// scanBinary for a file on disk, reading only the parts the scan uses: the
// ELF headers and section names, the symbol table when there is one, the
// build info, the pclntab (found by section, symbol, or a search of the file
// through one small reused buffer), the function entries sampled to find the
// text start, and 12 bytes around each place the pcsp pre-filter names.
// They land at their own offsets in a file-sized buffer (one buffer for file
// after file: fresh memory costs page faults, on this VM more than reading),
// and the readers run unchanged on it. Every step the readers would take differently on the
// whole file (a search of the text, an unusual layout, any error, Mach-O)
// gives up: the caller then reads the whole file, so the report is the same
// either way (test/integration/prefilterEquivalence.test.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BUILDINFO_MAGIC } from './buildinfo';
import { readUvarint } from './bytes';
import { addrToOffset, findSection, openContainer, type Container } from './container';
import { prefilteredAddresses } from './detect';
import { openGoBinary } from './goBinary';
import { FUNCDATA_INL_TREE, PCDATA_INL_TREE_INDEX } from './inline';
import { readPcHeader, type PcHeader } from './pclntab';
import { describeBinary, emptyReport, reportPairs, type ScanBinaryOptions } from './scan';
import { entryScore, sampleStep } from './textStart';
import type { BinaryReport } from './types';
import { binaryFileWords } from '../vocabulary/binaryFile';

const PAGE = 4096;
const CHUNK = 1 << 20;
/** A file with more pclntab-magic look-alikes than this is searched the ordinary way. */
const MAX_HITS = 1 << 12;
const PCLNTAB_PATTERN = Buffer.from([0xff, 0xff, 0xff, 0x00, 0x00, 0x04, 0x08]);
const MODULEDATA_WORDS = 24;
const ELF_MAGIC = 0x7f454c46;
const EM_AARCH64 = 183;
const SHT_SYMTAB = 2;

/** Files up to this size share one buffer (a directory's binaries touch fresh memory once, not each time). */
const SHARED_MAX = 256 << 20;
let shared: Buffer | undefined;

/**
 * A file-sized buffer filled only where asked (positional reads). One buffer serves file after
 * file, so bytes a file did not load may be another file's: the steps below read only what they
 * loaded (and give up where the readers would search), and prefilterEquivalence.test.ts compares
 * directory scans, file after file, with whole-file reads.
 */
class PartialFile {
  readonly buf: Buffer;
  private pages = new Set<number>();

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {
    if (size > SHARED_MAX) this.buf = Buffer.alloc(size);
    else {
      if (!shared || shared.length < size) shared = Buffer.alloc(Math.max(size, shared?.length ?? 0));
      this.buf = shared.subarray(0, size);
    }
  }

  /** Reads [off, off+len) (clamped to the file) into place; small reads whole pages, once. */
  load(off: number, len: number): void {
    let start = Math.max(0, off),
      end = Math.min(this.size, off + Math.max(0, len));
    if (end <= start) return;
    if (end - start <= PAGE * 2) {
      const first = Math.floor(start / PAGE),
        last = Math.floor((end - 1) / PAGE);
      let all = true;
      for (let p = first; p <= last; p++) all &&= this.pages.has(p);
      if (all) return;
      for (let p = first; p <= last; p++) this.pages.add(p);
      start = first * PAGE;
      end = Math.min(this.size, (last + 1) * PAGE);
    }
    for (let p = start; p < end;) {
      const n = readSync(this.fd, this.buf, p, end - p, p);
      if (n === 0) throw new Error(binaryFileWords.fileShrank);
      p += n;
    }
  }
}

/** File offsets of every occurrence of `pattern`, reading the file once through one small buffer; undefined past MAX_HITS. */
function streamSearch(fd: number, size: number, pattern: Buffer): number[] | undefined {
  const chunk = Buffer.allocUnsafe(CHUNK + pattern.length - 1);
  const hits: number[] = [];
  for (let pos = 0; pos < size; pos += CHUNK) {
    const len = Math.min(chunk.length, size - pos);
    for (let got = 0; got < len;) {
      const n = readSync(fd, chunk, got, len - got, pos + got);
      if (n === 0) throw new Error(binaryFileWords.fileShrank);
      got += n;
    }
    const view = chunk.subarray(0, len);
    for (let at = view.indexOf(pattern); at >= 0 && at < CHUNK; at = view.indexOf(pattern, at + 1)) {
      hits.push(pos + at);
      if (hits.length > MAX_HITS) return undefined;
    }
  }
  return hits;
}

/** The ELF headers, section names and symbol tables; false when this is not a 64-bit little-endian arm64 ELF file. */
function loadElfHeaders(f: PartialFile): boolean {
  f.load(0, 64);
  const dv = new DataView(f.buf.buffer, f.buf.byteOffset, f.buf.byteLength);
  if (f.size < 64 || dv.getUint32(0, false) !== ELF_MAGIC || f.buf[4] !== 2 || f.buf[5] !== 1 || dv.getUint16(18, true) !== EM_AARCH64)
    return false;
  const u64 = (o: number) => dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 0x100000000;
  const phoff = u64(32),
    shoff = u64(40);
  const phentsize = dv.getUint16(54, true),
    phnum = dv.getUint16(56, true),
    shentsize = dv.getUint16(58, true),
    shnum = dv.getUint16(60, true),
    shstrndx = dv.getUint16(62, true);
  f.load(phoff, phnum * phentsize);
  if (shoff === 0 || shnum === 0 || shentsize < 64 || shoff + shnum * shentsize > f.size) return true;
  f.load(shoff, shnum * shentsize);
  const strOff = shstrndx < shnum ? u64(shoff + shstrndx * shentsize + 24) : -1;
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    if (strOff >= 0) f.load(strOff + dv.getUint32(h, true), 256);
    if (dv.getUint32(h + 4, true) === SHT_SYMTAB) {
      f.load(u64(h + 24), u64(h + 32));
      const link = dv.getUint32(h + 40, true);
      if (link < shnum) f.load(u64(shoff + link * shentsize + 24), u64(shoff + link * shentsize + 32) + 256);
    }
  }
  return true;
}

/** The build info section whole (the readers then never search for it); false when there is none in the inline form. */
function loadBuildInfo(f: PartialFile, c: Container): boolean {
  const sec = findSection(c, '.go.buildinfo', '__go_buildinfo');
  if (!sec) return false;
  f.load(sec.offset, 32);
  if (!c.view.has(sec.offset, 32) || !BUILDINFO_MAGIC.equals(f.buf.subarray(sec.offset, sec.offset + 14))) return false;
  if ((f.buf[sec.offset + 15] & 2) === 0) return false;
  // Two inline strings (version, module info): their lengths first, then their bytes.
  const out = [0];
  let p = sec.offset + 32;
  for (let i = 0; i < 2; i++) {
    f.load(p, 10);
    const q = readUvarint(f.buf, p, f.size, out);
    if (q < 0) return true;
    f.load(q, out[0]);
    p = q + out[0];
  }
  return true;
}

function segmentEnd(c: Container, off: number): number {
  for (const s of c.segments) if (off >= s.offset && off < s.offset + s.filesz) return s.offset + s.filesz;
  return c.view.length;
}

/** The pcHeader findPclntab would find (section, symbol, then the first valid magic by segment), or undefined. */
function locatePclntab(f: PartialFile, fd: number, c: Container): PcHeader | undefined {
  const sec = findSection(c, '.gopclntab', '.data.rel.ro.gopclntab', '__gopclntab');
  if (sec) {
    f.load(sec.offset, 72);
    const h = c.view.has(sec.offset, 72)
      ? readPcHeader(c, sec.offset, Math.min(c.view.length, sec.offset + sec.size), 'section')
      : undefined;
    if (h && 'nfunc' in h) return h;
  }
  const sym = c.symbol('runtime.pclntab');
  if (sym !== undefined) {
    const off = addrToOffset(c, sym, 72);
    if (off >= 0) {
      f.load(off, 72);
      const h = readPcHeader(c, off, segmentEnd(c, off), 'symbol');
      if (h && 'nfunc' in h) return h;
    }
  }
  const hits = streamSearch(fd, f.size, PCLNTAB_PATTERN);
  if (!hits) return undefined;
  for (const s of c.segments) {
    const end = s.offset + s.filesz;
    for (const hit of hits) {
      const cand = hit - 1;
      if (hit < s.offset || hit >= end || cand < s.offset || (cand - s.offset) % 8 !== 0) continue;
      f.load(cand, 72);
      const h = readPcHeader(c, cand, end, 'scan');
      if (h && 'nfunc' in h) return h;
    }
  }
  return undefined;
}

/** Loads the entries findTextStart samples for `base` and says whether it would take it. */
function sampledBaseWins(f: PartialFile, c: Container, h: PcHeader, base: number | undefined, tried: Set<number>): boolean {
  if (base === undefined || base === 0 || tried.has(base)) return false;
  tried.add(base);
  const ftab = h.offset + h.pclnOffset;
  for (let i = 0; i < h.nfunc; i += sampleStep(h.nfunc)) {
    const off = addrToOffset(c, base + c.view.u32(ftab + i * 8), 4);
    if (off >= 0) f.load(off, 4);
  }
  return entryScore(c, h, base) >= 0.5;
}

/** runtime.firstmoduledata's text word when findModuleData would find it by section or symbol; undefined otherwise. */
function moduleDataText(f: PartialFile, c: Container, h: PcHeader): number | undefined {
  if (h.addr < 0) return undefined;
  const sec = findSection(c, '.go.module', '__go_module');
  const sym = c.symbol('runtime.firstmoduledata');
  for (const off of [sec ? sec.offset : -1, sym !== undefined ? addrToOffset(c, sym, 8) : -1]) {
    if (off < 0) continue;
    f.load(off, MODULEDATA_WORDS * 8);
    if (c.view.has(off, MODULEDATA_WORDS * 8) && c.view.u64(off) === h.addr) return c.view.u64(off + 22 * 8);
  }
  return undefined;
}

/** Loads what findTextStart reads; false when it would search the data for the module data (or find nothing). */
function loadTextStart(f: PartialFile, c: Container, h: PcHeader): boolean {
  f.load(h.offset + h.pclnOffset, (h.nfunc * 2 + 1) * 4);
  const tried = new Set<number>();
  if (sampledBaseWins(f, c, h, c.symbol('runtime.text'), tried)) return true;
  if (sampledBaseWins(f, c, h, h.textStart !== 0 ? h.textStart : undefined, tried)) return true;
  const md = moduleDataText(f, c, h);
  if (md === undefined) return false;
  if (sampledBaseWins(f, c, h, md, tried)) return true;
  return sampledBaseWins(f, c, h, findSection(c, '.text', '__text')?.addr, tried);
}

/** The scan of an ELF file by parts; undefined when the whole file must be read instead. */
function scanParts(fd: number, size: number, path: string, opts: ScanBinaryOptions): BinaryReport | undefined {
  const f = new PartialFile(fd, size);
  if (!loadElfHeaders(f)) return undefined;
  const c = openContainer(f.buf);
  if ('foreign' in c || !loadBuildInfo(f, c)) return undefined;
  const h = locatePclntab(f, fd, c);
  if (!h || !loadTextStart(f, c, h)) return undefined;
  // The pclntab to its end (section or segment): names, files, tables, function entries and records.
  f.load(h.offset, h.limit - h.offset);
  const bin = openGoBinary(f.buf, { pclntab: h });
  if ('error' in bin) return undefined;
  const pcs = prefilteredAddresses(bin, { start: h.offset, end: h.limit });
  if (!pcs) return undefined;
  // A candidate in a function with an inline tree: the tree lives in go:func.* (rodata), which is
  // not loaded here, and the user's return line comes from it. Read the whole file instead.
  for (const pc of pcs) {
    const fn = bin.funcs.at(pc);
    if (fn && bin.funcs.pcdataCount(fn) > PCDATA_INL_TREE_INDEX && bin.funcs.funcdataOffset(fn, FUNCDATA_INL_TREE) !== undefined)
      return undefined;
  }
  for (const pc of pcs) {
    f.load(addrToOffset(c, pc - 4, 4), 4);
    f.load(addrToOffset(c, pc, 8), 8);
  }
  const report = emptyReport(path);
  describeBinary(report, bin);
  return reportPairs(report, bin, pcs, opts);
}

/**
 * One binary file's report, reading only the parts of it the scan uses when it can; undefined
 * when the whole file must be read (another container, an unusual layout, anything unreadable).
 */
export function scanFileByParts(path: string, opts: ScanBinaryOptions = {}): BinaryReport | undefined {
  if (opts.fullScan) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return scanParts(fd, fstatSync(fd).size, path, opts);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
