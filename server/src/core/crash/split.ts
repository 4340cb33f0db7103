// Cuts a stream of unwrapped log lines into crashes by the structure of Go's
// traceback (crash/openers.ts): a crash opens at its header (`fatal error:`,
// `panic:`, a signal) or, when the log was cut before it, at any part only a
// crash prints (`runtime stack:`, the unwinder's complaints, a goroutine block
// whose frames are the runtime's crash machinery); it holds goroutine blocks,
// blank lines and dump lines, and ends at the first line that is no part of a
// traceback once its blocks began (the service's own output), at a new header
// after a finished block, or at the end of the input. Each crash is parsed as
// it streams (crash/parser.ts); what is missing (the header, the end) is
// recorded with the line to read from. A crash whose lines came in reverse
// order (log UIs show newest first) is parsed again in the right order.
// Lines of different processes in one journal (crash/unwrap.ts's streams) are
// split apart, so two processes crashing at once give two whole crashes.
import { lineKind, RE_CALL, RE_LOCATION, type LineKind } from './openers';
import { CrashLogParser, isCrashBlock, type CrashReport } from './parser';
import { Dedenter, LineUnwrapper } from './unwrap';

/** What a cut-off crash lacks, and the line to read more from. */
export interface CrashGap {
  /** `header`: the log starts after the crash's first line; `end`: the log ends inside the dump. */
  missing: 'header' | 'end';
  /** 1-based line (after unwrapping): take more lines before it (header) or after it (end). */
  line: number;
}

export interface SplitCrash {
  /** 1-based, per input. */
  index: number;
  /** 1-based line (after unwrapping) where the crash starts. */
  line: number;
  /** Last line of the crash. */
  endLine: number;
  report: CrashReport;
  /** What is missing; [] for a whole crash. */
  gaps: CrashGap[];
}

/** Lines right after the header that are no traceback (a multi-line panic message) before a crash counts as ended. */
const HEADER_FOREIGN = 8;
/** Goroutine traces kept per crash (besides the preempted one). */
const KEEP_GOROUTINES = 4;
/** Crashes kept with their goroutines' frames; later ones keep their verdict's evidence only. */
const DETAILED_CRASHES = 1000;
/** Frames kept per goroutine of a kept crash. */
const KEEP_FRAMES = 32;
/** Crashes kept per input (a day of fleet logs fits; more are counted, not kept). */
export const MAX_CRASHES = 10_000;
/** Processes followed at once in one input; the least recently seen one's open crash is closed beyond this. */
export const MAX_STREAMS = 256;
/** Text of one crash kept to re-read it in the right order when it came reversed. */
const MAX_REVERSE_CHARS = 256 * 1024;

/** The crashes of one input, whichever stream they came from; bounded by MAX_CRASHES. */
export class CrashSink {
  private readonly done: SplitCrash[] = [];
  /** Crashes beyond MAX_CRASHES: seen but not kept. */
  dropped = 0;

  add(c: Omit<SplitCrash, 'index'>): void {
    if (this.done.length >= MAX_CRASHES) {
      this.dropped++;
      return;
    }
    // Past the first crashes only what a verdict needs is kept (frames are for people to read, a few suffice).
    const report = this.done.length >= DETAILED_CRASHES ? { ...c.report, goroutines: [], preemptedStack: [] } : c.report;
    this.done.push({ index: 0, ...c, report });
  }

  /** In the order they started, numbered from 1. */
  crashes(): SplitCrash[] {
    return [...this.done].sort((a, b) => a.line - b.line).map((c, i) => ({ ...c, index: i + 1 }));
  }
}

interface OpenCrash {
  parser: CrashLogParser;
  start: number;
  last: number;
  /** Opened at a goroutine block: kept only if some block turns out to be a crash's. */
  tentative: boolean;
  /** A detail only a fatal traceback prints (`gp=` in a goroutine header, `fp=` in a location). */
  crashDetail: boolean;
  blocks: boolean;
  /** A line of the dump's body (not its header, a blank or a message line) was seen. */
  body: boolean;
  foreign: number;
  prev: LineKind;
  /** The crash's lines, to parse again reversed (null once too long). */
  lines: string[] | null;
  chars: number;
  /** >0: lines in traceback order; <0: reversed. */
  order: number;
  /** A foreign line inside the dump, fed only if a dump line follows. */
  held: string | null;
  /** The kind of the line after which the next non-blank line scores the order. */
  scoreNext: 'block-head' | 'created-by' | null;
}

/** Streaming splitter over one stream's unwrapped lines. */
export class CrashSplitter {
  private open: OpenCrash | null = null;
  private lineNo = 0;
  private readonly dedent = new Dedenter();

  constructor(private readonly sink = new CrashSink()) {}

  get dropped(): number {
    return this.sink.dropped;
  }

