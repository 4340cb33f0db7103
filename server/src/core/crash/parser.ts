// Reads one Go runtime crash dump (the reproducer's stderr, or one crash that
// crash/split.ts cut out of a production log) line by line: which crash
// signatures it shows and where the preempted goroutine stopped
// (`main.bigStack(...)\n\t.../main.go:9 +0x70` -> main.bigStack + 0x70).
// Understands the traceback formats of go1.19..go1.27 (GOTRACEBACK=single|all|
// system|crash, `gp=`/`m=` goroutine details, register dumps, `[signal ...]`
// headers, elided frames, `created by ... in goroutine N`). It is fed untrusted
// text of any size, so it bounds what it keeps and never throws.

export type CrashSignatureId =
  | 'traceback-did-not-unwind'
  | 'unknown-caller-pc'
  | 'sigsegv-0x118'
  | 'unexpected-return-pc'
  | 'other-fatal'
  /** `panic: ...` (an ordinary Go panic). */
  | 'other-panic'
  /** Any other fatal signal (`SIGSEGV: ...`, `[signal SIGBUS ...]`, `unexpected fault address`). */
  | 'other-signal';

/** The signatures of the split-epilogue crash (golang/go#73259). */
export const HAZARD_SIGNATURES: readonly CrashSignatureId[] = [
  'traceback-did-not-unwind',
  'unknown-caller-pc',
  'sigsegv-0x118',
  'unexpected-return-pc',
];

export interface CrashSignature {
  id: CrashSignatureId;
  /** Human text, e.g. `fatal error: traceback did not unwind completely`. */
  text: string;
}

export interface Frame {
  function: string;
  file?: string;
  line?: number;
  /** `+0x70`: pc minus the function's entry. */
  offset?: number;
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
  preemptedGoroutine: number | null;
  preemptedFunction: string | null;
  preemptedOffset: number | null;
  preemptedFile: string | null;
  preemptedLine: number | null;
  /** Where the preempted function came from: its traceback frame, or only the `unexpected return pc for F` line. */
  preemptedSource: 'traceback' | 'unexpected-return-pc' | null;
  /** The goroutine's frames below runtime.asyncPreempt (the preempted frame first), for people to read. */
  preemptedStack: Frame[];
  goroutines: GoroutineTrace[];
}

const MAX_LINE = 4096; // longer lines are garbage for our purposes
const MAX_GOROUTINES = 256;
const MAX_FRAMES = 128;

