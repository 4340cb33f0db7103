// A function's listing for people: each Prog with the native instructions it
// assembled to, the split SP/FP updates marked.
import { loadArm64Decoder } from '../decode/decoder';
import { candidatePairs } from './detector';
import { assemblyHeader, assemblyMark, hex4 } from '../vocabulary';
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

/** Width of the pseudo-assembly column: narrow enough for a side-by-side editor. */
const PSEUDO_WIDTH = 30;

/**
 * Plain-text listing for the read-only virtual document (grammar: syntaxes/go-asm).
 * The header names every split with its two instructions; a split Prog's
 * instructions go on their own lines under it, the mark between the halves,
 * so the split reads without scrolling sideways.
 */
export function assemblyText(fn: FunctionListing, lines: AssemblyLine[], toolchain: string): string {
  const kinds = new Map(candidatePairs(fn.code).map((c) => [c.offset, c.kind]));
  const file = path(fn.file);
  const splits = lines.flatMap((l) =>
    l.native.flatMap((n, i) => {
      const kind = kinds.get(l.offset + 4 * i);
      return kind && i + 1 < l.native.length
        ? [{ offset: l.offset + 4 * i, file, sourceLine: l.sourceLine, kind, pair: [n, l.native[i + 1]] as [string, string] }]
        : [];
    }),
  );
  const out = assemblyHeader(fn, toolchain, splits);
  for (const l of lines) {
    const head = `${hex4(l.offset)} (${file}:${l.sourceLine})\t${l.pseudo}`;
    if (!l.split) {
      out.push(l.native.length ? `${head.padEnd(PSEUDO_WIDTH + 20)}\t| ${l.native.join('; ')}` : head);
      continue;
    }
    out.push(head);
    l.native.forEach((n, i) => {
      out.push(`       ${hex4(l.offset + 4 * i)}  ${n}`);
      const kind = kinds.get(l.offset + 4 * i);
      if (kind && i + 1 < l.native.length) out.push(`               ${assemblyMark(kind)}`);
    });
  }
  return out.join('\n') + '\n';
}
function path(file: string): string {
  const i = file.lastIndexOf('/');
  return i >= 0 ? file.slice(i + 1) : file;
}
