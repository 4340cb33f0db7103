// Finds runtime.firstmoduledata, the source of textStart from go1.26 on (the
// pcHeader no longer holds it): the .go.module / __go_module section (1.26+),
// the runtime.firstmoduledata symbol, or a scan of the data segments for its
// first two words {pcHeader address, funcnametab address} (docs/binary-format.md §6).
import type { Container } from './container';
import { addrToOffset, findSection } from './container';
import type { PcHeader } from './pclntab';
import { scanSegments } from './segmentScan';

const TEXT_WORD = 22;

export interface ModuleData {
  offset: number;
  text: number;
  etext: number;
  foundBy: 'section' | 'symbol' | 'scan';
}

function at(c: Container, off: number, h: PcHeader, foundBy: ModuleData['foundBy']): ModuleData | undefined {
  if (off < 0 || !c.view.has(off, (TEXT_WORD + 2) * 8)) return undefined;
  if (c.view.u64(off) !== h.addr) return undefined;
  return { offset: off, text: c.view.u64(off + TEXT_WORD * 8), etext: c.view.u64(off + (TEXT_WORD + 1) * 8), foundBy };
}

export function findModuleData(c: Container, h: PcHeader): ModuleData | undefined {
  if (h.addr < 0) return undefined;
  const sec = findSection(c, '.go.module', '__go_module');
  const bySection = sec ? at(c, sec.offset, h, 'section') : undefined;
  if (bySection) return bySection;
  const sym = c.symbol('runtime.firstmoduledata');
  const bySymbol = sym !== undefined ? at(c, addrToOffset(c, sym, 8), h, 'symbol') : undefined;
  if (bySymbol) return bySymbol;
  const pattern = Buffer.alloc(16);
  pattern.writeBigUInt64LE(BigInt(h.addr), 0);
  pattern.writeBigUInt64LE(BigInt(h.addr + h.funcnameOffset), 8);
  return scanSegments(c, pattern, (hit, s) => ((hit - s.offset) % 8 === 0 ? at(c, hit, h, 'scan') : undefined), {
    segments: c.segments.filter((s) => !s.exec),
  });
}
