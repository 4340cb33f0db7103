// Streaming parser for `go build -gcflags=-S` output (stderr). It works on
// bytes: most lines are skipped after looking at their first byte, and only
// functions whose frame can need a split SP update (or that a caller asked
// for) have their Progs and machine code kept. Memory stays bounded by the
// largest kept function, whatever the listing's size: a function's code
// buffer grows with the hex dump actually read (a header claiming
// `size=4294967296` allocates nothing up front), lines longer than any Go
// assembler line are skipped without being gathered whole, and an error's
// continuation lines are capped. Every function's hex dump is counted, so a
// listing that stops inside any function is reported as truncated.
import type { BuildError, FunctionListing, Prog } from '../types';
import { overlongListingLine, oversizedListingFunction, truncatedListing } from '../vocabulary/readers';

const TAB = 0x09,
  NL = 0x0a,
  CR = 0x0d,
  HASH = 0x23,
  SPACE = 0x20;

/** Frames below this pop with one 12-bit ADD and cannot split. */
export const SPLIT_FRAME_THRESHOLD = 4096;
/** No Go assembler line comes near this; longer lines are skipped (and never gathered whole). */
export const MAX_LINE_BYTES = 1 << 20;
/** The largest function whose code is kept (Go's linker refuses far smaller functions). */
export const MAX_FUNCTION_BYTES = 1 << 28;
/** An error's continuation lines kept (a nested or runaway listing adds no more). */
const MAX_ERROR_LINES = 64;
/** Characters of an unparseable line kept in an error message. */
const ERROR_ECHO = 200;

export interface ParserSink {
  /** A function whose Progs and code were kept, once its listing is complete. */
  onFunction(fn: FunctionListing): void;
  onError(err: BuildError): void;
  onPackage?(packagePath: string): void;
}

export interface ParserOptions {
  /** Keep this function's Progs and code whatever its frame (assembly view). */
  keepSymbol?: (symbol: string) => boolean;
}

interface OpenFunction {
  fn: FunctionListing;
  keep: boolean;
  /** Bytes of machine code the hex dump has given so far (counted for every function). */
  codeSeen: number;
  /** Code bytes written into fn.code (kept functions; the buffer grows as they arrive). */
  codeLength: number;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `key=0x10008` or `key=144` inside a header line. */
function headerNumber(line: string, key: string): number {
  const i = line.indexOf(` ${key}=`);
  if (i < 0) return 0;
  const m = /^(0x[0-9a-f]+|\d+)/.exec(line.slice(i + key.length + 2));
  return m ? Number(m[1]) : 0;
}

const SYMBOL_HEADER = /^(.*?) (S[A-Z]+)((?: [a-z]+)*) size=\d/;
const ERROR_LINE = /^(.+?\.(?:go|s|c|h)):(\d+)(?::(\d+))?: (.*)$/;

export class ListingParser {
  bytes = 0;
  functions = 0;
  packagePath = '';
  private open: OpenFunction | undefined;
  private inError = false;
  private errorLines = 0;
  private lastError: BuildError | undefined;

  constructor(
    private readonly sink: ParserSink,
    private readonly opts: ParserOptions = {},
  ) {}

