// scanBinary for a file on disk, reading only the parts the scan uses: the
// ELF headers and section names, the symbol table when there is one, the
// build info, the pclntab (found by section, symbol, or a search of the file
// through one small reused buffer), the function entries sampled to find the
// text start, runtime.firstmoduledata up to its gofunc word and the inline-tree
// entries of the candidate functions (found the same three ways), and 12 bytes
// around each place the pcsp pre-filter names. They land at their own offsets
// in a file-sized buffer (one buffer for file after file: fresh memory costs
// page faults, on this VM more than reading), and the readers run unchanged on
// it: their magic searches (segmentScan.ts) go through the file on disk and
// load the bytes around each occurrence. Every step the readers would take
// differently on the whole file (a search of the text, an unusual layout, any
// error, Mach-O) gives up: the caller then reads the whole file, so the report
// is the same either way (test/integration/prefilterEquivalence.test.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BUILDINFO_MAGIC } from './buildinfo';
import { ByteView, readUvarint } from './bytes';
import { addrToOffset, findSection, openContainer, type Container } from './container';
import { prefilteredAddresses } from './detect';
import { EM_AARCH64, ELF_MAGIC, elfIdent, SHT_SYMTAB } from './elf';
import { openGoBinary, type GoBinary } from './goBinary';
import { FUNCDATA_INL_TREE, LAST_GOFUNC_WORD, PCDATA_INL_TREE_INDEX, sourcePosition } from './inline';
import { findModuleData } from './moduledata';
import { findPclntab, type PcHeader } from './pclntab';
import { describeBinary, emptyReport, reportPairs, type ScanBinaryOptions } from './scan';
import type { PatternSearch } from './segmentScan';
import { entryScore, sampleStep } from './textStart';
import type { BinaryReport } from './types';
import { binaryFileWords } from '../vocabulary/binaryFile';

const PAGE = 4096;
const CHUNK = 1 << 20;
/** Longest pattern the search takes (the magics are 7 to 16 bytes). */
const MAX_PATTERN = 64;
/** A search with more occurrences than this gives up (the file is read whole instead). */
const MAX_HITS = 1 << 12;
/** Bytes loaded around each occurrence: what the readers check there (a pcHeader, moduledata up to gofunc). */
const HIT_BEFORE = 8;
const HIT_AFTER = 512;
/** runtime.firstmoduledata up to its gofunc word in every layout. */
const MODULEDATA_BYTES = (LAST_GOFUNC_WORD + 1) * 8;

/** Files up to this size share one buffer (a directory's binaries touch fresh memory once, not each time). */
const SHARED_MAX = 256 << 20;
let shared: Buffer | undefined;
let chunk: Buffer | undefined;

/** Thrown by a search past MAX_HITS: the scan by parts gives up. */
class TooManyHits extends Error {}

/** What a scan by parts read: bytes kept in place, and bytes only searched through the small buffer. */
export interface PartsRead {
  held: number;
  searched: number;
}

/**
 * A file-sized buffer filled only where asked (positional reads). One buffer serves file after
 * file, so bytes a file did not load may be another file's: the steps below read only what they
 * loaded (and give up where the readers would search), and prefilterEquivalence.test.ts compares
 * directory scans, file after file, with whole-file reads.
 */
class PartialFile {
  readonly buf: Buffer;
  readonly read: PartsRead = { held: 0, searched: 0 };
  private pages = new Set<number>();
  /** The large ranges loaded, [start, end) file offsets. */
  private spans: [number, number][] = [];

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

