// What a crash dump proves about the machine and the toolchain, line by line:
// the architecture (pc and `+0x` return offsets are multiples of 4 on arm64,
// amd64 code has odd ones; `asm_amd64.s`/`asm_arm64.s` frames; `linux-amd64`
// in toolchain paths; register dumps; Go heap addresses at 0xc0... on amd64
// and 0x40... on arm64) and the Go version (toolchain paths, `go1.x` in module
// cache paths, `go version` lines). Each clue keeps the text it came from, so
// a verdict can name it. Bounded: a few examples per kind, counts otherwise.
import { own } from './own';

/** Architectures a Go crash can come from (those the clues can name). */
export type GoArch = 'arm64' | 'amd64' | '386' | 'arm' | 'ppc64' | 's390x' | 'riscv64' | 'mips' | 'loong64' | 'wasm';

export type ArchClueKind = 'asm-file' | 'toolchain-path' | 'registers' | 'alignment' | 'heap-address';

export interface ArchClue {
  kind: ArchClueKind;
  /** What the clue says: one architecture, or `x86` (not 4-byte aligned: amd64 or 386; never arm64). */
  arch: GoArch | 'x86' | 'not-arm64';
  /** The text it came from (`asm_amd64.s:1650`, `+0x105`, `rip 0x4649c1`). */
  text: string;
  /** How many lines showed it (alignment: how many pcs and offsets were read). */
  count: number;
}

export interface ArchEvidence {
  /** arm64, another architecture, or null when the log does not show it. */
  arch: GoArch | 'x86' | 'not-arm64' | null;
  /** True when a clue names it (a file, a path, registers) or the alignment rules arm64 out. */
  proven: boolean;
  clues: ArchClue[];
}

export interface GoVersionClue {
  /** `go1.24.1`, or `go1.19` when only the minor shows. */
  version: string;
  /** The text it came from. */
  text: string;
}

const RE_ASM = /\b[a-z0-9_]*_(amd64|arm64|386|arm|ppc64le|ppc64|s390x|riscv64|mips64le|mips64|mipsle|mips|loong64|wasm)\.s:\d+/;
const RE_OSARCH =
  /\b(?:linux|darwin|windows|freebsd|netbsd|openbsd|android|ios|illumos|solaris)[-_/](amd64|arm64|386|armv6l|arm|ppc64le|s390x|riscv64|loong64)\b/;
const RE_OFFSET = / \+0x([0-9a-f]+)(?:\s|$)/;
const RE_PC = /\bpc=0x([0-9a-f]+)\b/;
const RE_REG = /^(r\d+|lr|sp|pc|fault|cpsr|ctr|link|rip|rax|rsp|eip|eax|esp|ra|gp|tp)\s+0x[0-9a-f]+$/;
const RE_HEAP = /\b0x(c[0-9a-f]{9}|40[0-9a-f]{8})\b/;
/** A return address symbolised in a stack memory dump: `<runtime.sigpanic+0x2f6>`, or decimal in old Go (`<runtime.throw+129>`). */
const RE_SYM = /<[^<>+\s]+\+(?:0x([0-9a-f]+)|(\d+))>/g;
const RE_GO_VERSION =
  /(?:^go version |\/go-|\/go|toolchain@v0\.0\.1-go|\/sdk\/go|GOROOT=\S*go|\bgo)(1\.\d{1,2}(?:\.\d{1,2})?)(?:rc\d|beta\d)?(?=[./\s\-_]|$)/;

const norm = (a: string): GoArch => {
  if (a === 'ppc64le') return 'ppc64';
  if (a === 'armv6l') return 'arm';
  if (a.startsWith('mips')) return 'mips';
  return a as GoArch;
};

/** Collects the clues of one crash as its lines stream by. */
export class EvidenceCollector {
  private readonly named = new Map<string, ArchClue>();
  private aligned = 0;
  private unaligned: { text: string; odd: boolean } | null = null;
  private unalignedCount = 0;
  private alignedExample = '';
  private readonly regs = new Set<string>();
  private regExample = '';
  private heapC0 = 0;
  private heap40 = 0;
  private heapExample = { c0: '', h40: '' };
  private version: GoVersionClue | null = null;

