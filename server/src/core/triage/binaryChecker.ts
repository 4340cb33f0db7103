// Checks preempted PCs against the binary that crashed, through the binary
// reader (core/binary): the PC's function, line, instruction and whether it is
// half of a split SP update, decided from the machine code and the pcsp table
// (stripped binaries too: the pclntab stays). The file is capped like
// scan-binary's (MAX_BINARY_BYTES) and read errors are worded, never raw.
import { readFile, stat } from 'node:fs/promises';
import { locatePc, openGoBinary } from '../binary';
import { MAX_BINARY_BYTES } from '../binary/targets/scanTargets';
import { triageBinaryTooLarge, triageCannotRead, triageNotAFile, triageNotThatBinary } from '../vocabulary';
import { checkFromLocation, type PcChecker } from './check';
import { binaryWindow } from './window';

/** Opens the binary; `{error}` is one line a person can act on (naming the file, not a flag). */
export async function createBinaryChecker(file: string, maxBytes = MAX_BINARY_BYTES): Promise<PcChecker | { error: string }> {
  let bytes: Uint8Array;
  try {
    const st = await stat(file);
    if (!st.isFile()) return { error: triageNotAFile(file) };
    if (st.size > maxBytes) return { error: triageBinaryTooLarge(file, st.size, maxBytes) };
    bytes = await readFile(file);
  } catch (err) {
    return { error: triageCannotRead(file, (err as NodeJS.ErrnoException).code) };
  }
  const bin = openGoBinary(bytes);
  if ('error' in bin) return { error: `${file}: ${readerWords(bin.error)}` };
  return {
    against: { kind: 'binary', path: file },
    rebuild: true,
    toolchain: bin.goVersion ?? undefined,
    check: async (fn, offset) => {
      const loc = await locatePc(bin, fn, offset);
      if ('error' in loc && / is not in this binary$/.test(loc.error))
        return { kind: 'no-function', message: triageNotThatBinary(loc.error) };
      return checkFromLocation('error' in loc ? { error: readerWords(loc.error) } : loc);
    },
    window: (fn, offset) => binaryWindow(bin, fn, offset),
  };
}

/** The reader's words without a JavaScript engine's message after them (`corrupt file: The value of "value" is out of range...`). */
function readerWords(error: string): string {
  const m = /^((?:truncated or )?corrupt file): /.exec(error);
  return m ? m[1] : error;
}
