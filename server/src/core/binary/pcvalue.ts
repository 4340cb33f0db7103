// Go's pc-value tables (pcsp, pcfile, pcln, pcdata[k]): a run of
// (zig-zag value delta, pc delta) uvarint pairs starting at a function's
// entry. valueAt walks one table to a pc without allocating (a reused
// scratch slot holds each uvarint). Runtime: runtime/symtab.go step/pcvalue.
import { readUvarint } from './bytes';

const QUANTUM = 4;
const scratch = [0];

/**
 * Value of the table at `tableOff` (absolute file offset, bounded by `limit`)
 * in effect at `pc`, for a function starting at `entry`. Returns -1 (Go's
 * "no value") for pcs past the table and for corrupt tables.
 */
export function pcValueAt(u8: Uint8Array, tableOff: number, limit: number, entry: number, pc: number): number {
  let val = -1,
    cur = entry,
    p = tableOff,
    first = true;
  // Each step consumes at least two bytes: the loop is bounded by the buffer.
  while (p < limit) {
    p = readUvarint(u8, p, limit, scratch);
    if (p < 0) return -1;
    const uv = scratch[0];
    if (uv === 0 && !first) return -1;
    const half = Math.floor(uv / 2);
    val += uv % 2 === 1 ? -half - 1 : half;
    p = readUvarint(u8, p, limit, scratch);
    if (p < 0) return -1;
    cur += scratch[0] * QUANTUM;
    first = false;
    if (pc < cur) return val;
  }
  return -1;
}
