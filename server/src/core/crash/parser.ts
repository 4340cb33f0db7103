// Reads one Go runtime crash dump (the reproducer's stderr, or one crash that
// crash/split.ts cut out of a production log) line by line: which crash
// signatures it shows (exactly the lines matched), the evidence around them
// (architecture and Go version: crash/evidence.ts), the goroutine the
// unwinder failed on and whether the log shows it was preempted, and where it
// stopped (`main.bigStack(...)\n\t.../main.go:9 +0x70` -> main.bigStack + 0x70).
// Understands the traceback formats of go1.14..go1.27 (GOTRACEBACK=single|all|
// system|crash, `gp=`/`m=` goroutine details, register dumps, `[signal ...]`
// headers, elided frames, `created by ... in goroutine N`, the older
// `runtime: unexpected return pc for F called from 0x...` form). It is fed
// untrusted text of any size: it bounds what it keeps; kept strings are
// copied so a report never pins the chunk it was read from.
import { own } from './own';
import { EvidenceCollector, type ArchEvidence, type GoVersionClue } from './evidence';
import { isCrashFrame, isPrintedStackFrame, isSignalMachinery, isUnwinderFunction, RE_CALL, RE_GOROUTINE, RE_LOCATION } from './openers';

export type CrashSignatureId =
  | 'traceback-did-not-unwind'
  | 'unknown-caller-pc'
  | 'traceback-stuck'
  | 'unexpected-return-pc'
  | 'unknown-pc'
  /** A segmentation fault inside the runtime's unwinder (`SIGSEGV ... addr=0x118` in runtime.(*unwinder).next). */
  | 'sigsegv-unwinder'
  | 'other-fatal'
  /** `panic: ...` (an ordinary Go panic). */
  | 'other-panic'
  /** Any other fatal signal (`SIGSEGV: ...`, `[signal SIGBUS ...]`, `unexpected fault address`). */
  | 'other-signal';

/**
 * The signatures of the split-epilogue crash: the runtime's unwinder reading a
 * garbage return address from a frame whose SP had moved by half (golang/go#73259).
 * Not among them: `runtime: unknown pc` (a traceback starting in code that is not
 * Go's: a signal in C, an emulator) and `traceback stuck` (a frame that does not
 * advance: assembly that writes SP, morestack), which other causes print.
 */
export const HAZARD_SIGNATURES: readonly CrashSignatureId[] = [
  'traceback-did-not-unwind',
  'unknown-caller-pc',
  'unexpected-return-pc',
  'sigsegv-unwinder',
];

export interface CrashSignature {
  id: CrashSignatureId;
  /** The line(s) as the log has them, e.g. `fatal error: traceback did not unwind completely`. */
  text: string;
}

export interface Frame {
  function: string;
  file?: string;
  line?: number;
  /** `+0x70`: pc minus the function's entry. */
  offset?: number;
  /** fp - sp when the log prints both (GOTRACEBACK=system): the frame's size. */
  frameBytes?: number;
}

export interface GoroutineTrace {
  /** null for the `runtime stack:` (system stack) blocks. */
  id: number | null;
  state: string;
  frames: Frame[];
}

export interface CrashReport {
  /** The first fatal signature in the output (what killed the process); null when none. */
  signature: CrashSignature | null;
  /** Every signature seen, in order, without duplicates. */
  signatures: CrashSignature[];
  /** Goroutine the runtime was unwinding when it gave up (`runtime: g1: ...`, `runtime: g 1: unexpected return pc`). */
  unwoundGoroutine: number | null;
  /** The state the unwound (or preempted) goroutine's block shows (`preempted (scan)`, `running`), when shown. */
  unwoundState: string | null;
  preemptedGoroutine: number | null;
  preemptedFunction: string | null;
  preemptedOffset: number | null;
  preemptedFile: string | null;
  preemptedLine: number | null;
  /** fp - sp of that frame, when the log prints both. */
  preemptedFrameBytes: number | null;
  /**
   * Where that function came from: `traceback` when the log shows the goroutine
   * was preempted (runtime.asyncPreempt or a `[preempted]` block), `unexpected-return-pc`
   * when only the unwinder's complaint names it (its return address was unusable).
   */
  preemptedSource: 'traceback' | 'unexpected-return-pc' | null;
  /** The goroutine's frames below runtime.asyncPreempt (the preempted frame first), for people to read. */
  preemptedStack: Frame[];
  goroutines: GoroutineTrace[];
  /** The fault address the log prints with the signal (`addr=0x118`), null when it prints none. */
  faultAddress: string | null;
  arch: ArchEvidence;
  goVersion: GoVersionClue | null;
  /** A `fatal error:`/`panic:`/signal header was in the crash (false: the log starts after it). */
  hasHeader: boolean;
  /** The dump ended on a frame's call line without its location (cut in the middle of a frame). */
  endsMidFrame: boolean;
  /** A goroutine (or system stack) block was in the crash. */
  hasBlocks: boolean;
  /** Lines read. */
  lines: number;
}

