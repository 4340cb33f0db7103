// The server's frame decoder (lsp/wire/frameDecoder.ts): messages come out
// whole however the bytes are split; a bad frame costs that frame, never the
// ones after it; an oversized one is refused without being kept.
import assert from 'node:assert/strict';
import { FrameDecoder, type FrameProblem } from '../../server/src/lsp/wire/frameDecoder';
import { trustAtInitialize, trustInNotification } from '../../server/src/lsp/trust';
import { transportOf } from '../../server/src/lsp/start';

const frame = (m: object) => {
  const body = JSON.stringify(m);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

function decode(chunks: (string | Buffer)[], maxFrameBytes?: number): { messages: object[]; problems: FrameProblem[] } {
  const messages: object[] = [];
  const problems: FrameProblem[] = [];
  const d = new FrameDecoder(
    (m) => messages.push(m),
    (p) => problems.push(p),
    maxFrameBytes,
  );
  for (const c of chunks) d.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return { messages, problems };
}

/** Every split of `text` into chunks of `size` bytes. */
const chunked = (text: string, size: number) => {
  const b = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
};

describe('lsp frame decoder', () => {
  const a = { jsonrpc: '2.0', id: 1, method: 'a', params: { text: 'héllo ✓' } };
  const b = { jsonrpc: '2.0', method: 'b' };

  it('decodes messages split at any byte, and several in one chunk', () => {
    const stream = frame(a) + frame(b);
    for (const size of [1, 2, 3, 7, 16, 64, 1000]) {
      const r = decode(chunked(stream, size));
      assert.deepEqual(r, { messages: [a, b], problems: [] }, `chunks of ${size}`);
    }
  });

  it('skips a frame with a bad header up to the next Content-Length, at any split', () => {
    const cases: [string, FrameProblem['reason'], RegExp][] = [
      ['Content-Length: twelve\r\n\r\n{}', 'header', /not a decimal number/],
      ['Content-Type: application/vscode-jsonrpc\r\n\r\n{}', 'header', /no Content-Length/],
      ['\x00\xff garbage\r\n\r\nmore', 'header', /without a name and a colon/],
      ['Content-Length: 3\r\n\r\n{"jsonrpc":"2.0"}', 'not-json', /a body of 3 bytes is not JSON/],
      ['Content-Length: 2\r\n\r\n[]', 'not-message', /not a JSON-RPC message object/],
      ['Content-Length: 10\r\nContent-Type: application/json; charset=latin1\r\n\r\n0123456789', 'header', /charset/],
    ];
    for (const [bad, reason, detail] of cases) {
      for (const size of [1, 5, 4096]) {
        const r = decode(chunked(frame(a) + bad + frame(b), size));
        assert.deepEqual(r.messages, [a, b], `${JSON.stringify(bad)} in chunks of ${size}`);
        assert.deepEqual(
          r.problems.map((p) => p.reason),
          [reason],
        );
        assert.match(r.problems[0].detail, detail);
      }
    }
  });

  it('recovers the frames an overlong Content-Length swallowed', () => {
    // Says 60 bytes, has 2: the next frame (and more) is read as its body, then found again.
    const r = decode([`Content-Length: 60\r\n\r\n{}${frame(b)}${frame(a)}`]);
    assert.deepEqual(r.messages, [b, a]);
    assert.deepEqual(
      r.problems.map((p) => p.reason),
      ['not-json'],
    );
  });

  it('refuses a Content-Length over the limit and reads on after its body; a header that never ends is dropped', () => {
    const r = decode([`Content-Length: 1000000000000\r\n\r\n{"x":"`, 'A'.repeat(1 << 20), `"}${frame(b)}`], 1024);
    assert.deepEqual(r.messages, [b]);
    assert.equal(r.problems.length, 1);
    assert.deepEqual(r.problems[0], { reason: 'too-large', detail: 'Content-Length 1000000000000 is over the limit of 1024 bytes' });
    // A header block that never ends is not kept either.
    const endless = decode(['Content-Length: 5\r\nX: ' + 'y'.repeat(20_000), frame(b)]);
    assert.deepEqual(endless.messages, [b]);
    assert.match(endless.problems[0].detail, /no end of header within 8192 bytes/);
  });

  it('random bytes between frames: the frames after them still arrive', () => {
    let seed = 7;
    const random = Buffer.from(Buffer.alloc(50_000, 0)).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    const r = decode([Buffer.from(frame(a)), Buffer.from(random), Buffer.from(frame(b) + frame(a))]);
    assert.deepEqual(r.messages, [a, b, a]);
    assert.ok(r.problems.length >= 1);
  });
});

describe('lsp trust: only the boolean true', () => {
  it('initializationOptions: absent key = a client without trust (trusted); any other value than true = untrusted', () => {
    assert.equal(trustAtInitialize(undefined), true);
    assert.equal(trustAtInitialize(null), true);
    assert.equal(trustAtInitialize({}), true);
    assert.equal(trustAtInitialize({ trusted: true }), true);
    for (const v of [false, 'false', 'true', 'no', 1, 0, null, {}, []])
      assert.equal(trustAtInitialize({ trusted: v }), false, JSON.stringify(v));
  });

  it('the trust notification grants only with trusted: true', () => {
    assert.equal(trustInNotification({ trusted: true }), true);
    for (const p of [undefined, null, {}, { trusted: 'no' }, { trusted: 'true' }, { trusted: 1 }, [true]])
      assert.equal(trustInNotification(p), false, JSON.stringify(p));
  });
});

describe('lsp transport arguments', () => {
  it('reads the transport the way clients pass it', () => {
    assert.deepEqual(transportOf(['--stdio']), { kind: 'stdio' });
    assert.deepEqual(transportOf(['--socket=6009']), { kind: 'socket', port: 6009 });
    assert.deepEqual(transportOf(['--socket', '6009']), { kind: 'socket', port: 6009 });
    assert.deepEqual(transportOf(['--pipe=/tmp/a=b.sock']), { kind: 'pipe', name: '/tmp/a=b.sock' });
    assert.deepEqual(transportOf(['--node-ipc']), { kind: 'library' });
    assert.deepEqual(transportOf(['--clientProcessId=1', '--stdio']), { kind: 'stdio' });
  });
});
