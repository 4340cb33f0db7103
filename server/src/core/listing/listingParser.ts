// Streaming parser for `go build -gcflags=-S` output (stderr). It works on
// bytes: most lines are skipped after looking at their first byte, and only
// functions whose frame can need a split SP update (or that a caller asked
// for) have their Progs and machine code kept. Memory stays bounded by the
// largest kept function, whatever the listing's size.
import type { BuildError, FunctionListing, Prog } from '../types';

const TAB = 0x09,
  NL = 0x0a,
  CR = 0x0d,
  HASH = 0x23,
  SPACE = 0x20;

/** Frames below this pop with one 12-bit ADD and cannot split. */
export const SPLIT_FRAME_THRESHOLD = 4096;

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
  codeSeen: number;
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
  private carry: Buffer | undefined;
  private open: OpenFunction | undefined;
  private inError = false;
  private lastError: BuildError | undefined;

  constructor(
    private readonly sink: ParserSink,
    private readonly opts: ParserOptions = {},
  ) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(NL, pos);
      if (nl < 0) break;
      this.line(buf, pos, nl > pos && buf[nl - 1] === CR ? nl - 1 : nl);
      pos = nl + 1;
    }
    if (pos < buf.length) this.carry = Buffer.from(buf.subarray(pos));
  }

  /** Flushes the last line and function; returns a description of a truncated function, if any. */
  end(): string | undefined {
    if (this.carry) {
      const c = this.carry;
      this.carry = undefined;
      this.line(c, 0, c.length > 0 && c[c.length - 1] === CR ? c.length - 1 : c.length);
    }
    const open = this.open;
    const truncated =
      open && open.keep && open.codeSeen < open.fn.size
        ? `listing ends inside ${open.fn.symbol} (${open.codeSeen} of ${open.fn.size} bytes of machine code): output truncated`
        : undefined;
    this.finishFunction();
    return truncated;
  }

  private line(b: Buffer, s: number, e: number): void {
    if (e <= s) return;
    const first = b[s];
    if (first === TAB) {
      if (this.open) {
        if (this.open.keep) this.functionLine(b, s, e);
      } else if (this.inError && this.lastError) this.lastError.message += `\n${b.toString('utf8', s + 1, e)}`;
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
    const keep = fn.frameSize >= SPLIT_FRAME_THRESHOLD || (this.opts.keepSymbol?.(symbol) ?? false);
    if (keep) fn.code = new Uint8Array(fn.size);
    this.functions++;
    this.open = { fn, keep, codeSeen: 0 };
  }

  private finishFunction(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    if (open.keep) this.sink.onFunction(open.fn);
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
    const code = open.fn.code;
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
  }

  private errorLine(text: string): void {
    const m = ERROR_LINE.exec(text);
    const err: BuildError = m
      ? { packagePath: this.packagePath, file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined, message: m[4] }
      : { packagePath: this.packagePath, message: text };
    this.lastError = err;
    this.inError = true;
    this.sink.onError(err);
  }
}
