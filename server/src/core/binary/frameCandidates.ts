// The pcsp pre-filter: where in a binary a split SP pop can be, read from the
// pclntab alone. A pair the detector accepts pops lo + hi*4096 >= 4097 bytes
// (both immediates non-zero) at once: the frame the pcsp table gives for its
// second instruction is positive and the one for the instruction after it is
// at least 4097 lower. So the pair's first word sits 8 bytes before a place
// where a function's pcsp value drops by 4097 or more from a positive value;
// every other place of the text can be left unread. Each table is walked once,
// with exactly the semantics of pcValueAt (runs of zero length are invisible,
// past the table the value is -1), so the candidates are a superset of what
// the full text search confirms (test/integration/prefilter.test.ts checks it
// on every fixture and on published binaries). Returns undefined, meaning
// "search the whole text", when the table bytes walked exceed a budget (tables
// shared by many functions in a crafted file) or an entry is not 4-aligned.
import type { GoBinary } from './goBinary';

/** Smallest pop of a pair the detector accepts: `add sp, sp, #1` + `add sp, sp, #1, lsl #12`. */
export const MIN_SPLIT_POP = 4097;
const QUANTUM = 4;
const NO_VALUE = -1;

/**
 * First-word addresses of every possible split pair; undefined: search the whole text.
 * `loaded`: the file offsets [start, end) a caller holding part of the file has read (pctab to the
 * last _func record); a table outside it also means undefined.
 */
export function frameCandidates(bin: GoBinary, loaded?: { start: number; end: number }): number[] | undefined {
  const ft = bin.funcs,
    h = bin.pclntab,
    view = bin.container.view,
    u8 = view.u8,
    dv = view.dv;
  const pctab = h.offset + h.pctabOffset;
  const limit = Math.min(h.limit, u8.length);
  const readLimit = loaded ? Math.min(limit, loaded.end) : limit;
  const base = bin.textStart.addr;
  const ftab = ft.ftab,
    count = ft.count;
  // The function table and its end sentinel must be in the file (readPcHeader checked the limit).
  if (!view.has(ftab, (count * 2 + 1) * 4)) return undefined;
  const recordEnd = view.length - h.funcSize;
  let budget = 4 * Math.max(0, limit - pctab) + (1 << 20);
  const out: number[] = [];
  // One pass, no allocation per function: this runs over every function of the binary, mostly
  // before V8 has optimised it, so it is written as one flat loop (2-3x faster cold than helpers).
  for (let i = 0; i < count; i++) {
    const at = ftab + i * 8;
    const entry = base + dv.getUint32(at, true);
    const end = base + dv.getUint32(at + 8, true);
    const record = ftab + dv.getUint32(at + 4, true);
    if (record < 0 || record > recordEnd || end < entry) continue; // FuncTable.func: no such function
    if (loaded && (record < loaded.start || record + h.funcSize > loaded.end)) return undefined;
    if (entry % QUANTUM !== 0) return undefined;
    const rel = dv.getUint32(record + 16, true);
    if (rel === 0) continue; // frameless: pcsp is 0 everywhere
    let p = pctab + rel;
    if (loaded && p < loaded.start) return undefined;
    const from = p;
    let val = NO_VALUE,
      cur = entry,
      first = true;
    // The effective run: adjacent runs of one value merged, runs of zero length skipped (as pcValueAt sees them).
    let have = false,
      runVal = 0,
      runEnd = 0,
      stopped = false;
    for (;;) {
      let uv = 0,
        pd = 0;
      if (p + 1 < readLimit && (u8[p] | u8[p + 1]) < 0x80) {
        // Both varints one byte long: most steps of most tables.
        uv = u8[p];
        pd = u8[p + 1];
        p += 2;
        if (uv === 0 && !first) break;
      } else {
        let scale = 1,
          ok = false;
        for (let k = 0; k < 10 && p < readLimit; k++) {
          const b = u8[p++];
          uv += (b & 0x7f) * scale;
          if (b < 0x80) {
            ok = true;
            break;
          }
          scale *= 128;
        }
        if (!ok || (uv === 0 && !first)) break;
        scale = 1;
        ok = false;
        for (let k = 0; k < 10 && p < readLimit; k++) {
          const b = u8[p++];
          pd += (b & 0x7f) * scale;
          if (b < 0x80) {
            ok = true;
            break;
          }
          scale *= 128;
        }
        if (!ok) break;
      }
      val += uv % 2 === 1 ? -Math.floor(uv / 2) - 1 : Math.floor(uv / 2);
      first = false;
      const start = cur;
      cur += pd * QUANTUM;
      if (cur === start) continue;
      if (have && val === runVal) {
        runEnd = cur;
        continue;
      }
      if (have) {
        if (runVal > 0 && runVal - val >= MIN_SPLIT_POP && runEnd - 8 >= entry && runEnd <= end) out.push(runEnd - 8);
        if (start >= end) {
          stopped = true;
          break;
        }
      }
      have = true;
      runVal = val;
      runEnd = cur;
    }
    if (p >= readLimit && readLimit < limit) return undefined; // the table goes on past what was read
    // Past the table the value is -1.
    if (have && !stopped && runVal > 0 && runVal - NO_VALUE >= MIN_SPLIT_POP && runEnd - 8 >= entry && runEnd <= end) out.push(runEnd - 8);
    budget -= p - from;
    if (budget < 0) return undefined;
  }
  return out;
}
