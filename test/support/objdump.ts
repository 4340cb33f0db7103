// A second opinion on machine code: Go's own disassembler (`go tool objdump`)
// over a binary with symbols, one function's instructions with their offset
// from the function's start, source line, encoding and Go-syntax text. Tests
// use it to check the engines' offsets against the toolchain instead of
// against numbers written down for one patch release.
import { execFileSync } from 'node:child_process';
import { testEnv } from './paths';

export interface ObjdumpRow {
  /** Bytes from the function's first instruction. */
  offset: number;
  line: number;
  /** The instruction word as objdump prints it (big-endian hex of the little-endian word). */
  hex: string;
  /** Go assembler syntax, e.g. `ADD $(16<<12), RSP, RSP`. */
  text: string;
}

/** The instructions of `symbol` (exact name) in `binary`, disassembled by `go`'s objdump. */
export function objdumpFunction(go: string, binary: string, symbol: string): ObjdumpRow[] {
  const escaped = symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const out = execFileSync(go, ['tool', 'objdump', '-s', `^${escaped}$`, binary], { env: testEnv(), encoding: 'utf8' });
  const rows: { addr: number; line: number; hex: string; text: string }[] = [];
  for (const l of out.split('\n')) {
    // "  main.go:9		0x849ec			910043ff		ADD $16, RSP, RSP"
    const m = /^\s+\S+:(\d+)\s+0x([0-9a-f]+)\s+([0-9a-f]{8})\s+(.*?)\s*$/.exec(l);
    if (m) rows.push({ line: Number(m[1]), addr: parseInt(m[2], 16), hex: m[3], text: m[4] });
  }
  if (rows.length === 0) throw new Error(`go tool objdump found no ${symbol} in ${binary}:\n${out}`);
  return rows.map((r) => ({ offset: r.addr - rows[0].addr, line: r.line, hex: r.hex, text: r.text }));
}
