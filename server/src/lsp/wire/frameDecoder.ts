// Splits the bytes of a stream-based LSP transport (stdio, socket, pipe) into
// JSON-RPC messages: `Content-Length: N\r\n...\r\n\r\n` then N bytes of JSON.
// Unlike a reader that trusts every frame, it never loses sync for good: a
// header it cannot use (no or a non-numeric Content-Length, a header block that
// never ends, a body that is not JSON) is reported in one line and skipped up to
// the next `Content-Length:` in the stream, so the messages after it still
// arrive; a Content-Length over the limit is refused the same way instead of
// being buffered. Memory stays bounded by the largest frame accepted.
import { FRAME_PROBLEMS } from '../../core/vocabulary';

/** Default: the largest frame the server accepts (a big didOpen fits many times over). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** A header block longer than this is not an LSP header. */
const MAX_HEADER_BYTES = 8 * 1024;

/** What the decoder skipped and why (a log line's material). */
export interface FrameProblem {
  reason: 'header' | 'too-large' | 'not-json' | 'not-message';
  /** Specifics for the log (never the skipped bytes themselves). */
  detail: string;
}

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const SYNC_MARKS = [Buffer.from('Content-Length:', 'latin1'), Buffer.from('content-length:', 'latin1')];
/** Bytes kept while seeking, so a mark split between two chunks is still found. */
const SEEK_CARRY = SYNC_MARKS[0].length - 1;

type State =
  | { mode: 'header'; buf: Buffer }
  | { mode: 'body'; header: Buffer; length: number; chunks: Buffer[]; have: number }
  | { mode: 'seeking'; buf: Buffer };

export class FrameDecoder {
  private state: State = { mode: 'header', buf: Buffer.alloc(0) };

  constructor(
    private readonly onMessage: (message: object) => void,
    private readonly onProblem: (problem: FrameProblem) => void,
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
  ) {}

  push(chunk: Buffer): void {
    const s = this.state;
    if (s.mode === 'body') {
      s.chunks.push(chunk);
      s.have += chunk.length;
    } else {
      s.buf = s.buf.length ? Buffer.concat([s.buf, chunk]) : chunk;
    }
    this.drain();
  }

  private drain(): void {
    for (;;) {
      const s = this.state;
      if (s.mode === 'seeking') {
        const at = nextMark(s.buf, 0);
        if (at < 0) {
          s.buf = s.buf.subarray(Math.max(0, s.buf.length - SEEK_CARRY));
          return;
        }
        this.state = { mode: 'header', buf: s.buf.subarray(at) };
      } else if (s.mode === 'header') {
        if (!this.header(s.buf)) return;
      } else {
        if (s.have < s.length) return;
        const rest = Buffer.concat(s.chunks, s.have);
        this.body(s.header, rest.subarray(0, s.length), rest.subarray(s.length));
      }
    }
  }

  /** Reads a header block from buf; false when more bytes are needed. */
  private header(buf: Buffer): boolean {
    const end = buf.indexOf(HEADER_END);
    if (end < 0) {
      if (buf.length <= MAX_HEADER_BYTES) return false;
      this.resync(buf, { reason: 'header', detail: FRAME_PROBLEMS.noHeaderEnd(MAX_HEADER_BYTES) });
      return true;
    }
    const header = buf.subarray(0, end + HEADER_END.length);
    const parsed = parseHeader(buf.subarray(0, end).toString('latin1'), this.maxFrameBytes);
    if ('problem' in parsed) {
      this.resync(buf, parsed.problem);
      return true;
    }
    const rest = buf.subarray(header.length);
    this.state = { mode: 'body', header, length: parsed.length, chunks: [rest], have: rest.length };
    return true;
  }

  private body(header: Buffer, body: Buffer, rest: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (err) {
      // The length was probably wrong: what follows the header may hold the next frames.
      this.resync(Buffer.concat([header, body, rest]), {
        reason: 'not-json',
        detail: FRAME_PROBLEMS.notJson(body.length, err instanceof Error ? err.message : String(err)),
      });
      return;
    }
    this.state = { mode: 'header', buf: rest };
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.onProblem({ reason: 'not-message', detail: FRAME_PROBLEMS.notMessage(body.length) });
      return;
    }
    this.onMessage(message);
  }

  /** Reports the problem and drops buf's bytes up to the next Content-Length header after its first byte. */
  private resync(buf: Buffer, problem: FrameProblem): void {
    this.onProblem(problem);
    this.state = { mode: 'seeking', buf: buf.subarray(1) };
  }
}

function nextMark(buf: Buffer, from: number): number {
  const found = SYNC_MARKS.map((m) => buf.indexOf(m, from)).filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}

/** The body length a header block announces, or why it announces none we accept. */
function parseHeader(text: string, maxFrameBytes: number): { length: number } | { problem: FrameProblem } {
  let length: number | undefined;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { problem: { reason: 'header', detail: FRAME_PROBLEMS.headerLine } };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,16}$/.test(value)) return { problem: { reason: 'header', detail: FRAME_PROBLEMS.lengthNotDecimal } };
      length = Number(value);
    } else if (name === 'content-type' && /charset=/i.test(value) && !/charset=["']?utf-?8["']?(;|$)/i.test(value)) {
      return { problem: { reason: 'header', detail: FRAME_PROBLEMS.charsetNotUtf8 } };
    }
  }
  if (length === undefined) return { problem: { reason: 'header', detail: FRAME_PROBLEMS.noLength } };
  if (length > maxFrameBytes) return { problem: { reason: 'too-large', detail: FRAME_PROBLEMS.tooLarge(length, maxFrameBytes) } };
  return { length };
}