const MAX_LINE = 4096; // longer lines are garbage for our purposes
const MAX_GOROUTINES = 256;
const MAX_FRAMES = 128;
const MAX_SIGNATURES = 16;

const RE_FATAL = /^fatal error: (.*)$/;
const RE_PANIC = /^panic: (.*)$/;
const RE_SIGNAL_HEAD = /^(SIG[A-Z]+): (.*)$/;
const RE_FAULT = /^unexpected fault address (0x[0-9a-f]+)/;
const RE_SIGNAL = /^\[signal (SIG\w+)[^\]]*\]?/;
const RE_ADDR = /\baddr=(0x[0-9a-f]+)/;
const RE_PC_LINE = /^PC=0x[0-9a-f]+ m=\d+ sigcode=\d+/;
const RE_UNEXPECTED_RETURN = /^runtime: (?:g ?(\d+): )?unexpected return pc for (\S+) called from (0x[0-9a-f]+)/;
const RE_UNWIND_G = /^runtime: g ?(\d+): /;
const RE_STUCK = /^runtime: traceback stuck\.?/;
const RE_UNKNOWN_PC = /^runtime: (?:g ?\d+: )?unknown pc (0x[0-9a-f]+)/;
const RE_FP_SP = /\bfp=0x([0-9a-f]+) sp=0x([0-9a-f]+)/;

/** Incremental parser: push lines (or chunks) as they arrive, read `report()` at any time. */
export class CrashLogParser {
  private pending = '';
  private readonly sigs: CrashSignature[] = [];
  private primary: CrashSignature | null = null;
  private unwound: number | null = null;
  private unexpectedFn: string | null = null;
  private readonly goroutines: GoroutineTrace[] = [];
  private current: GoroutineTrace | null = null;
  private lastFrame: Frame | null = null;
  private readonly evidence = new EvidenceCollector();
  /** A SIGSEGV header was seen (its text), and the fault address if printed. */
  private segv: string | null = null;
  private faultAddr: string | null = null;
  private headerSeen = false;
  private midFrame = false;
  private lineCount = 0;

