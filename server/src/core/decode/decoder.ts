// capstone-wasm behind one lazily loaded instance. It copies its input
// through a fixed buffer (4 MB inputs throw), so callers decode per function
// or per instruction pair, never a whole listing. Only what a person reads is
// decoded here (listings, hovers, triage): the binary scan's detector needs
// no decoder (see core/binary/pairText.ts).
import * as cs from 'capstone-wasm';
import { setFlagsFromString } from 'node:v8';
import type { DecodedInstruction } from '../types';

interface CapstoneInsn {
  address: number;
  size: number;
  mnemonic: string;
  opStr: string;
  bytes: Uint8Array;
}
interface CapstoneLike {
  disasm(bytes: Uint8Array, opts: { address: number }): CapstoneInsn[];
}

export interface Arm64Decoder {
  /** Decodes arm64 machine code; words capstone cannot decode come back as `.word`. */
  decode(bytes: Uint8Array, address?: number): DecodedInstruction[];
}

let instance: Promise<Arm64Decoder> | undefined;

/** `add sp, sp, #0x10; add sp, sp, #0x10, lsl #12`: the pair every caller decodes. */
const WARM_UP_PAIR = new Uint8Array([0xff, 0x43, 0x00, 0x91, 0xff, 0x43, 0x40, 0x91]);

/** Loads capstone-wasm once; decoding is synchronous afterwards. */
export function loadArm64Decoder(): Promise<Arm64Decoder> {
  instance ??= (async () => {
    // Before the module compiles: capstone decodes a few words per call, V8's baseline (Liftoff)
    // code is plenty; its optimising tier-up of the 1.7 MB module is ~250 ms of background
    // compilation that process exit waits for (measured: scan-binary 0.62 s -> 0.31 s, peak RSS
    // 182 -> 126 MB).
    setFlagsFromString('--liftoff-only');
    await cs.loadCapstone();
    const engine = new cs.Capstone(cs.Const.CS_ARCH_ARM64, cs.Const.CS_MODE_ARM) as unknown as CapstoneLike;
    // V8 compiles wasm functions on their first call: the first decode costs ~16 ms. Pay it now,
    // while the caller still waits for its input (scan-binary reads the binary meanwhile).
    decodeWith(engine, WARM_UP_PAIR, 0);
    return { decode: (bytes: Uint8Array, address = 0) => decodeWith(engine, bytes, address) };
  })();
  return instance;
}

const MAX_CHUNK = 64 * 1024;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function decodeWith(cs: CapstoneLike, bytes: Uint8Array, address: number): DecodedInstruction[] {
  const out: DecodedInstruction[] = [];
  for (let start = 0; start < bytes.length; start += MAX_CHUNK) {
    const chunk = bytes.subarray(start, Math.min(bytes.length, start + MAX_CHUNK));
    let pos = 0;
    while (pos + 4 <= chunk.length) {
      let insns: CapstoneInsn[];
      // capstone-wasm throws (instead of returning nothing) when the first word is undecodable.
      try {
        insns = cs.disasm(chunk.subarray(pos), { address: address + start + pos });
      } catch {
        insns = [];
      }
      for (const i of insns) {
        out.push({ offset: i.address, text: i.opStr ? `${i.mnemonic} ${i.opStr}` : i.mnemonic, bytes: hex(i.bytes) });
      }
      pos += insns.reduce((n, i) => n + i.size, 0);
      if (pos + 4 <= chunk.length) {
        // capstone stops at the first word it cannot decode (data, udf): show it and go on.
        const w = chunk.subarray(pos, pos + 4);
        const value = (w[0] | (w[1] << 8) | (w[2] << 16) | (w[3] << 24)) >>> 0;
        out.push({ offset: address + start + pos, text: `.word 0x${value.toString(16).padStart(8, '0')}`, bytes: hex(w) });
        pos += 4;
      }
    }
  }
  return out;
}
