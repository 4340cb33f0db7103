// The function table of a pclntab: entry lookup by pc (binary search over
// functab), the _func record's fields, names, files and lines, pc-value
// lookups (pcsp, pcdata) and funcdata presence. Everything is read on demand
// from the file bytes; nothing is decoded for functions nobody asks about.
import { BinaryFormatError, TruncatedError } from './bytes';
import type { Container } from './container';
import { fileParts, funcTableWords } from '../vocabulary/binaryFile';
import { corruptTable } from '../vocabulary/readers';
import type { PcHeader } from './pclntab';
import { pcValueAt } from './pcvalue';

export const FUNCFLAG_ASM = 4;
export const PCDATA_UNSAFE_POINT = 0;
export const FUNCDATA_LOCALS_POINTER_MAPS = 1;
const NIL = 0xffffffff;

export interface GoFunc {
  index: number;
  entry: number;
  /** Start of the next function (includes padding and literal pools). */
  end: number;
  /** File offset of the _func record. */
  record: number;
}

export class FuncTable {
  readonly ftab: number;
  readonly count: number;

  constructor(
    readonly c: Container,
    readonly h: PcHeader,
    readonly textStart: number,
  ) {
    this.ftab = h.offset + h.pclnOffset;
    this.count = h.nfunc;
  }

  private u32(off: number): number {
    return this.c.view.u32(off);
  }

  entryOffAt(i: number): number {
    return this.u32(this.ftab + i * 8);
  }

  /** Function i; undefined only for an index outside the table. A record the file cannot hold throws (never dropped silently). */
  func(i: number): GoFunc | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const entry = this.textStart + this.entryOffAt(i);
    const end = this.textStart + this.u32(this.ftab + i * 8 + 8);
    const record = this.ftab + this.u32(this.ftab + i * 8 + 4);
    if (record + this.h.funcSize > this.h.limit) throw new TruncatedError(fileParts.funcRecord(i), record + this.h.funcSize, this.h.limit);
    if (end < entry) throw new BinaryFormatError(corruptTable(funcTableWords.endsBeforeStart(i)));
    return { index: i, entry, end, record };
  }

  /** The function whose [entry, end) holds pc. */
  at(pc: number): GoFunc | undefined {
    const off = pc - this.textStart;
    if (off < 0 || off >= 0x100000000) return undefined;
    let lo = 0,
      hi = this.count - 1,
      found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entryOffAt(mid) <= off) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const f = this.func(found);
    return f && pc < f.end ? f : undefined;
  }

  name(f: GoFunc): string {
    return this.nameAt(this.c.view.i32(f.record + 4));
  }

  /** A name in funcnametab by its offset (function records and inline-tree entries). */
  nameAt(nameOff: number): string {
    return this.c.view.cstr(this.h.offset + this.h.funcnameOffset + nameOff);
  }

  flag(f: GoFunc): number {
    return this.c.view.u8at(f.record + this.h.funcSize - 3);
  }
  private npcdata(f: GoFunc): number {
    return this.u32(f.record + 28);
  }
  private nfuncdata(f: GoFunc): number {
    return this.c.view.u8at(f.record + this.h.funcSize - 1);
  }
  /** The `func` line (go1.20+), 0 before. */
  startLine(f: GoFunc): number {
    return this.h.funcSize === 44 ? this.c.view.i32(f.record + 36) : 0;
  }

  private table(offInPctab: number, f: GoFunc, pc: number): number {
    if (offInPctab === 0) return -1;
    return pcValueAt(this.c.view.u8, this.h.offset + this.h.pctabOffset + offInPctab, this.h.limit, f.entry, pc);
  }

  /** Frame size in effect at pc (0 for frameless functions). */
  pcsp(f: GoFunc, pc: number): number {
    const off = this.u32(f.record + 16);
    return off === 0 ? 0 : this.table(off, f, pc);
  }

  pcdata(f: GoFunc, k: number, pc: number): number {
    if (k >= this.npcdata(f)) return -1;
    return this.table(this.u32(f.record + this.h.funcSize + 4 * k), f, pc);
  }

  pcdataCount(f: GoFunc): number {
    return this.npcdata(f);
  }

  /** funcdata[k] as an offset from moduledata.gofunc; undefined when absent. */
  funcdataOffset(f: GoFunc, k: number): number | undefined {
    if (k >= this.nfuncdata(f)) return undefined;
    const off = this.u32(f.record + this.h.funcSize + 4 * this.npcdata(f) + 4 * k);
    return off === NIL ? undefined : off;
  }

  hasFuncdata(f: GoFunc, k: number): boolean {
    if (k >= this.nfuncdata(f)) return false;
    return this.u32(f.record + this.h.funcSize + 4 * this.npcdata(f) + 4 * k) !== NIL;
  }

  line(f: GoFunc, pc: number): number {
    return this.table(this.u32(f.record + 24), f, pc);
  }

  file(f: GoFunc, pc: number): string {
    const fileIndex = this.table(this.u32(f.record + 20), f, pc);
    const cu = this.u32(f.record + 32);
    if (fileIndex < 0 || cu === NIL) return '';
    const cutabEntry = this.h.offset + this.h.cuOffset + 4 * (cu + fileIndex);
    if (cutabEntry + 4 > this.h.limit) return '';
    const nameOff = this.u32(cutabEntry);
    return nameOff === NIL ? '' : this.c.view.cstr(this.h.offset + this.h.filetabOffset + nameOff);
  }
}