  private carryChunks: Buffer[] = [];
  private carryBytes = 0;
  /** Set while skipping the rest of an overlong line. */
  private skippingLine = false;

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, pos);
      if (nl < 0) break;
      if (this.skippingLine) this.skippingLine = false;
      else if (this.carryBytes > 0) {
        // A line split over chunks: gathered once, when its end arrives (never re-concatenated per chunk).
        this.carryChunks.push(chunk.subarray(pos, nl));
        const b = Buffer.concat(this.carryChunks);
        this.carryChunks = [];
        this.carryBytes = 0;
        this.line(b, 0, b.length > 0 && b[b.length - 1] === CR ? b.length - 1 : b.length);
      } else this.line(chunk, pos, nl > pos && chunk[nl - 1] === CR ? nl - 1 : nl);
      pos = nl + 1;
    }
    if (pos < chunk.length && !this.skippingLine) {
      this.carryChunks.push(Buffer.from(chunk.subarray(pos)));
      this.carryBytes += chunk.length - pos;
      if (this.carryBytes > MAX_LINE_BYTES) this.overlong();
    }
  }

  /** The line gathered so far is longer than any listing line: say so (its start only) and skip to its end. */
  private overlong(): void {
    const head = Buffer.concat(this.carryChunks).toString('utf8', 0, ERROR_ECHO);
    const length = this.carryBytes;
    this.carryChunks = [];
    this.carryBytes = 0;
    this.skippingLine = true;
    this.finishFunction();
    this.inError = false;
    this.sink.onError({ packagePath: this.packagePath, message: overlongListingLine(length, head) });
  }

  /** Flushes the last line and function; returns a description of a truncated function, if any. */
  end(): string | undefined {
    if (this.carryBytes > 0 && !this.skippingLine) {
      const c = Buffer.concat(this.carryChunks);
      this.carryChunks = [];
      this.carryBytes = 0;
      this.line(c, 0, c.length > 0 && c[c.length - 1] === CR ? c.length - 1 : c.length);
    }
    const open = this.open;
    const truncated = open && open.codeSeen < open.fn.size ? truncatedListing(open.fn.symbol, open.codeSeen, open.fn.size) : undefined;
    this.finishFunction();
    return truncated;
  }

  private line(b: Buffer, s: number, e: number): void {
    if (e <= s) return;
    const first = b[s];
    if (first === TAB) {
      if (this.open) {
        if (this.open.keep) this.functionLine(b, s, e);
        else this.countCode(b, s, e);
      } else if (this.inError && this.lastError && this.errorLines < MAX_ERROR_LINES) {
        this.errorLines++;
        this.lastError.message += `\n${b.toString('utf8', s + 1, Math.min(e, s + 1 + ERROR_ECHO))}`;
      }
      return;
    }
    this.finishFunction();
    this.inError = false;
    if (first === HASH && b[s + 1] === SPACE) {
      this.packagePath = b.toString('utf8', s + 2, e);
      this.sink.onPackage?.(this.packagePath);
      return;
    }
    const text = b.toString('utf8', s, e);
    // `<symbol> STEXT|SRODATA|... [dupok nosplit ...] size=N ...`; symbols may hold spaces (`type:func(a, b) c`).
    const header = SYMBOL_HEADER.exec(text);
    if (header) {
      if (header[2] === 'STEXT') this.startFunction(text, header[1].length);
      return; // data symbols are not code
    }
    this.errorLine(text);
  }

  private startFunction(header: string, symbolEnd: number): void {
    const symbol = header.slice(0, symbolEnd);
    const locals = headerNumber(header, 'locals');
    const fn: FunctionListing = {
      symbol,
      packagePath: this.packagePath,
      size: headerNumber(header, 'size'),
      frameSize: locals === 0 ? 0 : locals + 8,
      argsSize: headerNumber(header, 'args'),
      leaf: header.endsWith(' leaf'),
      file: '',
      declLine: 0,
      progs: [],
      code: new Uint8Array(0),
    };
    let keep = fn.frameSize >= SPLIT_FRAME_THRESHOLD || (this.opts.keepSymbol?.(symbol) ?? false);
    if (keep && !(fn.size <= MAX_FUNCTION_BYTES)) {
      this.sink.onError({ packagePath: this.packagePath, message: oversizedListingFunction(symbol, fn.size, MAX_FUNCTION_BYTES) });
      keep = false;
    }
    this.functions++;
    this.open = { fn, keep, codeSeen: 0, codeLength: 0 };
  }

  private finishFunction(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    if (!open.keep) return;
    // The code as far as the hex dump gave it (zeros where it said nothing), never longer than the function.
    if (open.fn.code.length > open.codeLength) open.fn.code = open.fn.code.subarray(0, open.codeLength);
    this.sink.onFunction(open.fn);
  }

  /** A hex dump line of a function whose code is not kept: only how many bytes it holds. */
  private countCode(b: Buffer, s: number, e: number): void {
    if (b[s + 1] !== 0x30 || b[s + 2] !== 0x78) return;
    let p = s + 3;
    while (p < e && hexVal(b[p]) >= 0) p++;
    if (b[p] !== SPACE) return;
    p++;
    // A Prog line has a decimal offset then " ("; a hex dump line "hh " pairs up to two spaces.
    let q = p;
    while (q < e && isDigit(b[q])) q++;
    if (q > p && b[q] === SPACE && b[q + 1] === 0x28) return;
    const open = this.open!;
    while (p + 1 < e && hexVal(b[p]) >= 0 && hexVal(b[p + 1]) >= 0 && (p + 2 >= e || b[p + 2] === SPACE)) {
      open.codeSeen++;
      p += 3;
      if (b[p] === SPACE) break;
    }
  }

  /** Room for code up to `end` in the kept function's buffer (doubling, never past its size). */
  private codeRoom(open: OpenFunction, end: number): Uint8Array {
    const size = open.fn.size;
    let code = open.fn.code;
    if (end > code.length && code.length < size) {
      const grown = new Uint8Array(Math.min(size, Math.max(end, code.length * 2, 4096)));
      grown.set(code);
      code = open.fn.code = grown;
    }
    return code;
  }

  /** A tab line inside a kept function: a Prog, a hex dump line, or a `rel` line. */
  private functionLine(b: Buffer, s: number, e: number): void {
    if (b[s + 1] !== 0x30 || b[s + 2] !== 0x78) return; // not "0x": rel lines
    let p = s + 3,
      offset = 0;
    for (let v; p < e && (v = hexVal(b[p])) >= 0; p++) offset = offset * 16 + v;
    if (b[p] !== SPACE) return;
    p++;
    // Prog: decimal offset then " ("; hex dump: "hh " pairs.
    let q = p;
    while (q < e && isDigit(b[q])) q++;
    if (q > p && b[q] === SPACE && b[q + 1] === 0x28 /* ( */) this.prog(b, q + 2, e, offset);
    else this.hexDump(b, p, e, offset);
  }

  private prog(b: Buffer, s: number, e: number, offset: number): void {
    const close = b.indexOf(0x29 /* ) */, s);
    if (close < 0 || close >= e) return;
    let pos = b.toString('utf8', s, close);
    // cgo packages (go1.27): `main.go:18[main.cgo1.go:21]`: the position before the brackets is the source one.
    const bracket = pos.indexOf('[');
    if (bracket > 0 && pos.endsWith(']')) pos = pos.slice(0, bracket);
    const colon = pos.lastIndexOf(':');
    const prog: Prog = {
      offset,
      file: colon > 0 ? pos.slice(0, colon) : pos,
      line: colon > 0 ? Number(pos.slice(colon + 1)) || 0 : 0,
      text: b.toString('utf8', close + 2, e),
    };
    const fn = this.open!.fn;
    if (fn.progs.length === 0 && prog.text.startsWith('TEXT')) {
      fn.file = prog.file;
      fn.declLine = prog.line;
      const frame = /\$(-?\d+)-(\d+)\s*$/.exec(prog.text);
      if (frame) fn.frameSize = Math.max(0, Number(frame[1]));
    }
    fn.progs.push(prog);
  }

  private hexDump(b: Buffer, p: number, e: number, offset: number): void {
    const open = this.open!;
    // A hex line holds at most 16 bytes; the buffer grows to hold them (bounded by the function's size).
    const code = this.codeRoom(open, Math.min(open.fn.size, offset + 16));
    let at = offset;
    while (p + 1 < e && at < code.length) {
      const hi = hexVal(b[p]),
        lo = hexVal(b[p + 1]);
      if (hi < 0 || lo < 0 || (p + 2 < e && b[p + 2] !== SPACE)) break;
      code[at++] = hi * 16 + lo;
      open.codeSeen++;
      p += 3;
      if (b[p] === SPACE) break; // two spaces: the ASCII column follows
    }
    if (at > open.codeLength) open.codeLength = at;
  }

  private errorLine(text: string): void {
    const m = ERROR_LINE.exec(text);
    const shown = text.length > ERROR_ECHO ? `${text.slice(0, ERROR_ECHO)}…` : text;
    const err: BuildError = m
      ? {
          packagePath: this.packagePath,
          file: m[1],
          line: Number(m[2]),
          column: m[3] ? Number(m[3]) : undefined,
          message: m[4].slice(0, 4 * ERROR_ECHO),
        }
      : { packagePath: this.packagePath, message: shown };
    this.lastError = err;
    this.inError = true;
    this.errorLines = 0;
    this.sink.onError(err);
  }
}
