// Locating and reading Go's pclntab (go1.18+: magic 0xFFFFFFF0 with 40-byte
// _func records, 0xFFFFFFF1 with 44-byte ones): by section, by the
// runtime.pclntab symbol, or by a validated magic scan of the segments
// (stripped, section-less and externally linked files). Offsets and the
// header layout: docs/binary-format.md §2-§4; runtime/symtab.go pcHeader.
import type { Container } from './container';
import { addrToOffset, findSection, offsetToAddr } from './container';
import { binaryFileWords } from '../vocabulary/binaryFile';

export interface PcHeader {
  /** File offset and virtual address of the pcHeader. */
  offset: number;
  addr: number;
  magic: number;
  /** 40 (go1.18/1.19) or 44 (go1.20+). */
  funcSize: number;
  nfunc: number;
  nfiles: number;
  textStart: number;
  funcnameOffset: number;
  cuOffset: number;
  filetabOffset: number;
  pctabOffset: number;
  pclnOffset: number;
  /** End of the bytes the tables may use (end of the segment / section). */
  limit: number;
  foundBy: 'section' | 'symbol' | 'scan';
}

export const MAGIC_118 = 0xfffffff0,
  MAGIC_120 = 0xfffffff1;
/** Older formats: 1.16-1.17 (FA) and 1.2-1.15 (FB). */
export const MAGIC_116 = 0xfffffffa,
  MAGIC_12 = 0xfffffffb;

export type PclntabResult = PcHeader | { error: string; oldMagic?: number };

function segmentEnd(c: Container, off: number): number {
  for (const s of c.segments) if (off >= s.offset && off < s.offset + s.filesz) return s.offset + s.filesz;
  return c.view.length;
}

/** Parses and validates a pcHeader at a file offset; undefined when it does not look like one. */
export function readPcHeader(
  c: Container,
  off: number,
  limit: number,
  foundBy: PcHeader['foundBy'],
): PcHeader | { oldMagic: number } | undefined {
  const v = c.view;
  if (!v.has(off, 72) || off + 72 > limit) return undefined;
  const magic = v.u32(off);
  if (v.u8[off + 4] !== 0 || v.u8[off + 5] !== 0 || v.u8[off + 6] !== 4 || v.u8[off + 7] !== 8) return undefined;
  if (magic === MAGIC_116 || magic === MAGIC_12) return { oldMagic: magic };
  if (magic !== MAGIC_118 && magic !== MAGIC_120) return undefined;
  const nfunc = v.u64(off + 8),
    nfiles = v.u64(off + 16),
    textStart = v.u64(off + 24);
  const offs = [v.u64(off + 32), v.u64(off + 40), v.u64(off + 48), v.u64(off + 56), v.u64(off + 64)];
  if (nfunc <= 0 || nfunc >= 1 << 24) return undefined;
  for (let i = 1; i < offs.length; i++) if (offs[i] < offs[i - 1]) return undefined;
  if (offs[0] < 72 || offs[0] > 128) return undefined;
  // functab: nfunc pairs plus the end sentinel must fit.
  if (off + offs[4] + (nfunc * 2 + 1) * 4 > limit) return undefined;
  const addr = offsetToAddr(c, off);
  return {
    offset: off,
    addr,
    magic,
    funcSize: magic === MAGIC_118 ? 40 : 44,
    nfunc,
    nfiles,
    textStart,
    funcnameOffset: offs[0],
    cuOffset: offs[1],
    filetabOffset: offs[2],
    pctabOffset: offs[3],
    pclnOffset: offs[4],
    limit,
    foundBy,
  };
}

const SCAN_PATTERN = Buffer.from([0xff, 0xff, 0xff, 0x00, 0x00, 0x04, 0x08]);

export function findPclntab(c: Container): PclntabResult {
  let old: number | undefined;
  const sec = findSection(c, '.gopclntab', '.data.rel.ro.gopclntab', '__gopclntab');
  if (sec && c.view.has(sec.offset, 72)) {
    const h = readPcHeader(c, sec.offset, Math.min(c.view.length, sec.offset + sec.size), 'section');
    if (h && 'nfunc' in h) return h;
    if (h) old = h.oldMagic;
  }
  const sym = c.symbol('runtime.pclntab');
  if (sym !== undefined) {
    const off = addrToOffset(c, sym, 72);
    if (off >= 0) {
      const h = readPcHeader(c, off, segmentEnd(c, off), 'symbol');
      if (h && 'nfunc' in h) return h;
      if (h) old = h.oldMagic;
    }
  }
  // Magic scan over the file-backed part of every segment (8-aligned).
  const buf = Buffer.from(c.view.u8.buffer, c.view.u8.byteOffset, c.view.u8.byteLength);
  for (const s of c.segments) {
    const end = s.offset + s.filesz;
    let from = s.offset;
    for (;;) {
      const hit = buf.indexOf(SCAN_PATTERN, from);
      if (hit < 0 || hit >= end) break;
      const cand = hit - 1;
      from = hit + 1;
      if (cand < s.offset || (cand - s.offset) % 8 !== 0) continue;
      const h = readPcHeader(c, cand, end, 'scan');
      if (h && 'nfunc' in h) return h;
      if (h) old = h.oldMagic;
    }
  }
  if (old !== undefined) return { error: 'old pclntab', oldMagic: old };
  return { error: binaryFileWords.noPclntab };
}
