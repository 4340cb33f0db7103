// A function's listing for people: each Prog with the native instructions it
// assembled to, the split SP/FP updates marked.
import { loadArm64Decoder } from '../decode/decoder';
import { candidatePairs } from './detector';
import { hex4 } from '../vocabulary';
import type { AssemblyLine, FunctionListing } from '../types';

export async function assemblyLines(fn: FunctionListing): Promise<AssemblyLine[]> {
  const decoder = await loadArm64Decoder();
  const native = fn.code.length ? decoder.decode(fn.code, 0) : [];
  const split = new Set<number>();
  for (const c of candidatePairs(fn.code)) {
    split.add(c.offset);
    split.add(c.offset + 4);
  }
  // PCDATA/FUNCDATA/TEXT share the next instruction's offset but assemble to nothing.
  const progs = fn.progs.filter((p) => !/^(PCDATA|FUNCDATA|TEXT)\b/.test(p.text));
  return progs.map((p, i) => {
    // A Prog owns the bytes up to the next Prog's offset; of Progs sharing an
    // offset (NOP, then the real instruction) only the last one owns any.
    const end = i + 1 < progs.length ? progs[i + 1].offset : fn.code.length;
    const own = native.filter((n) => n.offset >= p.offset && n.offset < end);
    return {
      offset: p.offset,
      sourceLine: p.line,
      pseudo: p.text.replace(/\t/g, ' '),
      native: own.map((n) => n.text),
      split: own.some((n) => split.has(n.offset)),
    };
  });
}

/** Plain-text listing for the read-only virtual document (grammar: syntaxes/go-asm). */
export function assemblyText(fn: FunctionListing, lines: AssemblyLine[], toolchain: string): string {
  const out = [
    `// ${fn.symbol}  frame=${fn.frameSize} args=${fn.argsSize}${fn.leaf ? ' leaf' : ''}  (${toolchain}, GOARCH=arm64)`,
    `// ${fn.file}:${fn.declLine}`,
  ];
  for (const l of lines) {
    const mark = l.split ? '  ; <-- split SP/FP update: async preemption between these two instructions crashes the unwinder' : '';
    const nat = l.native.length ? l.native.join('; ') : '';
    out.push(`${hex4(l.offset)} (${path(fn.file)}:${l.sourceLine})\t${l.pseudo.padEnd(40)}\t| ${nat}${mark}`);
  }
  return out.join('\n') + '\n';
}

function path(file: string): string {
  const i = file.lastIndexOf('/');
  return i >= 0 ? file.slice(i + 1) : file;
}