  /** Reads [off, off+len) (clamped to the file) into place, unless it is; small reads whole pages. */
  load(off: number, len: number): void {
    let start = Math.max(0, off),
      end = Math.min(this.size, off + Math.max(0, len));
    if (end <= start || this.heldFrom(start) >= end) return;
    if (end - start <= PAGE * 2) {
      const first = Math.floor(start / PAGE),
        last = Math.floor((end - 1) / PAGE);
      let all = true;
      for (let p = first; p <= last; p++) all &&= this.pages.has(p);
      if (all) return;
      for (let p = first; p <= last; p++) this.pages.add(p);
      start = first * PAGE;
      end = Math.min(this.size, (last + 1) * PAGE);
    } else this.spans.push([start, end]);
    readFully(this.fd, this.buf, start, end - start, start);
    this.read.held += end - start;
  }

  /** The end of the large loaded range holding offset `at`, or `at` when none does. */
  private heldFrom(at: number): number {
    for (const [s, e] of this.spans) if (s <= at && at < e) return e;
    return at;
  }

  /** The start of the first large loaded range after `at`, or the file size. */
  private nextHeld(at: number): number {
    let next = this.size;
    for (const [s] of this.spans) if (s > at && s < next) next = s;
    return next;
  }

  /**
   * The readers' magic search (segmentScan.ts) on the file: every occurrence starting in
   * [from, end), first to last, found in the bytes already loaded or else read through one small
   * reused buffer, with the bytes around each loaded before it is handed out. Lazy: a search that
   * stops at its first good occurrence reads no further.
   */
  readonly search: PatternSearch = (pattern, from, end) => {
    if (pattern.length > MAX_PATTERN) throw new TooManyHits();
    return this.occurrences(pattern, Math.max(0, from), Math.min(end, this.size - pattern.length + 1));
  };

  private *occurrences(pattern: Buffer, from: number, stop: number): Generator<number> {
    let found = 0;
    for (let pos = from; pos < stop;) {
      // Start positions whose bytes are all loaded are searched in place; the others on disk.
      const held = this.heldFrom(pos) - pattern.length + 1;
      const next = held > pos ? Math.min(stop, held) : Math.min(stop, pos + CHUNK, Math.max(pos + 1, this.nextHeld(pos)));
      const hits = held > pos ? this.searchHeld(pattern, pos, next) : this.searchDisk(pattern, pos, next);
      for (const hit of hits) {
        if (++found > MAX_HITS) throw new TooManyHits();
        this.load(hit - HIT_BEFORE, HIT_BEFORE + HIT_AFTER);
        yield hit;
      }
      pos = next;
    }
  }

  private searchHeld(pattern: Buffer, from: number, stop: number): number[] {
    const hits: number[] = [];
    for (let at = this.buf.indexOf(pattern, from); at >= 0 && at < stop; at = this.buf.indexOf(pattern, at + 1)) hits.push(at);
    return hits;
  }

  private searchDisk(pattern: Buffer, from: number, stop: number): number[] {
    chunk ??= Buffer.allocUnsafe(CHUNK + MAX_PATTERN);
    const len = stop - from + pattern.length - 1;
    readFully(this.fd, chunk, 0, len, from);
    this.read.searched += len;
    const view = chunk.subarray(0, len);
    const hits: number[] = [];
    for (let at = view.indexOf(pattern); at >= 0 && at < stop - from; at = view.indexOf(pattern, at + 1)) hits.push(from + at);
    return hits;
  }
}

function readFully(fd: number, into: Buffer, at: number, len: number, position: number): void {
  for (let got = 0; got < len;) {
    const n = readSync(fd, into, at + got, len - got, position + got);
    if (n === 0) throw new Error(binaryFileWords.fileShrank);
    got += n;
  }
}

