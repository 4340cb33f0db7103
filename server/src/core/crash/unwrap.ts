// Turns log text as people really have it back into the lines the Go runtime
// printed: Kubernetes/Docker JSON lines (`{"log":"...\n","stream":"stderr",...}`,
// partial entries joined), CRI lines (`2026-11-22T02:00:00.1Z stderr F ...`,
// `P` = partial), journald/syslog prefixes (`Nov 22 02:00:00 host svc[4242]: `,
// month names in any language, rsyslog's `#011` for a tab), ISO timestamps and
// level words of log shippers (also inside another wrapper), log-UI table rows
// (`| 2025-10-08 12:00:00 | message |`), `> ` quoting, CRLF, and (Dedenter) a
// paste's common indentation. Each line says which stream it belongs to:
// journald/syslog lines (and journalctl's JSON export) by (host, identifier,
// pid), so two processes writing to one journal at once (`svc[4242]:` and
// `svc[4243]:`) stay apart; other lines share the unnamed stream ''.
// Streaming: push chunks, get complete lines back; a line longer than
// MAX_RAW is cut (the rest up to its newline is dropped), so memory stays
// bounded whatever the input. Hand-written because each wrapper is one regex
// or one JSON.parse, and no log library unwraps all of them.
import { lineKind } from './openers';

/** Longest line kept (a traceback line is well under 1 KiB). */
export const MAX_LINE = 16_384;
/** Longest raw line kept: a Docker JSON entry holds up to 16 KiB of text plus its escaping. */
const MAX_RAW = 4 * MAX_LINE;