  push(chunk: string): void {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > MAX_LINE) this.pending = this.pending.slice(0, MAX_LINE);
    for (const l of lines) this.line(l);
  }

  /** Flushes a last line without a newline. */
  end(): CrashReport {
    if (this.pending) {
      const last = this.pending;
      this.pending = '';
      this.line(last);
    }
    return this.report();
  }

  /** One line (without its newline). */
  line(raw: string): void {
    const l0 = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    const l = l0.endsWith('\r') ? l0.slice(0, -1) : l0;
    this.lineCount++;
    const loc = RE_LOCATION.exec(l);
    this.evidence.line(l, loc !== null);
    this.classify(l, loc);
  }

  report(): CrashReport {
    const pre = this.preempted();
    const fromTraceback = pre.frame !== null;
    const fn = pre.frame?.function ?? this.unexpectedFn;
    const segvSig = this.segvSignature();
    const sigs = segvSig ? [...this.sigs, segvSig] : [...this.sigs];
    const primary = this.primary ?? (segvSig?.id === 'sigsegv-unwinder' ? segvSig : null) ?? sigs[0] ?? null;
    return {
      signature: primary,
      signatures: sigs,
      unwoundGoroutine: this.unwound,
      unwoundState: pre.state,
      preemptedGoroutine: pre.goroutine,
      preemptedFunction: fn,
      preemptedOffset: pre.frame?.offset ?? null,
      preemptedFile: pre.frame?.file ?? null,
      preemptedLine: pre.frame?.line ?? null,
      preemptedFrameBytes: pre.frame?.frameBytes ?? null,
      preemptedSource: fromTraceback ? 'traceback' : this.unexpectedFn ? 'unexpected-return-pc' : null,
      preemptedStack: pre.stack.map((f) => ({ ...f })),
      goroutines: this.goroutines.map((g) => ({ ...g, frames: [...g.frames] })),
      faultAddress: this.faultAddr,
      arch: this.evidence.arch(),
      goVersion: this.evidence.goVersion(),
      hasHeader: this.headerSeen,
      endsMidFrame: this.midFrame,
      hasBlocks: this.goroutines.length > 0,
      lines: this.lineCount,
    };
  }

  private classify(l: string, loc: RegExpExecArray | null): void {
    let m: RegExpExecArray | null;
    if (loc) {
      this.location(loc, l);
      return;
    }
    this.midFrame = false;
    if ((m = RE_FATAL.exec(l))) {
      this.headerSeen = true;
      this.addSig(fatalSignature(l, m[1].trim()), true);
      this.current = null;
      return;
    }
    if (RE_PANIC.test(l)) {
      this.headerSeen = true;
      this.addSig({ id: 'other-panic', text: own(l.slice(0, 200)) }, false);
      this.current = null;
      return;
    }
    if ((m = RE_SIGNAL.exec(l))) {
      this.headerSeen = true;
      this.signal(m[1], l);
      this.current = null;
      return;
    }
    if ((m = RE_SIGNAL_HEAD.exec(l))) {
      this.headerSeen = true;
      this.signal(m[1], l);
      this.current = null;
      return;
    }
    if ((m = RE_FAULT.exec(l))) {
      this.headerSeen = true;
      this.faultAddr ??= own(m[1]);
      this.addSig({ id: 'other-signal', text: own(l.slice(0, 200)) }, false);
      return;
    }
    if (RE_PC_LINE.test(l)) {
      const a = RE_ADDR.exec(l);
      if (a) this.faultAddr ??= own(a[1]);
      if (this.segv) this.segv = own(`${this.segv} ${l.slice(0, 120)}`);
      return;
    }
    if ((m = RE_UNEXPECTED_RETURN.exec(l))) {
      if (m[1] !== undefined) this.unwound ??= Number(m[1]);
      this.unexpectedFn ??= own(m[2]);
      this.addSig({ id: 'unexpected-return-pc', text: own(l.slice(0, 200)) }, false);
      return;
    }
    if (RE_STUCK.test(l)) {
      this.addSig({ id: 'traceback-stuck', text: own(l.slice(0, 200)) }, false);
      return;
    }
    if (RE_UNKNOWN_PC.test(l)) {
      this.addSig({ id: 'unknown-pc', text: own(l.slice(0, 200)) }, false);
      return;
    }
    if ((m = RE_UNWIND_G.exec(l))) {
      this.unwound ??= Number(m[1]);
      return;
    }
    if (l === 'runtime stack:') {
      this.open(null, 'system');
      return;
    }
    if ((m = RE_GOROUTINE.exec(l))) {
      this.open(Number(m[1]), own(m[2]));
      return;
    }
    if (l.trim() === '') {
      this.current = null;
      this.lastFrame = null;
      return;
    }
    if (l.startsWith('created by ')) {
      this.lastFrame = null;
      return;
    }
    if ((m = RE_CALL.exec(l))) this.frame(m[1]);
  }

  private location(m: RegExpExecArray, l: string): void {
    this.midFrame = false;
    const f = this.lastFrame;
    if (!f || f.file !== undefined) return;
    f.file = own(m[1] ?? m[2]);
    f.line = Number(m[3]);
    if (m[4] !== undefined && m[4].length <= 12) f.offset = parseInt(m[4], 16);
    const fs = RE_FP_SP.exec(l);
    if (fs && fs[1].length <= 16 && fs[2].length <= 16) {
      const bytes = Number(BigInt(`0x${fs[1]}`) - BigInt(`0x${fs[2]}`));
      if (bytes >= 0 && bytes < 2 ** 32) f.frameBytes = bytes;
    }
  }

  private signal(name: string, l: string): void {
    const a = RE_ADDR.exec(l);
    if (a) this.faultAddr ??= own(a[1]);
    if (name === 'SIGSEGV' || name === 'SIGBUS') this.segv ??= own(l.slice(0, 200));
    else this.addSig({ id: 'other-signal', text: own(l.slice(0, 200)) }, false);
  }

  /**
   * A segmentation fault is the unwinder's when the function that faulted (the
   * first frame after the signal machinery of the first block that shows one)
   * is the runtime's unwinder; any other fault is another crash.
   */
  private segvSignature(): CrashSignature | null {
    if (!this.segv) return null;
    const faulting = this.faultingFunction();
    const addr = this.faultAddr && !this.segv.includes(`addr=${this.faultAddr}`) ? ` addr=${this.faultAddr}` : '';
    const text = `${this.segv}${addr}${faulting ? ` in ${faulting}` : ''}`;
    return { id: faulting && isUnwinderFunction(faulting) ? 'sigsegv-unwinder' : 'other-signal', text };
  }

  private faultingFunction(): string | null {
    for (const g of this.goroutines) {
      const i = g.frames.findIndex((f) => f.function === 'runtime.sigpanic');
      if (i >= 0 && g.frames[i + 1]) return g.frames[i + 1].function;
    }
    for (const g of this.goroutines) {
      const top = g.frames.find((f) => !isSignalMachinery(f.function));
      if (top) return top.function;
    }
    return null;
  }

  private frame(fn: string): void {
    this.midFrame = true;
    if (!this.current || this.current.frames.length >= MAX_FRAMES) {
      this.lastFrame = null;
      return;
    }
    const f: Frame = { function: own(fn) };
    this.current.frames.push(f);
    this.lastFrame = f;
  }

  private open(id: number | null, state: string): void {
    this.lastFrame = null;
    if (this.goroutines.length >= MAX_GOROUTINES) {
      this.current = null;
      return;
    }
    this.current = { id, state, frames: [] };
    this.goroutines.push(this.current);
  }

  private addSig(sig: CrashSignature, fatal: boolean): void {
    if (this.sigs.length < MAX_SIGNATURES && !this.sigs.some((s) => s.id === sig.id && s.text === sig.text)) this.sigs.push(sig);
    // The first fatal hazard one killed the process; later ones are the runtime failing while printing.
    if (fatal && !this.primary && HAZARD_SIGNATURES.includes(sig.id)) this.primary = sig;
  }

  /**
   * The goroutine stopped by asyncPreempt: prefer the one the unwinder failed on.
   * With GOTRACEBACK=single/all (runtime frames hidden) there is no asyncPreempt
   * frame: then a `[preempted...]` goroutine's first non-runtime frame.
   */
  private preempted(): { goroutine: number | null; state: string | null; frame: Frame | null; stack: Frame[] } {
    const candidates: { g: GoroutineTrace; frame: Frame | null; at: number }[] = [];
    for (const g of this.goroutines) {
      if (g.id === null) continue;
      const i = g.frames.findIndex((f) => f.function === 'runtime.asyncPreempt');
      if (i >= 0) {
        candidates.push({ g, frame: g.frames[i + 1] ?? null, at: i + 1 });
        continue;
      }
      if (g.state.startsWith('preempted') && g.frames.length > 0 && !g.frames.some((f) => f.function.startsWith('runtime.'))) {
        candidates.push({ g, frame: g.frames[0], at: 0 });
      }
    }
    const pick =
      candidates.find((c) => c.g.id === this.unwound && c.frame) ??
      candidates.find((c) => c.g.id === this.unwound) ??
      candidates.find((c) => c.frame) ??
      candidates[0];
    if (!pick) {
      const g = this.goroutines.find((x) => x.id !== null && x.id === this.unwound);
      return { goroutine: null, state: g?.state ?? null, frame: null, stack: [] };
    }
    return { goroutine: pick.g.id, state: pick.g.state, frame: pick.frame, stack: pick.g.frames.slice(pick.at) };
  }
}

function fatalSignature(line: string, msg: string): CrashSignature {
  const text = own(line.slice(0, 200));
  if (msg === 'traceback did not unwind completely') return { id: 'traceback-did-not-unwind', text };
  if (msg === 'unknown caller pc') return { id: 'unknown-caller-pc', text };
  if (msg === 'traceback stuck') return { id: 'traceback-stuck', text };
  if (msg === 'unknown pc') return { id: 'unknown-pc', text };
  return { id: 'other-fatal', text };
}

/**
 * Whether a header-less goroutine block is part of a crash, not a stack printed
 * on purpose (a recovered panic logged with debug.Stack, a pprof dump): its
 * frames are the runtime's crash machinery, or it is the goroutine that was
 * running when the process died.
 */
export function isCrashBlock(g: GoroutineTrace): boolean {
  const fns = g.frames.map((f) => f.function);
  if (fns.length === 0 || fns.some(isPrintedStackFrame)) return false;
  return fns.some(isCrashFrame) || g.state === 'running';
}

export function parseCrashLog(text: string): CrashReport {
  const p = new CrashLogParser();
  p.push(text);
  return p.end();
}
