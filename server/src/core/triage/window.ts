// The few instructions around a confirmed crash's split SP update, for people
// to look at (the editor's triage view): decoded from the crashed binary's
// machine code (function code + capstone, lines from the pclntab) or taken
// from a module's listing build (the engine's decoded AssemblyLines). Each
// instruction says whether it is the first half of the split update or the
// preempted second half, so a view can mark it with explain.ts's SP_MARK.
import { loadArm64Decoder } from '../decode/decoder';
import type { GoBinary } from '../binary';
import type { AssemblyLine } from '../types';

export interface EpilogueWindowInstruction {
  /** Offset from the function's entry. */
  offset: number;
  instruction: string;
  /** Source line of the instruction (0 when unknown). */
  line: number;
  /** `preempted`: the second half, where the goroutine stopped; `first-half`: SP already moved by it. */
  role: 'preempted' | 'first-half' | null;
}

/** Instructions shown before the preempted one, and after it. */
export const WINDOW_BEFORE = 5;
export const WINDOW_AFTER = 2;

function role(offset: number, preempted: number): EpilogueWindowInstruction['role'] {
  return offset === preempted ? 'preempted' : offset === preempted - 4 ? 'first-half' : null;
}

/** The window around `fn+preempted` in a binary; [] when the function or its code is not there. Never throws. */
export async function binaryWindow(bin: GoBinary, fn: string, preempted: number): Promise<EpilogueWindowInstruction[]> {
  try {
    const f = bin.functionByName(fn);
    if (!f) return [];
    const code = bin.code(f);
    const start = Math.max(0, preempted - WINDOW_BEFORE * 4);
    const end = Math.min(code.length, preempted + (WINDOW_AFTER + 1) * 4);
    if (start >= end || preempted % 4 !== 0) return [];
    const decoder = await loadArm64Decoder();
    return decoder.decode(code.subarray(start, end), f.entry + start).map((d) => {
      const offset = d.offset - f.entry;
      return { offset, instruction: d.text, line: bin.lineAt(d.offset)?.line ?? 0, role: role(offset, preempted) };
    });
  } catch {
    return [];
  }
}

/** The same window from a listing build's decoded lines (4 bytes per native instruction). */
export function listingWindow(lines: AssemblyLine[], preempted: number): EpilogueWindowInstruction[] {
  const all: EpilogueWindowInstruction[] = [];
  lines.forEach((l, i) => {
    // Progs sharing an offset (a NOP before an instruction) own no bytes of their own.
    if (lines[i + 1]?.offset === l.offset) return;
    l.native.forEach((ins, k) => {
      const offset = l.offset + 4 * k;
      all.push({ offset, instruction: ins, line: l.sourceLine, role: role(offset, preempted) });
    });
  });
  return all.filter((x) => x.offset >= preempted - WINDOW_BEFORE * 4 && x.offset <= preempted + WINDOW_AFTER * 4);
}
