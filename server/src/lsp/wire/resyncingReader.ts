// vscode-jsonrpc's MessageReader over our FrameDecoder: a malformed or oversized
// frame costs that frame (one log line) instead of the connection. Chosen over
// exiting so the client restarts us: a restart loses every module's analysis
// and the client's crash budget, and clients such as neovim do not restart a
// server at all; the next `Content-Length:` header is a reliable point to pick
// the stream up again.
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-jsonrpc';
import { frameProblemLine } from '../../core/vocabulary';
import { FrameDecoder, MAX_FRAME_BYTES, type FrameProblem } from './frameDecoder';

export class ResyncingMessageReader extends AbstractMessageReader {
  private shutdownSeen = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    /** Gets one line per skipped frame (the server writes it to stderr and, once connected, the client's log). */
    private readonly log: (line: string) => void,
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
  ) {
    super();
  }

  /** Whether a `shutdown` request came in (an input that ends after it is an orderly exit). */
  get sawShutdown(): boolean {
    return this.shutdownSeen;
  }

  listen(callback: DataCallback): Disposable {
    const decoder = new FrameDecoder(
      (m) => {
        const message = m as Message & { method?: unknown };
        if (message.method === 'shutdown') this.shutdownSeen = true;
        callback(message);
      },
      (p: FrameProblem) => this.log(describeProblem(p)),
      this.maxFrameBytes,
    );
    const onData = (chunk: Buffer | string) => decoder.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('end', onClose);
      this.input.off('close', onClose);
    });
  }
}

function describeProblem(p: FrameProblem): string {
  return frameProblemLine(p.reason === 'too-large', p.detail, p.reason !== 'not-message');
}
