// Opens a Go arm64 executable held in memory: container, build info,
// pclntab, text start and function table, with one-line reasons for
// everything it cannot read (another architecture, an old Go, a packed or
// truncated file). The GoBinary it returns answers function, line and frame
// questions lazily; nothing here runs Go tools.
import { BinaryFormatError } from './bytes';
import type { Container } from './container';
import { addrToOffset, openContainer } from './container';
import { BUILDINFO_MAGIC, readBuildInfo } from './buildinfo';
import { FuncTable, FUNCFLAG_ASM, type GoFunc } from './funcs';
import { findPclntab, MAGIC_116, type PcHeader } from './pclntab';
import { findTextStart, type TextStart } from './textStart';
import type { BuildInfo, ContainerFormat } from './types';
import { parseGoVersion } from '../toolchain/goVersion';
import { binaryFileWords } from '../vocabulary/binaryFile';

export interface GoFunction {
  name: string;
  entry: number;
  /** Start of the next function. */
  end: number;
  /** The `func` line (go1.20+), 0 when unknown. */
  startLine: number;
  assembly: boolean;
  raw: GoFunc;
}

export interface GoBinary {
  format: ContainerFormat;
  container: Container;
  buildInfo: BuildInfo | null;
  goVersion: string | null;
  functionCount: number;
  pclntab: PcHeader;
  textStart: TextStart;
  funcs: FuncTable;
  functionByName(name: string): GoFunction | undefined;
  functionAt(pc: number): GoFunction | undefined;
  /** Machine code of [entry, end), bounded by the file. */
  code(fn: GoFunction): Uint8Array;
  lineAt(pc: number): { file: string; line: number } | undefined;
  /** Frame size the unwinder assumes at pc; undefined outside every function. */
  pcspAt(pc: number): number | undefined;
}

/** A reader's exception (malformed input) as one line; anything else is a bug and propagates. */
export function reason(e: unknown): string {
  if (e instanceof BinaryFormatError) return e.message;
  throw e;
}

function looksLikeGo(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(BUILDINFO_MAGIC) >= 0;
}

function oldVersionError(version: string | null, magic?: number): string | undefined {
  const v = version ? parseGoVersion(version) : undefined;
  if (v && version && v.major === 1 && v.minor < 18) return binaryFileWords.goTooOld(version);
  if (magic !== undefined) return binaryFileWords.pclntabTooOld(magic === MAGIC_116);
  return undefined;
}

/** `pclntab`: the header, when the caller already found it the way findPclntab would (sparseScan.ts). */
export function openGoBinary(bytes: Uint8Array, known: { pclntab?: PcHeader } = {}): GoBinary | { error: string } {
  try {
    return open(bytes, known.pclntab);
  } catch (e) {
    return { error: reason(e) };
  }
}

function open(bytes: Uint8Array, pclntab: PcHeader | undefined): GoBinary | { error: string } {
  const c = openContainer(bytes);
  if ('foreign' in c) {
    if (!c.arch) return { error: c.foreign };
    return { error: looksLikeGo(bytes) ? binaryFileWords.goForOtherArch(c.arch) : binaryFileWords.otherArch(c.foreign, c.arch) };
  }
  let buildInfo: BuildInfo | null;
  try {
    buildInfo = readBuildInfo(c);
  } catch {
    buildInfo = null;
  }
  const goVersion = buildInfo?.goVersion || null;
  const old = oldVersionError(goVersion);
  if (old) return { error: old };
  const h = pclntab ?? findPclntab(c);
  if ('error' in h)
    return {
      error: oldVersionError(goVersion, h.oldMagic) ?? (buildInfo || looksLikeGo(bytes) ? h.error : binaryFileWords.notGo(h.error)),
    };
  const ts = findTextStart(c, h);
  if ('error' in ts) return ts;
  return new LoadedGoBinary(c, buildInfo, goVersion, h, ts);
}

class LoadedGoBinary implements GoBinary {
  readonly format: ContainerFormat;
  readonly funcs: FuncTable;
  readonly functionCount: number;
  private byName: Map<string, number> | undefined;

  constructor(
    readonly container: Container,
    readonly buildInfo: BuildInfo | null,
    readonly goVersion: string | null,
    readonly pclntab: PcHeader,
    readonly textStart: TextStart,
  ) {
    this.format = container.format;
    this.funcs = new FuncTable(container, pclntab, textStart.addr);
    this.functionCount = pclntab.nfunc;
  }

  describe(f: GoFunc): GoFunction {
    return {
      name: this.funcs.name(f),
      entry: f.entry,
      end: f.end,
      startLine: this.funcs.startLine(f),
      assembly: (this.funcs.flag(f) & FUNCFLAG_ASM) !== 0,
      raw: f,
    };
  }

  functionByName(name: string): GoFunction | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (let i = 0; i < this.functionCount; i++) {
        try {
          const f = this.funcs.func(i);
          if (f && !this.byName.has(this.funcs.name(f))) this.byName.set(this.funcs.name(f), i);
        } catch {
          /* a corrupt record names nothing */
        }
      }
    }
    const clean = name.replace(/\(\.\.\.\)$/, '').replace(/\.abi0$/, '');
    const i = this.byName.get(clean);
    const f = i === undefined ? undefined : this.funcs.func(i);
    return f ? this.describe(f) : undefined;
  }

  functionAt(pc: number): GoFunction | undefined {
    const f = this.funcs.at(pc);
    return f ? this.describe(f) : undefined;
  }

  code(fn: GoFunction): Uint8Array {
    const len = Math.max(0, fn.end - fn.entry);
    const off = addrToOffset(this.container, fn.entry, len);
    return off < 0 ? new Uint8Array(0) : this.container.view.u8.subarray(off, off + len);
  }

  lineAt(pc: number): { file: string; line: number } | undefined {
    const f = this.funcs.at(pc);
    return f ? { file: this.funcs.file(f, pc), line: this.funcs.line(f, pc) } : undefined;
  }

  pcspAt(pc: number): number | undefined {
    const f = this.funcs.at(pc);
    return f ? this.funcs.pcsp(f, pc) : undefined;
  }
}