const RE_CRI = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d) (?:stdout|stderr) ([FP]) ?(.*)$/s;
// `Nov 22 02:00:00 host svc[4242]: ` (the pid optional), or journalctl -o short-iso's ISO time (the pid required:
// `2026-... ERROR runtime: g1: ...` is a shipper's level word, not a host and a tag). Groups: host, identifier,
// pid of either form (1-3 or 4-6), then the message (7).
const RE_SYSLOG =
  /^(?:\p{L}{2,5}\.? {1,2}\d{1,2},? \d\d:\d\d:\d\d (?:(\S+) )?([^\s:[]+)(?:\[(\d+)\])?|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)? (\S+) ([^\s:[]+)\[(\d+)\]): ?(.*)$/su;
/** `| 2025-10-08 12:00:00.123 | message |` (a log UI's table, pasted): the last cell is the message. */
const RE_TABLE_ROW = /^\|\s*\d{4}-\d\d-\d\d[T ]?[^|]*\|(?:[^|]*\|)*?\s?([^|]*?)\s*\|?\s*$/;
const RE_QUOTE = /^(?:> ?)+/;
/** A paste's indentation before a timestamped line: it goes with the timestamp. */
const RE_INDENTED_STAMP = /^ +(?=\[?\d{4}-\d\d-\d\d[T ]\d)/;
/** A log viewer's localised date (`August 3rd 2017, 19:28:27.000 `) and the empty column it leaves at the end (` - `). */
const RE_VIEWER_DATE = /^\p{L}+ \d{1,2}(?:st|nd|rd|th)? \d{4}, \d\d:\d\d:\d\d(?:\.\d+)? (.*?)(?:\s+-\s*)?$/su;
/** A supervisor's or tunnel's tag before each line: `[ AGENT ] `, `[TUN] `. */
const RE_TAG = /^\[ ?[A-Z][A-Z0-9_-]{1,11} ?\] ?/;
/** A line number a viewer or `cat -n` put before each line (`732 `). */
const RE_LINE_NUMBER = /^ *\d{1,6}(?: |\t)/;
/** Newlines and tabs written as escapes inside one line (an error message quoting a crashed child's stderr). */
const RE_ESCAPED_NL = /\\+n/;
const RE_CRASH_INSIDE = /(?:fatal error: |panic: |goroutine \d+ \[|runtime stack:)/;
// Single spaces only after the prefix: the message's own leading tab (a traceback's location line) must survive.
const RE_STAMP = /^\[?\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?\]? (?:(?:stdout|stderr) )?/;
/** A shipper's level word; never taken from a line the runtime printed (`panic: `, `fatal error: ` are Go's own). */
const RE_LEVEL = /^\[?(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|PANIC)\]?:? /i;
const JSON_KEYS = ['log', 'MESSAGE', 'message', 'msg', 'textPayload', 'line'] as const;

/** One unwrapped line and the stream it came from (`host svc[4242]` for journald, '' for the rest). */
export interface UnwrappedLine {
  stream: string;
  text: string;
}

/** Streaming normaliser: `pushLines` returns the complete unwrapped lines so far; `endLines` the rest. */
export class LineUnwrapper {
  private raw = '';
  /** Dropping the rest of an over-long raw line until its newline. */
  private skipping = false;
  /** A logical line being assembled from partial entries (Docker JSON without `\n`, CRI `P`), and its stream. */
  private partial: UnwrappedLine | null = null;

  /** The lines' texts only (one stream's logs, tests). */
  push(chunk: string): string[] {
    return this.pushLines(chunk).map((l) => l.text);
  }

  end(): string[] {
    return this.endLines().map((l) => l.text);
  }

  pushLines(chunk: string): UnwrappedLine[] {
    const out: UnwrappedLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, nl < 0 ? chunk.length : nl);
      if (!this.skipping) {
        this.raw += piece;
        if (this.raw.length > MAX_RAW) {
          this.raw = this.raw.slice(0, MAX_RAW);
          if (nl < 0) this.skipping = true;
        }
      }
      if (nl < 0) break;
      this.skipping = false;
      this.rawLine(this.raw, out);
      this.raw = '';
      start = nl + 1;
    }
    return out;
  }

  endLines(): UnwrappedLine[] {
    const out: UnwrappedLine[] = [];
    if (this.raw) this.rawLine(this.raw, out);
    this.raw = '';
    this.skipping = false;
    if (this.partial !== null) out.push(this.partial);
    this.partial = null;
    return out;
  }

  private rawLine(raw: string, out: UnwrappedLine[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('{')) {
      const entry = jsonLogEntry(line);
      if (entry) {
        this.logText(entry.stream, entry.text, entry.key === 'log', out);
        return;
      }
    }
    let m = RE_CRI.exec(line);
    if (m) {
      this.piece('', m[1] === 'F' && !this.partial ? peel(m[2]) : m[2], m[1] === 'F', out);
      return;
    }
    m = RE_SYSLOG.exec(line);
    if (m) {
      const [host, ident, pid] = m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
      this.piece(streamKey(host, ident, pid), peel(unescapeSyslog(m[7])), true, out);
      return;
    }
    this.piece('', peel(line), true, out);
  }

  /**
   * A JSON entry's text; may hold several lines. Docker's `log` ends with `\n`
   * when the line is complete (a long line comes in 16 KiB pieces without it);
   * other shippers' messages are whole lines.
   */
  private logText(stream: string, text: string, docker: boolean, out: UnwrappedLine[]): void {
    const parts = text.split('\n');
    const last = parts.pop() ?? '';
    for (const p of parts) this.piece(stream, peel(p.endsWith('\r') ? p.slice(0, -1) : p), true, out);
    if (last) this.piece(stream, last, !docker, out);
  }

  private piece(stream: string, text: string, complete: boolean, out: UnwrappedLine[]): void {
    // A partial line continues only with its own stream's next piece.
    const prev = this.partial !== null && this.partial.stream === stream ? this.partial.text : null;
    const joins = prev !== null;
    let line = joins ? prev + text : text;
    if (line.length > MAX_LINE) line = line.slice(0, MAX_LINE);
    if (complete) {
      for (const text of expandEscaped(joins ? peel(line) : line)) out.push({ stream, text });
      if (joins) this.partial = null;
    } else this.partial = { stream, text: line };
  }
}

/** `host svc[4242]`: one process's lines in a journal. */
function streamKey(host: string | undefined, ident: string | undefined, pid: string | undefined): string {
  return `${host ?? ''} ${ident ?? ''}[${pid ?? ''}]`;
}

/**
 * The text of a JSON log entry, the key it came from and its stream (journalctl
 * -o json's _HOSTNAME, SYSLOG_IDENTIFIER and _PID), or undefined when the line is not one.
 */
function jsonLogEntry(line: string): { key: string; text: string; stream: string } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const rec = v as Record<string, unknown>;
  for (const key of JSON_KEYS) {
    const text = rec[key];
    if (typeof text !== 'string') continue;
    const str = (k: string) => (typeof rec[k] === 'string' ? (rec[k] as string) : undefined);
    const journal = key === 'MESSAGE' && (str('_PID') ?? str('SYSLOG_IDENTIFIER')) !== undefined;
    return { key, text, stream: journal ? streamKey(str('_HOSTNAME'), str('SYSLOG_IDENTIFIER') ?? str('_COMM'), str('_PID')) : '' };
  }
  return undefined;
}

