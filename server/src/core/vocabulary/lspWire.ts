// The words of the language server's input stream: why a frame was skipped or
// refused (a header without an end, a Content-Length that is not a number or
// too large, a body that is not JSON or not a message), and the one log line
// that says so. The frame decoder never quotes the skipped bytes.

/** Why a frame was skipped or refused (the detail of the log line). */
export const FRAME_PROBLEMS = {
  noHeaderEnd: (maxHeaderBytes: number) => `no end of header within ${maxHeaderBytes} bytes`,
  notJson: (bytes: number, error: string) => `a body of ${bytes} bytes is not JSON (${error})`,
  notMessage: (bytes: number) => `a body of ${bytes} bytes is JSON but not a JSON-RPC message object`,
  headerLine: 'a header line without a name and a colon',
  lengthNotDecimal: 'Content-Length is not a decimal number',
  charsetNotUtf8: 'Content-Type names a charset other than utf-8',
  noLength: 'no Content-Length',
  tooLarge: (length: number, maxFrameBytes: number) => `Content-Length ${length} is over the limit of ${maxFrameBytes} bytes`,
} as const;

/** The log line of a skipped (or refused) frame; after a message that was not an object, the stream is still in sync. */
export function frameProblemLine(refused: boolean, detail: string, resyncs: boolean): string {
  const what = refused ? 'refused an oversized message' : 'skipped a malformed message';
  return `LSP input: ${what}: ${detail}${resyncs ? '; reading on from the next Content-Length header' : ''}`;
}
