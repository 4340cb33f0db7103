// capstone-wasm ships types its package.json "exports" does not expose under
// node16 resolution; this is the part we use.
declare module 'capstone-wasm' {
  export function loadCapstone(options?: Record<string, unknown>): Promise<void>;
  export const Const: { CS_ARCH_ARM64: number; CS_MODE_ARM: number };
  export interface Insn {
    id: number;
    address: number;
    size: number;
    bytes: Uint8Array;
    mnemonic: string;
    opStr: string;
  }
  export class Capstone {
    constructor(arch: number, mode: number);
    disasm(bytes: Uint8Array, options?: { address?: number; count?: number }): Insn[];
    close(): void;
  }
}