/** The ELF headers, section names and symbol tables; false when this is not a 64-bit little-endian arm64 ELF file. */
function loadElfHeaders(f: PartialFile): boolean {
  f.load(0, 64);
  const v = new ByteView(f.buf);
  if (f.size < 64 || v.u32be(0) !== ELF_MAGIC) return false;
  const id = elfIdent(v);
  if (!id.wide || !id.littleEndian || id.machine !== EM_AARCH64) return false;
  const dv = v.dv;
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

/** The pcHeader findPclntab finds (section, symbol, then a search of the segments), or undefined. */
function locatePclntab(f: PartialFile, c: Container): PcHeader | undefined {
  const sec = findSection(c, '.gopclntab', '.data.rel.ro.gopclntab', '__gopclntab');
  if (sec) f.load(sec.offset, 72);
  const sym = c.symbol('runtime.pclntab');
  if (sym !== undefined) f.load(addrToOffset(c, sym, 72), 72);
  const h = findPclntab(c);
  return 'nfunc' in h ? h : undefined;
}

/** The places findModuleData looks first (the .go.module section, the runtime.firstmoduledata symbol), loaded up to gofunc. */
function loadModuleDataPlaces(f: PartialFile, c: Container): void {
  const sec = findSection(c, '.go.module', '__go_module');
  if (sec) f.load(sec.offset, MODULEDATA_BYTES);
  const sym = c.symbol('runtime.firstmoduledata');
  if (sym !== undefined) f.load(addrToOffset(c, sym, 8), MODULEDATA_BYTES);
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

/** Loads what findTextStart reads; false when it would find nothing. */
function loadTextStart(f: PartialFile, c: Container, h: PcHeader): boolean {
  f.load(h.offset + h.pclnOffset, (h.nfunc * 2 + 1) * 4);
  const tried = new Set<number>();
  if (sampledBaseWins(f, c, h, c.symbol('runtime.text'), tried)) return true;
  if (sampledBaseWins(f, c, h, h.textStart !== 0 ? h.textStart : undefined, tried)) return true;
  if (sampledBaseWins(f, c, h, findModuleData(c, h)?.text, tried)) return true;
  return sampledBaseWins(f, c, h, findSection(c, '.text', '__text')?.addr, tried);
}

/**
 * The inline-tree entries the report reads for each candidate (the user's return line comes from
 * them): the walk of sourcePosition, loading each entry before it is read. The tree's base,
 * moduledata.gofunc, is found as the full scan finds it (section, symbol, search).
 */
function loadInlineTrees(f: PartialFile, bin: GoBinary, pcs: number[]): void {
  for (const pc of pcs) {
    const fn = bin.funcs.at(pc);
    if (!fn || bin.funcs.pcdataCount(fn) <= PCDATA_INL_TREE_INDEX || bin.funcs.funcdataOffset(fn, FUNCDATA_INL_TREE) === undefined)
      continue;
    sourcePosition(bin, fn, pc + 4, (off, len) => f.load(off, len));
  }
}

/** The scan of an ELF file by parts; undefined when the whole file must be read instead. */
function scanParts(f: PartialFile, path: string, opts: ScanBinaryOptions): BinaryReport | undefined {
  if (!loadElfHeaders(f)) return undefined;
  const c = openContainer(f.buf);
  if ('foreign' in c || !loadBuildInfo(f, c)) return undefined;
  c.search = f.search;
  loadModuleDataPlaces(f, c);
  const h = locatePclntab(f, c);
  if (!h || !loadTextStart(f, c, h)) return undefined;
  // The pclntab to its end (section or segment): names, files, tables, function entries and records.
  f.load(h.offset, h.limit - h.offset);
  const bin = openGoBinary(f.buf, { pclntab: h, search: f.search });
  if ('error' in bin) return undefined;
  const pcs = prefilteredAddresses(bin, { start: h.offset, end: h.limit });
  if (!pcs) return undefined;
  loadInlineTrees(f, bin, pcs);
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
 * `read`, when given, is told how many bytes were read (tests, the benchmark).
 */
export function scanFileByParts(path: string, opts: ScanBinaryOptions = {}, read?: PartsRead): BinaryReport | undefined {
  if (opts.fullScan) return undefined;
  let fd: number | undefined;
  let f: PartialFile | undefined;
  try {
    fd = openSync(path, 'r');
    f = new PartialFile(fd, fstatSync(fd).size);
    return scanParts(f, path, opts);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (read && f) Object.assign(read, f.read);
  }
}