/** rsyslog writes control characters as `#NNN` (octal): a tab is `#011`. */
function unescapeSyslog(s: string): string {
  return s.startsWith('#011') ? s.replace(/^(?:#011)+/, (t) => '\t'.repeat(t.length / 4)) : s;
}

/**
 * The message inside a line's inner wrappers: a shipper's timestamp and level
 * word, a table row, `> ` quoting; a few layers deep (a quoted table row of a
 * timestamped line).
 */
function peel(text: string): string {
  let t = text;
  for (let i = 0; i < 4; i++) {
    const before = t;
    if (t.endsWith('\r')) t = t.slice(0, -1);
    // A paste's indentation before a wrapped line goes with the wrapper.
    if (t.startsWith(' ')) {
      const u = t.trimStart();
      if (RE_INDENTED_STAMP.test(t) || RE_CRI.test(u) || RE_SYSLOG.test(u) || RE_VIEWER_DATE.test(u) || RE_TAG.test(u)) t = u;
    }
    const q = RE_QUOTE.exec(t);
    if (q) t = t.slice(q[0].length);
    const row = t.startsWith('|') ? RE_TABLE_ROW.exec(t) : null;
    if (row) t = row[1];
    const cri = RE_CRI.exec(t);
    if (cri) t = cri[2];
    const stamp = cri ? null : RE_STAMP.exec(t);
    if (stamp) {
      t = t.slice(stamp[0].length);
      const level = RE_LEVEL.exec(t);
      if (level && lineKind(t) !== 'header') t = t.slice(level[0].length);
    }
    const sys = RE_SYSLOG.exec(t);
    if (sys) t = unescapeSyslog(sys[7]);
    const viewer = RE_VIEWER_DATE.exec(t);
    if (viewer) t = viewer[1];
    const tag = RE_TAG.exec(t);
    if (tag) t = t.slice(tag[0].length);
    const num = RE_LINE_NUMBER.exec(t);
    if (num && lineKind(t.slice(num[0].length).replace(/^ {2,}/, '\t')) !== 'foreign') t = t.slice(num[0].length);
    if (t === before) break;
  }
  return t;
}

/**
 * A crash quoted inside one line with its newlines escaped (`stderr: fatal
 * error: ...\\n\\nruntime stack:\\n...`): the lines it holds, the text before
 * the crash on a line of its own. Other lines come back as they are.
 */
export function expandEscaped(line: string): string[] {
  if (!RE_ESCAPED_NL.test(line)) return [line];
  const at = RE_CRASH_INSIDE.exec(line);
  if (!at) return [line];
  const before = line.slice(0, at.index);
  const parts = line
    .slice(at.index)
    .split(/\\+n/)
    .map((p) => p.replace(/^(?:\\+t)+/, '\t'));
  return before.trim() ? [before, ...parts] : parts;
}

/**
 * Removes a paste's common indentation (4 or 8 spaces before every line of a
 * dump), one stream at a time: the indentation of a line that is a crash's
 * header or part once the spaces are gone is removed from the lines that
 * follow while they keep it. A tab (a traceback's own location indent) is never
 * taken for it.
 */
export class Dedenter {
  private indent = '';

  line(text: string): string {
    if (this.indent && text.startsWith(this.indent)) return text.slice(this.indent.length);
    if (text.trim() === '') return '';
    const lead = /^ +/.exec(text);
    if (lead) {
      const rest = text.slice(lead[0].length);
      const k = lineKind(rest);
      if (k === 'header' || k === 'part' || k === 'goroutine') {
        this.indent = lead[0];
        return rest;
      }
    }
    this.indent = '';
    return text;
  }
}
