// The user's line for a pc: when the instruction belongs to an inlined call,
// the pcfile/pcln tables name the inlined function's source, not the line of
// the function the user wrote. The inline tree (FUNCDATA_InlTree, indexed by
// PCDATA_InlTreeIndex) says which calls the pc sits in; each entry's parentPc
// is an instruction at the call site, so walking it up gives every level's
// position and, at the end, the outermost (physical) function's own line.
// Layouts: go1.18/1.19 (pclntab magic F0) `{parent int16, funcID u8, _ u8,
// file, line, func_, parentPc int32}` = 20 bytes; go1.20+ (F1)
// `{funcID u8, _ [3]u8, nameOff, parentPc, startLine int32}` = 16 bytes
// (runtime/symtab.go, runtime/symtabinl.go). The tree is at moduledata.gofunc
// + funcdata[3]; gofunc's word in moduledata moved as fields were added
// (38 in go1.18-1.19, 40 in go1.20-1.26, 43 in go1.27).
import type { InlinedFrame } from '../types';
import type { GoFunc } from './funcs';
import type { GoBinary } from './goBinary';
import { findModuleData } from './moduledata';
import { MAGIC_118 } from './pclntab';
import { addrToOffset } from './container';
import { parseGoVersion } from '../toolchain/goVersion';

export const PCDATA_INL_TREE_INDEX = 2;
export const FUNCDATA_INL_TREE = 3;
/** moduledata.gofunc's word in the latest layout (go1.27): a reader of moduledata up to it reads every layout's. */
export const LAST_GOFUNC_WORD = 43;
/** Inlining depth followed at most (the compiler's own budget keeps real chains far shorter). */
const MAX_DEPTH = 64;

export interface SourcePosition {
  /** The outermost (physical) function's file and line: the user's own `return`. */
  file: string;
  line: number;
  /** The inlined calls the pc sits in, innermost first; empty when it sits in no inlined call. */
  inlinedFrom: InlinedFrame[];
}

/** moduledata.gofunc's word index: go1.18-1.19; covctrs added (1.20); typedesclen, itaboffset and itabsize added (1.27). */
function gofuncWord(bin: GoBinary): number {
  if (bin.pclntab.magic === MAGIC_118) return 38;
  const v = bin.goVersion ? parseGoVersion(bin.goVersion) : undefined;
  return v && (v.major > 1 || v.minor >= 27) ? LAST_GOFUNC_WORD : 40;
}

const gofuncCache = new WeakMap<GoBinary, number | null>();

/** The address of go:func.* (funcdata base), or undefined when moduledata cannot be found. */
export function gofuncAddress(bin: GoBinary): number | undefined {
  let g = gofuncCache.get(bin);
  if (g === undefined) {
    g = null;
    const md = findModuleData(bin.container, bin.pclntab);
    const word = gofuncWord(bin);
    if (md && bin.container.view.has(md.offset, (word + 1) * 8)) {
      const addr = bin.container.view.u64(md.offset + word * 8);
      if (addrToOffset(bin.container, addr, 1) >= 0) g = addr;
    }
    gofuncCache.set(bin, g);
  }
  return g ?? undefined;
}

/** The file offset of f's inline tree, or -1 when it has none (or it cannot be found). */
function inlineTree(bin: GoBinary, f: GoFunc): number {
  const off = bin.funcs.funcdataOffset(f, FUNCDATA_INL_TREE);
  if (off === undefined) return -1;
  const base = gofuncAddress(bin);
  return base === undefined ? -1 : addrToOffset(bin.container, base + off, 16);
}

/**
 * File and line of pc as the user wrote it, with the inlined calls it sits in. `load`, when
 * given, is told each inline-tree entry's file bytes before they are read (a file read by parts).
 */
export function sourcePosition(bin: GoBinary, f: GoFunc, pc: number, load?: (offset: number, length: number) => void): SourcePosition {
  const ft = bin.funcs;
  const inlinedFrom: InlinedFrame[] = [];
  const tree = ft.pcdataCount(f) > PCDATA_INL_TREE_INDEX ? inlineTree(bin, f) : -1;
  const old = bin.pclntab.magic === MAGIC_118;
  const size = old ? 20 : 16;
  const v = bin.container.view;
  for (let depth = 0; tree >= 0 && depth < MAX_DEPTH; depth++) {
    const ix = ft.pcdata(f, PCDATA_INL_TREE_INDEX, pc);
    if (ix < 0) break;
    const at = tree + ix * size;
    load?.(at, size);
    const nameOff = v.i32(at + (old ? 12 : 4));
    const parentPc = v.i32(at + (old ? 16 : 8));
    inlinedFrom.push({ function: ft.nameAt(nameOff), file: ft.file(f, pc), line: ft.line(f, pc) });
    const next = f.entry + parentPc;
    // A parent pc outside the function, or one that does not move, ends the walk.
    if (next < f.entry || next >= f.end || next === pc) break;
    pc = next;
  }
  return { file: ft.file(f, pc), line: ft.line(f, pc), inlinedFrom };
}
