// Completeness of the pclntab's function table before any finding counts:
// the functab (nfunc pairs and the end sentinel) lies inside the pclntab,
// its entry offsets are sorted, every _func record lies inside it, and the
// code the table covers (first entry to the sentinel) is file-backed. A
// shortfall throws TruncatedError or BinaryFormatError; a function is never
// dropped silently (runtime/symtab.go findfunc assumes the same layout).
import { BinaryFormatError, TruncatedError } from './bytes';
import type { Container } from './container';
import { addrToOffset } from './container';
import type { PcHeader } from './pclntab';
import { fileParts, funcTableWords } from '../vocabulary/binaryFile';
import { corruptTable } from '../vocabulary/readers';

export function checkFuncTable(c: Container, h: PcHeader, textStart: number): void {
  const v = c.view;
  const ftab = h.offset + h.pclnOffset;
  const tableEnd = ftab + (h.nfunc * 2 + 1) * 4;
  if (tableEnd > h.limit) throw new TruncatedError(fileParts.funcTable(h.nfunc), tableEnd, h.limit);
  let prev = 0;
  for (let i = 0; i < h.nfunc; i++) {
    const entryOff = v.u32(ftab + i * 8);
    if (entryOff < prev) throw new BinaryFormatError(corruptTable(funcTableWords.notSorted(i)));
    prev = entryOff;
    const record = ftab + v.u32(ftab + i * 8 + 4);
    if (record + h.funcSize > h.limit) throw new TruncatedError(fileParts.funcRecordOf(i, h.nfunc), record + h.funcSize, h.limit);
  }
  const last = v.u32(tableEnd - 4);
  if (last < prev) throw new BinaryFormatError(corruptTable(funcTableWords.endsBeforeLast));
  const lo = textStart + v.u32(ftab),
    hi = textStart + last;
  if (hi > lo && addrToOffset(c, lo, hi - lo) < 0) throw new BinaryFormatError(corruptTable(funcTableWords.codeOutsideSegments(lo, hi)));
}
