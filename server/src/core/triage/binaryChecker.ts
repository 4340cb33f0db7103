// Checks preempted PCs against the binary that crashed, through the binary
// reader (core/binary): the PC's function, line, instruction and whether it is
// half of a split SP update, decided from the machine code and the pcsp table
// (stripped binaries too: the pclntab stays).
import { readFile, stat } from 'node:fs/promises';
import { locatePc, openGoBinary } from '../binary';
import { checkFromLocation, type PcChecker } from './check';
import { binaryWindow } from './window';

/** Opens the binary; `{error}` is one line a person can act on (naming the file, not a flag). */
export async function createBinaryChecker(file: string): Promise<PcChecker | { error: string }> {
  let bytes: Uint8Array;
  try {
    const st = await stat(file);
    if (!st.isFile()) return { error: `${file} is not a file: give the executable that crashed` };
    bytes = await readFile(file);
  } catch (err) {
    return { error: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  const bin = openGoBinary(bytes);
  if ('error' in bin) return { error: `${file}: ${bin.error}` };
  return {
    against: { kind: 'binary', path: file },
    rebuild: true,
    toolchain: bin.goVersion ?? undefined,
    check: async (fn, offset) => {
      const loc = await locatePc(bin, fn, offset);
      if ('error' in loc && / is not in this binary$/.test(loc.error))
        return { kind: 'no-function', message: `${loc.error} (is it the binary that crashed?)` };
      return checkFromLocation(loc);
    },
    window: (fn, offset) => binaryWindow(bin, fn, offset),
  };
}