  /** A line of the dump; `location` says it is a frame's file:line line (where offsets and versions are read). */
  line(l: string, location: boolean): void {
    let m: RegExpExecArray | null;
    if ((m = RE_ASM.exec(l))) this.name('asm-file', norm(m[1]), m[0]);
    if ((m = RE_OSARCH.exec(l))) this.name('toolchain-path', norm(m[1]), m[0]);
    if (location) {
      if ((m = RE_OFFSET.exec(l))) this.align(parseInt(m[1].slice(-4), 16), `+0x${m[1]}`);
      if ((m = RE_PC.exec(l))) this.align(parseInt(m[1].slice(-4), 16), `pc=0x${m[1]}`);
      if (!this.version && (m = RE_GO_VERSION.exec(l))) this.version = { version: `go${m[1]}`, text: own(l.trim().slice(0, 160)) };
    } else if (!this.version && l.startsWith('go version ') && (m = RE_GO_VERSION.exec(l))) {
      this.version = { version: `go${m[1]}`, text: own(l.trim().slice(0, 160)) };
    }
    if (l.includes('+') && l.includes('<')) {
      for (const s of l.matchAll(RE_SYM)) {
        const low = s[1] !== undefined ? parseInt(s[1].slice(-4), 16) : Number(s[2]) % 65536;
        this.align(low, s[0]);
      }
    }
    if ((m = RE_REG.exec(l))) {
      this.regs.add(m[1]);
      if (!this.regExample) this.regExample = own(l.trim());
    }
    if ((m = RE_HEAP.exec(l))) {
      if (m[1].startsWith('c')) {
        this.heapC0++;
        this.heapExample.c0 ||= own(`0x${m[1]}`);
      } else {
        this.heap40++;
        this.heapExample.h40 ||= own(`0x${m[1]}`);
      }
    }
  }

  goVersion(): GoVersionClue | null {
    return this.version;
  }

  arch(): ArchEvidence {
    const clues: ArchClue[] = [...this.named.values()];
    const reg = this.registerArch();
    if (reg) clues.push({ kind: 'registers', arch: reg, text: this.regExample, count: this.regs.size });
    if (this.unaligned) {
      clues.push({
        kind: 'alignment',
        arch: this.unaligned.odd ? 'x86' : 'not-arm64',
        text: this.unaligned.text,
        count: this.unalignedCount,
      });
    } else if (this.aligned > 0) {
      clues.push({ kind: 'alignment', arch: 'arm64', text: this.alignedExample, count: this.aligned });
    }
    if (this.heapC0 > this.heap40) clues.push({ kind: 'heap-address', arch: 'not-arm64', text: this.heapExample.c0, count: this.heapC0 });
    else if (this.heap40 > this.heapC0) clues.push({ kind: 'heap-address', arch: 'arm64', text: this.heapExample.h40, count: this.heap40 });
    return { ...decide(clues), clues };
  }

  private name(kind: ArchClueKind, arch: GoArch, text: string): void {
    const key = `${kind}:${arch}`;
    const c = this.named.get(key);
    if (c) c.count++;
    else if (this.named.size < 16) this.named.set(key, { kind, arch, text: own(text), count: 1 });
  }

  private align(low: number, text: string): void {
    if (low % 4 === 0) {
      this.aligned++;
      this.alignedExample ||= own(text);
    } else {
      this.unalignedCount++;
      if (!this.unaligned || (!this.unaligned.odd && low % 2 === 1)) this.unaligned = { text: own(text), odd: low % 2 === 1 };
    }
  }

  private registerArch(): GoArch | null {
    const r = this.regs;
    if (r.has('rip') || r.has('rax') || r.has('rsp')) return 'amd64';
    if (r.has('eip') || r.has('eax') || r.has('esp')) return '386';
    if (r.has('cpsr')) return 'arm';
    if (r.has('ctr') || r.has('link') || r.has('r31')) return 'ppc64';
    if (r.has('ra') || r.has('gp') || r.has('tp')) return 'riscv64';
    if (r.has('r28') && r.has('lr')) return 'arm64';
    return null;
  }
}

/**
 * The code's own clues decide (asm files, registers); then a pc or offset that
 * is not a multiple of 4 rules arm64 out; then a toolchain path; many Go heap
 * addresses at 0xc... rule arm64 out; 4-byte alignment alone only suggests arm64.
 */
function decide(clues: ArchClue[]): Pick<ArchEvidence, 'arch' | 'proven'> {
  const named = (kind: ArchClueKind) => {
    const all = clues.filter((c) => c.kind === kind);
    // Several: the most frequent.
    return all.length ? all.reduce((a, b) => (b.count > a.count ? b : a)) : undefined;
  };
  const code = named('asm-file') ?? named('registers');
  if (code) return { arch: code.arch, proven: true };
  const align = clues.find((c) => c.kind === 'alignment');
  // A pc that is not a multiple of 4 was not arm64 code, whatever toolchain built it (Rosetta, cross-compiling).
  if (align && align.arch !== 'arm64') return { arch: align.arch, proven: true };
  const path = named('toolchain-path');
  if (path) return { arch: path.arch, proven: true };
  const heap = clues.find((c) => c.kind === 'heap-address');
  // Go heap (and goroutine stack) addresses at 0xc...: amd64's arena (arm64's is at 0x40...); many of them, and no 4-byte alignment to say otherwise.
  if (heap && heap.arch === 'not-arm64' && heap.count >= 3 && !(align && align.count >= 8)) return { arch: 'not-arm64', proven: true };
  if (align && heap && heap.arch === 'arm64') return { arch: 'arm64', proven: false };
  if (align && align.count >= 8) return { arch: 'arm64', proven: false };
  return { arch: null, proven: false };
}
