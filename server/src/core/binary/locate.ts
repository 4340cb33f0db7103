// Crash triage: what `function+0xOFF` from a Go traceback is in a binary:
// source position, the instruction, the frame size the unwinder assumes,
// and whether the pc sits inside a split SP update (the second instruction
// is where a preemption crashes the unwinder).
import { loadArm64Decoder } from '../decode/decoder';
import { addrToOffset } from './container';
import { confirmPair } from './detect';
import type { GoBinary } from './goBinary';
import { reason } from './goBinary';
import type { PcLocation } from './types';
import { binaryFileWords } from '../vocabulary/binaryFile';

export async function locatePc(bin: GoBinary, functionName: string, offset: number): Promise<PcLocation | { error: string }> {
  try {
    const fn = bin.functionByName(functionName);
    if (!fn) return { error: binaryFileWords.functionNotInBinary(functionName) };
    const pc = fn.entry + offset;
    if (!Number.isInteger(offset) || offset < 0 || pc >= fn.end)
      return { error: binaryFileWords.offsetOutsideFunction(offset, fn.name, fn.end - fn.entry) };
    const decoder = await loadArm64Decoder();
    const off = addrToOffset(bin.container, pc, 4);
    const decoded = off >= 0 ? decoder.decode(bin.container.view.u8.subarray(off, off + 4), pc) : [];
    const pos = bin.lineAt(pc);
    const loc: PcLocation = {
      function: fn.name,
      entry: fn.entry,
      offset,
      file: pos?.file ?? '',
      line: pos?.line ?? 0,
      instruction: decoded[0]?.text ?? '',
      frameSize: bin.funcs.pcsp(fn.raw, pc),
    };
    const second = pc % 4 === 0 ? confirmPair(bin, fn.raw, pc - 4) : undefined;
    if (second) loc.splitSecondHalfOf = second;
    const first = pc % 4 === 0 ? confirmPair(bin, fn.raw, pc) : undefined;
    if (first) loc.splitFirstHalfOf = first;
    return loc;
  } catch (e) {
    return { error: reason(e) };
  }
}
