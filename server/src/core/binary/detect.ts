// The detector: the candidate places (the pcsp pre-filter of
// frameCandidates.ts, or, with `fullScan`, a search of the whole text for the
// seam bytes), a bit test for `add sp, sp, #lo` followed by
// `add sp, sp, #hi, lsl #12`, then the pcsp confirmation (the table still says
// "whole frame" at the second instruction), leafness, preemptibility and
// module attribution. The instructions' text comes from their bits
// (pairText.ts): no disassembler runs here.
import { nonLeafFixed, parseGoVersion } from '../toolchain/goVersion';
import { attributeModule } from './attribute';
import { addrToOffset } from './container';
import { frameCandidates } from './frameCandidates';
import { FUNCDATA_LOCALS_POINTER_MAPS, FUNCFLAG_ASM, PCDATA_UNSAFE_POINT, type GoFunc } from './funcs';
import { reason, type GoBinary } from './goBinary';
import { sourcePosition } from './inline';
import { leafFromEpilogue } from './leaf';
import { ADD_SP_HI, ADD_SP_LO, isSplitPair, pairPop, pairText } from './pairText';
import { notPreemptibleReason } from './preemptible';
import type { BinaryFinding } from './types';
import { binaryFileWords } from '../vocabulary/binaryFile';

/** The last byte of `add sp, sp, #lo` and the first of the `add sp, sp, #hi, lsl #12` after it. */
const PAIR_SEAM = Buffer.from([ADD_SP_LO >>> 24, ADD_SP_HI & 0xff]);

/** A stretch of Go text in the file: [start, end) addresses (whole words from start), from file offset fileStart. */
export interface TextRange {
  start: number;
  end: number;
  fileStart: number;
}

/** The Go text the pclntab covers, per file-backed segment. */
export function textRanges(bin: GoBinary): TextRange[] {
  const c = bin.container,
    ft = bin.funcs;
  if (ft.count === 0) return [];
  const lo = bin.textStart.addr + ft.entryOffAt(0);
  const hi = bin.textStart.addr + c.view.u32(ft.ftab + ft.count * 8);
  const out: TextRange[] = [];
  for (const s of c.segments) {
    const start = Math.max(lo, s.vaddr),
      end = Math.min(hi, s.vaddr + s.filesz);
    if (end - start < 8) continue;
    out.push({ start, end: start + Math.floor((end - start) / 4) * 4, fileStart: s.offset + (start - s.vaddr) });
  }
  return out;
}

/**
 * Addresses of the first word of every bit-test pair in the Go text, by searching all of it.
 * Both words of a pair share fixed bytes at their seam (0x91 then 0xff), so a native byte
 * search finds the places worth a bit test.
 */
export function candidateAddresses(bin: GoBinary): number[] {
  const u8 = bin.container.view.u8;
  const bytes = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  const out: number[] = [];
  for (const r of textRanges(bin)) {
    const fileEnd = Math.min(bytes.length, r.fileStart + (r.end - r.start));
    for (let at = bytes.indexOf(PAIR_SEAM, r.fileStart + 3); at !== -1 && at + 5 <= fileEnd; at = bytes.indexOf(PAIR_SEAM, at + 1)) {
      const first = at - 3;
      if ((first - r.fileStart) % 4 !== 0) continue;
      if (isSplitPair(bytes.readInt32LE(first), bytes.readInt32LE(first + 4))) out.push(r.start + (first - r.fileStart));
    }
  }
  return out;
}

/**
 * The places to bit-test: the pcsp pre-filter's, kept to the text the full search covers
 * (so both ways give the same findings), or undefined when the whole text must be searched.
 */
export function prefilteredAddresses(bin: GoBinary, loaded?: { start: number; end: number }): number[] | undefined {
  const pcs = frameCandidates(bin, loaded);
  if (!pcs) return undefined;
  const ranges = textRanges(bin);
  if (ranges.some((r) => r.start % 4 !== 0)) return undefined;
  pcs.sort((a, b) => a - b);
  // In the full search's order: range by range (overlapping segments give a pair twice there too).
  return ranges.flatMap((r) => pcs.filter((pc) => pc >= r.start && pc + 8 <= r.end));
}

function wordAt(bin: GoBinary, addr: number): number | undefined {
  const off = addrToOffset(bin.container, addr, 4);
  return off < 0 ? undefined : bin.container.view.u32(off);
}

/** The finding for a pair at pc1 when pcsp confirms it; undefined for data words and single SP writes. */
export function confirmPair(bin: GoBinary, f: GoFunc, pc1: number): BinaryFinding | undefined {
  const ft = bin.funcs;
  const pc2 = pc1 + 4;
  if (pc1 < f.entry || pc2 + 4 > f.end) return undefined;
  const w1 = wordAt(bin, pc1),
    w2 = wordAt(bin, pc2);
  if (w1 === undefined || w2 === undefined || !isSplitPair(w1, w2)) return undefined;
  const s1 = ft.pcsp(f, pc1),
    s2 = ft.pcsp(f, pc2),
    after = ft.pcsp(f, pc2 + 4);
  if (s1 <= 0 || s1 !== s2 || after !== s2 - pairPop(w1, w2)) return undefined;
  const off = addrToOffset(bin.container, pc1, 8);
  const name = ft.name(f);
  const pos = sourcePosition(bin, f, pc2);
  const file = pos.file;
  const leaf = leafFromEpilogue(pc1 - 4 >= f.entry ? wordAt(bin, pc1 - 4) : undefined);
  const reason = notPreemptibleReason({
    name,
    unsafePoint: ft.pcdata(f, PCDATA_UNSAFE_POINT, pc2),
    assembly: (ft.flag(f) & FUNCFLAG_ASM) !== 0,
    hasLocalsPointerMap: ft.hasFuncdata(f, FUNCDATA_LOCALS_POINTER_MAPS),
  });
  const v = bin.goVersion ? parseGoVersion(bin.goVersion) : undefined;
  const finding: BinaryFinding = {
    kind: 'split-sp-update',
    function: name,
    ...attributeModule(bin.buildInfo, name, file),
    file,
    line: pos.line,
    ...(pos.inlinedFrom.length ? { inlinedFrom: pos.inlinedFrom } : {}),
    declLine: ft.startLine(f),
    frameSize: s2,
    leaf,
    preemptible: reason === undefined,
    entry: f.entry,
    address: pc1,
    offset: pc1 - f.entry,
    offsets: [pc1 - f.entry, pc2 - f.entry],
    fileOffset: off,
    instructions: pairText(w1, w2),
    fixedByToolchain: !leaf && !(v && nonLeafFixed(v)),
  };
  if (reason) finding.notPreemptible = reason;
  return finding;
}

/** Every confirmed split pair at the given first-word addresses; per-hit failures are collected, not thrown. */
export function confirmPairs(bin: GoBinary, pcs: number[], errors: string[]): BinaryFinding[] {
  const out: BinaryFinding[] = [];
  for (const pc1 of pcs) {
    try {
      const f = bin.funcs.at(pc1);
      const finding = f && confirmPair(bin, f, pc1);
      if (finding) out.push(finding);
    } catch (e) {
      errors.push(binaryFileWords.unreadableFunction(pc1, reason(e)));
    }
  }
  return out;
}
