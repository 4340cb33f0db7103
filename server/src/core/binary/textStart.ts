// Chooses the base address every functab entry offset is relative to. Tries,
// in order, the runtime.text symbol, pcHeader.textStart (0 from go1.26),
// moduledata.text and the .text/__text section address, and keeps the first
// for which at least half of up to 400 sampled function entries begin with
// Go's stack-bound check `ldr x16, [x28, #16]` (docs/binary-format.md §6); then
// checks that the function table it bases is complete (tables.ts).
import type { Container } from './container';
import { addrToOffset, findSection } from './container';
import { findModuleData } from './moduledata';
import type { PcHeader } from './pclntab';
import { checkFuncTable } from './tables';
import { binaryFileWords } from '../vocabulary/binaryFile';

const STACK_CHECK = 0xf9400b90;
const SAMPLES = 400;

export type TextStartSource = 'symbol' | 'header' | 'moduledata' | 'section';
export interface TextStart {
  addr: number;
  source: TextStartSource;
}

/** Every how many functions an entry is sampled (the sampled indices are 0, step, 2*step, ...). */
export function sampleStep(nfunc: number): number {
  return Math.max(1, Math.floor(nfunc / SAMPLES));
}

/** Share of sampled entries (0..1) that start with the stack check when the base is `base`. */
export function entryScore(c: Container, h: PcHeader, base: number): number {
  const v = c.view;
  const ftab = h.offset + h.pclnOffset;
  const step = sampleStep(h.nfunc);
  let seen = 0,
    hits = 0;
  for (let i = 0; i < h.nfunc; i += step) {
    const entry = base + v.u32(ftab + i * 8);
    const off = addrToOffset(c, entry, 4);
    seen++;
    if (off >= 0 && off % 4 === 0 && v.u32(off) === STACK_CHECK) hits++;
  }
  return seen === 0 ? 0 : hits / seen;
}

export function findTextStart(c: Container, h: PcHeader): TextStart | { error: string } {
  const candidates: [TextStartSource, () => number | undefined][] = [
    ['symbol', () => c.symbol('runtime.text')],
    ['header', () => (h.textStart !== 0 ? h.textStart : undefined)],
    ['moduledata', () => findModuleData(c, h)?.text],
    ['section', () => findSection(c, '.text', '__text')?.addr],
  ];
  const tried = new Set<number>();
  for (const [source, get] of candidates) {
    const addr = get();
    if (addr === undefined || addr === 0 || tried.has(addr)) continue;
    tried.add(addr);
    if (entryScore(c, h, addr) >= 0.5) {
      checkFuncTable(c, h, addr);
      return { addr, source };
    }
  }
  return { error: binaryFileWords.noTextStart(tried.size) };
}