const RE_FATAL = /^fatal error: (.*)$/;
const RE_PANIC = /^panic: (.*)$/;
const RE_SIGNAL_HEAD = /^(SIG[A-Z]+): (.*)$/;
const RE_FAULT = /^unexpected fault address (0x[0-9a-f]+)/;
const RE_SIGNAL = /^\[signal (SIG\w+)[^\]]*?addr=(0x[0-9a-f]+)/;
const RE_SIGSEGV_HEAD = /^PC=0x[0-9a-f]+ m=\d+ sigcode=\d+ addr=(0x[0-9a-f]+)/;
const RE_UNEXPECTED_RETURN = /^runtime: g ?(\d+): unexpected return pc for (\S+) called from (0x[0-9a-f]+)/;
const RE_UNWIND_G = /^runtime: g ?(\d+): frame\.sp=/;
const RE_GOROUTINE = /^goroutine (\d+)(?: [^[]*)? \[(.*)\]:$/;
const RE_CALL = /^(\S.*)\(([^()]*)\)$/;
const RE_LOCATION = /^[\t ]+(\S.*?):(\d+)(?: \+0x([0-9a-f]+))?(?:\s|$)/;

/** Incremental parser: push chunks as they arrive, read `report()` at any time. */
export class CrashLogParser {
  private pending = '';
  private readonly sigs: CrashSignature[] = [];
  private fatalSeen = false;
  private primary: CrashSignature | null = null;
  private unwound: number | null = null;
  private unexpectedFn: string | null = null;
  private readonly goroutines: GoroutineTrace[] = [];
  private current: GoroutineTrace | null = null;
  private lastFrame: Frame | null = null;
  /** Set after a `SIGSEGV: segmentation violation` header until its first frame names where it hit. */
  private segvPending: 'head' | 'signal' | 'after-sigpanic' | null = null;

  push(chunk: string): void {
    try {
      const text = this.pending + chunk;
      const lines = text.split('\n');
      this.pending = lines.pop() ?? '';
      if (this.pending.length > MAX_LINE) this.pending = this.pending.slice(0, MAX_LINE);
      for (const l of lines) this.line(l.endsWith('\r') ? l.slice(0, -1) : l);
    } catch {
      // Garbage in: keep what was parsed so far.
    }
  }

  /** Flushes a last line without a newline. */
  end(): CrashReport {
    if (this.pending) {
      const last = this.pending;
      this.pending = '';
      try {
        this.line(last);
      } catch {
        /* ignore */
      }
    }
    return this.report();
  }

  report(): CrashReport {
    const pre = this.preempted();
    return {
      signature: this.primary ?? this.sigs[0] ?? null,
      signatures: [...this.sigs],
      unwoundGoroutine: this.unwound,
      preemptedGoroutine: pre.goroutine,
      preemptedFunction: pre.frame?.function ?? this.unexpectedFn,
      preemptedOffset: pre.frame?.offset ?? null,
      preemptedFile: pre.frame?.file ?? null,
      preemptedLine: pre.frame?.line ?? null,
      preemptedSource: pre.frame ? 'traceback' : this.unexpectedFn ? 'unexpected-return-pc' : null,
      preemptedStack: pre.stack.map((f) => ({ ...f })),
      goroutines: this.goroutines.map((g) => ({ ...g, frames: [...g.frames] })),
    };
  }

  private line(raw: string): void {
    const l = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    let m: RegExpExecArray | null;
    if ((m = RE_FATAL.exec(l))) {
      const msg = m[1].trim();
      const sig = fatalSignature(msg);
      this.addSig(sig, true);
      this.current = null;
      return;
    }
    if ((m = RE_PANIC.exec(l))) {
      this.addSig({ id: 'other-panic', text: `panic: ${m[1].trim().slice(0, 200)}` }, false);
      this.current = null;
      return;
    }
    if ((m = RE_SIGNAL.exec(l))) {
      if (m[1] === 'SIGSEGV' && m[2] === '0x118') this.segvPending = 'signal';
      else this.addSig({ id: 'other-signal', text: l.slice(1, l.indexOf(']') > 0 ? l.indexOf(']') : 200) }, false);
      this.current = null;
      return;
    }
    if (l === 'SIGSEGV: segmentation violation') {
      this.segvPending = 'head';
      this.current = null;
      return;
    }
    if (RE_SIGNAL_HEAD.test(l)) {
      this.addSig({ id: 'other-signal', text: l.slice(0, 200) }, false);
      this.current = null;
      return;
    }
    if ((m = RE_FAULT.exec(l))) {
      this.addSig({ id: 'other-signal', text: `unexpected fault address ${m[1]}` }, false);
      return;
    }
    if ((m = RE_SIGSEGV_HEAD.exec(l))) {
      if (m[1] !== '0x118') {
        this.segvPending = null;
        this.addSig({ id: 'other-signal', text: `SIGSEGV addr=${m[1]}` }, false);
      }
      return;
    }
    if ((m = RE_UNEXPECTED_RETURN.exec(l))) {
      this.unwound ??= Number(m[1]);
      this.unexpectedFn ??= m[2];
      this.addSig({ id: 'unexpected-return-pc', text: `unexpected return pc for ${m[2]} called from ${m[3]}` }, false);
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
      this.open(Number(m[1]), m[2]);
      return;
    }
    if (l === '') {
      this.current = null;
      this.lastFrame = null;
      return;
    }
    if ((m = RE_LOCATION.exec(l))) {
      if (this.lastFrame && this.lastFrame.file === undefined) {
        this.lastFrame.file = m[1];
        this.lastFrame.line = Number(m[2]);
        if (m[3] !== undefined) this.lastFrame.offset = parseInt(m[3], 16);
      }
      return;
    }
    if (l.startsWith('created by ')) {
      this.lastFrame = null;
      return;
    }
    if ((m = RE_CALL.exec(l))) this.frame(m[1]);
  }

  private frame(fn: string): void {
    if (this.segvPending === 'head' || this.segvPending === 'after-sigpanic') {
      // The faulting function: first frame after the signal handler's header, or after runtime.sigpanic.
      // Only the runtime's unwinder reading a garbage frame is this bug; a nil dereference elsewhere is not.
      if (fn.startsWith('runtime.')) this.addSig({ id: 'sigsegv-0x118', text: `SIGSEGV addr=0x118 in ${fn}` }, true);
      else this.addSig({ id: 'other-signal', text: `SIGSEGV addr=0x118 in ${fn}` }, false);
      this.segvPending = null;
    } else if (this.segvPending === 'signal' && fn === 'runtime.sigpanic') {
      this.segvPending = 'after-sigpanic';
    }
    if (!this.current) {
      this.lastFrame = null;
      return;
    }
    if (this.current.frames.length >= MAX_FRAMES) {
      this.lastFrame = null;
      return;
    }
    const f: Frame = { function: fn };
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
    if (!this.sigs.some((s) => s.id === sig.id && s.text === sig.text)) this.sigs.push(sig);
    // The first fatal one killed the process; later ones are the runtime failing while printing.
    if (fatal && !this.fatalSeen && HAZARD_SIGNATURES.includes(sig.id)) {
      this.primary = sig;
      this.fatalSeen = true;
    }
  }

  /**
   * The goroutine stopped by asyncPreempt: prefer the one the unwinder failed on.
   * With GOTRACEBACK=single/all (runtime frames hidden) there is no asyncPreempt
   * frame: then a `[preempted...]` goroutine's first non-runtime frame.
   */
  private preempted(): { goroutine: number | null; frame: Frame | null; stack: Frame[] } {
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
    if (!pick) return { goroutine: null, frame: null, stack: [] };
    return { goroutine: pick.g.id, frame: pick.frame, stack: pick.g.frames.slice(pick.at) };
  }
}

function fatalSignature(msg: string): CrashSignature {
  if (msg === 'traceback did not unwind completely') return { id: 'traceback-did-not-unwind', text: `fatal error: ${msg}` };
  if (msg === 'unknown caller pc') return { id: 'unknown-caller-pc', text: `fatal error: ${msg}` };
  return { id: 'other-fatal', text: `fatal error: ${msg.slice(0, 200)}` };
}

export function parseCrashLog(text: string): CrashReport {
  const p = new CrashLogParser();
  p.push(text);
  return p.end();
}

/** Signatures that show the hazard (a broken unwind), as opposed to any other crash. */
export function isUnwindCrash(r: CrashReport): boolean {
  return r.signatures.some((s) => HAZARD_SIGNATURES.includes(s.id));
}
