// Cuts a stream of unwrapped log lines into crashes: a crash starts at the
// line the runtime opens a dump with (`fatal error:`, `panic:`, `SIGSEGV:`,
// `unexpected fault address`, `runtime: g1: ...`) and ends at the next such
// start after a finished goroutine block, or after a run of lines that are no
// part of any traceback (the service's normal output). Each crash is parsed by
// crash/parser.ts as it streams; only its report is kept (bounded). Lines of
// different processes in one journal (crash/unwrap.ts's streams) are split
// apart, so two processes crashing at once give two whole crashes.
import { CrashLogParser, type CrashReport } from './parser';
import { LineUnwrapper } from './unwrap';

export interface SplitCrash {
  /** 1-based, per input. */
  index: number;
  /** 1-based line (after unwrapping) where the crash starts. */
  line: number;
  report: CrashReport;
}

/** Lines that open a crash dump. */
const RE_START = /^(?:fatal error: |panic: |SIG[A-Z]+: |unexpected fault address |runtime: g ?\d+: |fatal: morestack)/;
/** Lines a dump is made of (besides the starts): frames, locations, headers, hex dumps, registers. */
const RE_DUMP = new RegExp(
  [
    '^$',
    '^[\\t ]',
    '^goroutine \\d+',
    '^runtime stack:',
    '^created by ',
    '^\\S.*\\([^()]*\\)$',
    '^0x[0-9a-f]+:',
    '^stack: ',
    '^\\[signal ',
    '^PC=',
    '^\\.\\.\\.',
    '^\\[originating from goroutine',
    '^(?:r\\d+|lr|sp|pc|fault|rip|rsp|rax|rbx|rcx|rdx|rdi|rsi|rbp|r\\d+|rflags|cs|fs|gs|eax|ebx|ecx|edx|edi|esi|ebp|esp|eip|eflags)\\s+0x[0-9a-f]+$',
    '^runtime: ',
    '^panic during panic',
    '^exit status \\d+',
    '^-{3,}',
    '^\\[recovered\\]',
    '^\\tpanic: ',
  ].join('|'),
);
/** This many lines in a row that are no part of a dump end the crash. */
const FOREIGN_RUN = 8;
/** Goroutine traces kept per crash (besides the preempted one). */
const KEEP_GOROUTINES = 4;
/** Crashes kept per input (a day of fleet logs fits; more are counted, not kept). */
export const MAX_CRASHES = 10_000;
/** Processes followed at once in one input; the least recently seen one's open crash is closed beyond this. */
export const MAX_STREAMS = 256;

/** The crashes of one input, whichever stream they came from; bounded by MAX_CRASHES. */
export class CrashSink {
  private readonly done: SplitCrash[] = [];
  /** Crashes beyond MAX_CRASHES: seen but not kept. */
  dropped = 0;

  add(line: number, report: CrashReport): void {
    if (this.done.length >= MAX_CRASHES) {
      this.dropped++;
      return;
    }
    this.done.push({ index: this.done.length + this.dropped + 1, line, report });
  }

  /** In the order they started, numbered from 1. */
  crashes(): SplitCrash[] {
    return [...this.done].sort((a, b) => a.line - b.line).map((c, i) => ({ ...c, index: i + 1 }));
  }
}

/** Streaming splitter over one stream's unwrapped lines. */
export class CrashSplitter {
  private parser: CrashLogParser | null = null;
  private startLine = 0;
  private lineNo = 0;
  private foreign = 0;
  private seenGoroutine = false;
  private prevBreak = false;

  constructor(private readonly sink = new CrashSink()) {}

  get dropped(): number {
    return this.sink.dropped;
  }

  /** `lineNo`: the line's number in the whole input (default: this splitter's count). */
  line(l: string, lineNo = this.lineNo + 1): void {
    this.lineNo = lineNo;
    if (RE_START.test(l) && this.startsNew()) {
      this.close();
      this.parser = new CrashLogParser();
      this.startLine = this.lineNo;
      this.seenGoroutine = false;
    }
    if (this.parser) {
      if (RE_START.test(l) || RE_DUMP.test(l)) this.foreign = 0;
      else if (++this.foreign >= FOREIGN_RUN) {
        this.close();
        this.prevBreak = true;
        return;
      }
      if (l.startsWith('goroutine ')) this.seenGoroutine = true;
      this.parser.push(l + '\n');
    }
    this.prevBreak = l === '' || (!RE_START.test(l) && !RE_DUMP.test(l));
  }

  /** Every crash of the sink so far, this splitter's open one included. */
  end(): SplitCrash[] {
    this.finish();
    return this.sink.crashes();
  }

  /** Closes the open crash, if any, into the sink. */
  finish(): void {
    this.close();
  }

  /**
   * A start line inside a dump is the same crash (`fatal error` while printing,
   * `runtime: g 1: unexpected return pc` mid-traceback) unless the dump already
   * finished a goroutine block and this line follows a blank line or the service's own output.
   */
  private startsNew(): boolean {
    return !this.parser || (this.seenGoroutine && this.prevBreak);
  }

  private close(): void {
    if (!this.parser) return;
    const full = this.parser.end();
    this.parser = null;
    // Thousands of crashes may be kept: keep the preempted goroutine's trace and the first few, not every goroutine.
    const report = { ...full, goroutines: full.goroutines.filter((g, i) => i < KEEP_GOROUTINES || g.id === full.preemptedGoroutine) };
    this.foreign = 0;
    this.sink.add(this.startLine, report);
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
