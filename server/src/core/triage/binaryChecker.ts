// Checks preempted PCs against the binary that crashed, through the binary
// reader (core/binary): the PC's function, line, instruction and whether it is
// half of a split SP update, decided from the machine code.
import type { PcChecker } from './check';

/** Opens the binary; `{error}` is one line a person can act on. */
export async function createBinaryChecker(file: string): Promise<PcChecker | { error: string }> {
  return { error: `--binary ${file}: the binary reader is not in this build yet; use --module with the source instead` };
}
