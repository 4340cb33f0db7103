// The split pair's two instructions as a person reads them, straight from the
// bits: `add sp, sp, #lo` and `add sp, sp, #hi, lsl #12` are ADD (immediate,
// 64-bit) with SP as source and destination, so the 12-bit immediate is all
// that varies. Spelled the way capstone prints them (decimal below 10, hex
// from 10 up), which test/unit/pairText.test.ts checks for all 8,192
// encodings; the binary scan therefore needs no disassembler.

/** `add sp, sp, #imm` with the shift bit clear / set, Rd = Rn = SP (31). */
export const PAIR_MASK = 0xffc003ff | 0;
export const ADD_SP_LO = 0x910003ff | 0;
export const ADD_SP_HI = 0x914003ff | 0;

const imm12 = (word: number): number => (word >>> 10) & 0xfff;
const immText = (n: number): string => (n < 10 ? `#${n}` : `#0x${n.toString(16)}`);

/** True when (w1, w2) is `add sp, sp, #lo` then `add sp, sp, #hi, lsl #12`, both moving SP (lo, hi >= 1). */
export function isSplitPair(w1: number, w2: number): boolean {
  return (w1 & PAIR_MASK) === ADD_SP_LO && (w2 & PAIR_MASK) === ADD_SP_HI && imm12(w1) !== 0 && imm12(w2) !== 0;
}

/** Bytes the pair pops: lo + hi * 4096. */
export function pairPop(w1: number, w2: number): number {
  return imm12(w1) + imm12(w2) * 4096;
}

/** The pair as capstone prints it. */
export function pairText(w1: number, w2: number): [string, string] {
  return [`add sp, sp, ${immText(imm12(w1))}`, `add sp, sp, ${immText(imm12(w2))}, lsl #12`];
}

/** One word of the pair as capstone prints it; undefined for any other word. */
export function pairWordText(word: number): string | undefined {
  if ((word & PAIR_MASK) === ADD_SP_LO) return imm12(word) === 0 ? 'mov sp, sp' : `add sp, sp, ${immText(imm12(word))}`;
  if ((word & PAIR_MASK) === ADD_SP_HI) return `add sp, sp, ${immText(imm12(word))}, lsl #12`;
  return undefined;
}
