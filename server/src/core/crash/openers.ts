// The one table of what a Go crash dump is made of, shared by the parser
// (crash/parser.ts) and the splitter (crash/split.ts): the lines that open a
// crash (`fatal error:`, `panic:`, a signal header), the parts a cut-off crash
// can start with (`runtime stack:`, `runtime: traceback stuck`, either
// `unexpected return pc` form, `runtime: unknown pc`, a goroutine block whose
// frames are the runtime's crash machinery), the other lines a dump holds
// (frames, locations, register and memory dumps), and the runtime functions
// that make a goroutine block part of a crash.

/** What one (unwrapped) line is to a crash dump. */
export type LineKind =
  /** `fatal error: ...`, `panic: ...`, `SIGSEGV: ...`, `unexpected fault address`: the first line of a complete dump. */
  | 'header'
  /** A part that only a crash prints (the runtime's unwinder failing, `runtime stack:`). */
  | 'part'
  /** `goroutine N [state]:`: a crash part only when its frames are the runtime's crash machinery. */
  | 'goroutine'
  /** A blank line (separates a dump's blocks). */
  | 'blank'
  /** Any other line a dump holds: frames, locations, `created by`, registers, memory, `exit status 2`. */
  | 'dump'
  /** Not traceback: the service's own output. */
  | 'foreign';

export const RE_HEADER =
  /^(?:fatal error: |panic: |SIG[A-Z]+: |unexpected fault address |fatal: morestack|runtime: out of memory|throw: |\[signal SIG)/;
export const RE_PART = /^(?:runtime stack:|runtime: \S|traceback: unexpected SPWRITE|runtime\/cgo: )/;
/** A register dump line (`rip    0x4649c1`, `r28    0x0`, `trap 0x0`): only a crash prints one. */
const RE_REGISTER =
  /^(?:r\d+|lr|sp|pc|fault|trap|error|oldmask|cpsr|fp|ip|ctr|link|xer|ccr|rip|rsp|rax|rbx|rcx|rdx|rdi|rsi|rbp|rflags|cs|fs|gs|eax|ebx|ecx|edx|edi|esi|ebp|esp|eip|eflags|ra|gp|tp|t\d|s\d+|a\d)\s+0x[0-9a-f]+$/;
/** A frame's location with `fp=`/`sp=` (GOTRACEBACK=system or crash): only a crash's traceback prints them. */
const RE_CRASH_LOCATION = /^\s+\S.*:\d+ \+0x[0-9a-f]+ fp=0x/;
export const RE_GOROUTINE = /^goroutine (\d+)(?: [^[]*)? \[(.*)\]:$/;
/** `pkg.fn(args)` (args without nested parentheses; `...` for inlined frames). */
export const RE_CALL = /^(\S.*)\(([^()]*)\)$/;
/** `\t/path/file.go:123 +0x70 fp=... sp=... pc=...`; unindented only for .go/.s files (pastes that lost the tab). */
export const RE_LOCATION = /^(?:[\t ]+(\S.*?)|((?:[A-Za-z]:)?[^\s:]*\.(?:go|s))):(\d+)(?: \+0x([0-9a-f]+))?(?:\s|$)/;

const RE_DUMP = new RegExp(
  [
    '^[\\t ]',
    '^created by ',
    '^\\S.*\\([^()]*\\)$',
    '^0x[0-9a-f]+:',
    '^stack: ',
    '^PC=',
    '^\\.\\.\\.',
    '^\\[\\.\\.\\.\\]$',
    '^[0-9a-fx]{8,18}:\\s',
    '^\\[originating from goroutine',
    '^runtime: ',
    '^panic during panic',
    '^exit status \\d+',
    '^signal arrived during ',
    '^\\[recovered',
    '^\\[signal ',
    '^sigcode=',
    '^addr=',
    '^[a-z][\\w.()]*=\\S+$',
    '^goroutine running on other thread',
    '^(?:[A-Za-z]:)?[^\\s:]*\\.(?:go|s):\\d+',
  ].join('|'),
);

export function lineKind(l: string): LineKind {
  if (l.trim() === '') return 'blank';
  if (RE_HEADER.test(l)) return 'header';
  if (RE_PART.test(l) || RE_REGISTER.test(l) || RE_CRASH_LOCATION.test(l)) return 'part';
  if (RE_GOROUTINE.test(l)) return 'goroutine';
  return RE_DUMP.test(l) ? 'dump' : 'foreign';
}

/** The runtime's stack unwinder: a fault or throw in these is the unwinder failing on a frame. */
const UNWINDER = new Set([
  'runtime.(*unwinder).next',
  'runtime.(*unwinder).initAt',
  'runtime.(*unwinder).init',
  'runtime.(*unwinder).resolveInternal',
  'runtime.(*unwinder).finishInternal',
  'runtime.(*unwinder).symPC',
  'runtime.(*unwinder).cgoCallers',
  'runtime.gentraceback',
  'runtime.adjustframe',
  'runtime.(*stkframe).getStackMap',
  'runtime.(*stkframe).argMapInternal',
  'runtime.getStackMap',
  'runtime.pcvalue',
  'runtime.funcspdelta',
  'runtime.scanframeworker',
]);

export function isUnwinderFunction(fn: string): boolean {
  return UNWINDER.has(fn);
}

/** Frames that only a crashing (or preempted) goroutine shows: they make a header-less goroutine block a crash part. */
const CRASH_FRAMES = new Set([
  ...UNWINDER,
  'runtime.throw',
  'runtime.fatalthrow',
  'runtime.fatalpanic',
  'runtime.sigpanic',
  'runtime.sighandler',
  'runtime.sigtrampgo',
  'runtime.dieFromSignal',
  'runtime.crash',
  'runtime.asyncPreempt',
  'runtime.asyncPreempt2',
  'runtime.traceback1',
  'runtime.tracebackothers',
  'runtime.dopanic_m',
  'runtime.scanstack',
  'runtime.copystack',
]);

export function isCrashFrame(fn: string): boolean {
  return CRASH_FRAMES.has(fn);
}

/** Frames of a stack printed on purpose (a recovered panic logged with its stack): such a block is no crash. */
export function isPrintedStackFrame(fn: string): boolean {
  return fn === 'runtime/debug.Stack' || fn === 'runtime/debug.PrintStack' || fn === 'runtime.Stack' || fn.startsWith('runtime/pprof.');
}

/** Frames between a fault and the function that faulted. */
export function isSignalMachinery(fn: string): boolean {
  return (
    fn === 'runtime.sigpanic' ||
    fn === 'runtime.panicmem' ||
    fn === 'runtime.panicmemAddr' ||
    fn === 'runtime.throw' ||
    fn === 'runtime.fatalthrow' ||
    fn === 'runtime.fatalpanic' ||
    fn === 'runtime.gopanic' ||
    fn === 'panic' ||
    fn.startsWith('runtime.fatalthrow.') ||
    fn.startsWith('runtime.fatalpanic.') ||
    fn === 'runtime.dopanic_m' ||
    fn === 'runtime.systemstack'
  );
}