  /** `lineNo`: the line's number in the whole input (default: this splitter's count). */
  line(raw: string, lineNo = this.lineNo + 1): void {
    this.lineNo = lineNo;
    const l = this.dedent.line(raw);
    const kind = lineKind(l);
    const o = this.open;
    if (o && o.held !== null) {
      // One line that is no traceback inside a dump (a paste wrapped a long line): kept when the dump goes on.
      const held = o.held;
      o.held = null;
      if (kind === 'dump') this.feed(o, held, 'dump');
      else {
        this.close(false);
        return this.line(raw, lineNo);
      }
    }
    if (o) {
      const opens = kind === 'header' || (kind === 'part' && l.startsWith('runtime: '));
      if (opens && (o.prev === 'blank' || o.prev === 'foreign') && (o.blocks || o.foreign > 0)) {
        this.close(false);
      } else if (kind === 'foreign' && o.blocks) {
        o.held = l;
        return;
      } else if (kind === 'foreign' && (o.body || ++o.foreign > HEADER_FOREIGN)) {
        this.close(false);
        return;
      } else {
        this.feed(o, l, kind);
        if (/^exit status \d+$/.test(l)) this.close(false);
        return;
      }
    }
    if (kind === 'header' || kind === 'part' || kind === 'goroutine') {
      this.open = {
        parser: new CrashLogParser(),
        start: lineNo,
        last: lineNo,
        tentative: kind === 'goroutine',
        crashDetail: false,
        blocks: false,
        body: false,
        foreign: 0,
        prev: kind,
        lines: [],
        chars: 0,
        order: 0,
        scoreNext: null,
        held: null,
      };
      this.feed(this.open, l, kind);
    }
  }

  /** Every crash of the sink so far, this splitter's open one included. */
  end(): SplitCrash[] {
    this.finish();
    return this.sink.crashes();
  }

  /** Closes the open crash, if any, into the sink (the input ended). */
  finish(): void {
    this.close(true);
  }

  private feed(o: OpenCrash, l: string, kind: LineKind): void {
    o.parser.line(l);
    o.last = this.lineNo;
    if (kind === 'goroutine' || l === 'runtime stack:') o.blocks = true;
    if ((kind === 'goroutine' && / gp=0x/.test(l)) || / \+0x[0-9a-f]+ fp=0x/.test(l)) o.crashDetail = true;
    if (kind !== 'blank') {
      if (o.scoreNext === 'block-head') o.order += RE_CALL.test(l) || l.startsWith('\tgoroutine running') ? 1 : -1;
      else if (o.scoreNext === 'created-by') o.order += RE_LOCATION.test(l) ? 1 : -1;
      o.scoreNext = kind === 'goroutine' || l === 'runtime stack:' ? 'block-head' : l.startsWith('created by ') ? 'created-by' : null;
    }
    if (kind === 'dump' || kind === 'part' || kind === 'goroutine') o.body = true;
    o.prev = kind;
    if (o.lines) {
      o.chars += l.length + 1;
      if (o.chars > MAX_REVERSE_CHARS) o.lines = null;
      else o.lines.push(l);
    }
  }

  private close(atEnd: boolean): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    let report = o.parser.end();
    if (o.order < 0 && o.lines) {
      const again = new CrashLogParser();
      for (let i = o.lines.length - 1; i >= 0; i--) again.line(o.lines[i]);
      report = again.end();
    }
    if (o.tentative && !o.crashDetail && !report.hasHeader && !report.signatures.length && !report.goroutines.some(isCrashBlock)) return;
    const gaps: CrashGap[] = [];
    if (!report.hasHeader) gaps.push({ missing: 'header', line: o.start });
    if (atEnd && o.order >= 0 && (report.endsMidFrame || !report.hasBlocks)) gaps.push({ missing: 'end', line: o.last });
    // Thousands of crashes may be kept: keep the preempted goroutine's trace and the first few, not every goroutine.
    const kept = {
      ...report,
      goroutines: report.goroutines
        .filter((g, i) => i < KEEP_GOROUTINES || g.id === report.preemptedGoroutine)
        .map((g) => ({ ...g, frames: g.frames.slice(0, KEEP_FRAMES) })),
      preemptedStack: report.preemptedStack.slice(0, 2 * KEEP_FRAMES),
    };
    this.sink.add({ line: o.start, endLine: o.last, report: kept, gaps });
  }
}

/** Unwrap + split over chunks as they arrive (files, stdin): one splitter per stream (process). */
export class CrashStream {
  private readonly unwrapper = new LineUnwrapper();
  private readonly sink = new CrashSink();
  /** Splitters by stream, least recently seen first. */
  private readonly splitters = new Map<string, CrashSplitter>();
  private lastStream: string | null = null;
  /** Lines seen after unwrapping. */
  lines = 0;

  push(chunk: string): void {
    for (const l of this.unwrapper.pushLines(chunk)) this.line(l.stream, l.text);
  }

  end(): { crashes: SplitCrash[]; lines: number; dropped: number } {
    for (const l of this.unwrapper.endLines()) this.line(l.stream, l.text);
    for (const s of this.splitters.values()) s.finish();
    return { crashes: this.sink.crashes(), lines: this.lines, dropped: this.sink.dropped };
  }

  private line(stream: string, text: string): void {
    this.lines++;
    let s = this.splitters.get(stream);
    if (!s) {
      s = new CrashSplitter(this.sink);
      if (this.splitters.size >= MAX_STREAMS) {
        const [oldest, old] = this.splitters.entries().next().value as [string, CrashSplitter];
        old.finish();
        this.splitters.delete(oldest);
      }
      this.splitters.set(stream, s);
    } else if (stream !== this.lastStream) {
      // Most recently seen last (Map keeps insertion order).
      this.splitters.delete(stream);
      this.splitters.set(stream, s);
    }
    this.lastStream = stream;
    s.line(text, this.lines);
  }
}

/** Every crash in a whole text. */
export function splitCrashes(text: string): SplitCrash[] {
  const s = new CrashStream();
  s.push(text);
  return s.end().crashes;
}
