// The compiler's inline table, read from its own trace. `-S` prints each
// instruction at its innermost position: when an epilogue belongs to an
// inlined call (`return errors.Unwrap(err)`), that is the callee's line, not
// the user's `return`. `-d=pctab=pctoinline` makes the compiler print, per
// function, the pc → inline-index table it writes into the pclntab
// (PCDATA_InlTreeIndex) and the inline tree itself (`i | parent | func (pos)
// pc=parentPc`, pos being the call site in the parent): the same data the
// binary engine reads from a binary, so both engines name the same line and
// chain. Every go1.19-go1.27 compiler prints the same form:
//
//	funcpctab main.f [valfunc=pctoinline]
//	    b4      0 00180 (main.go:22)	ADD	$70016, RSP     (pc, new value, Prog)
//	    bc        00188 (main.go:22)	RET	(R30)          (value unchanged)
//	    e0 done                                            (pc just past the function)
//	-- inlining tree for main.f:
//	0 | -1 | main.pick (main.go:22:13) pc=176
//	--
//
// Only the functions asked for are kept; each table is bounded by its
// function's size, each tree by the lines the compiler printed for it.
import type { InlinedFrame } from '../types';

/** Inline depth followed at most (the compiler's budget keeps real chains far shorter). */
const MAX_DEPTH = 64;

export interface InlineNode {
  function: string;
  /** Index of the node this call was inlined into; -1 for the physical function. */
  parent: number;
  /** The call site, in the parent. */
  file: string;
  line: number;
}

export interface InlineTable {
  /** Pcs where the inline index changes and its new value, in pc order. */
  changes: { pc: number; value: number }[];
  /** The function's size as the trace gives it (`done` line), to check it traces the function listed. */
  size: number;
  tree: InlineNode[];
}

const FUNC_START = /^funcpctab (.+) \[valfunc=pctoinline\]$/;
const VALUE_LINE = /^ *([0-9a-f]+) +(?:(-?\d+) +)?\d+ \(/;
const DONE_LINE = /^ *([0-9a-f]+) done$/;
const TREE_START = /^-- inlining tree for (.+):$/;
const TREE_LINE = /^(\d+) \| (-?\d+) \| (.+) \((.*)\) pc=-?\d+$/;

/** `file:line:col` or `file:line:col[orig:line:col]` (a //line directive) as file and line. */
export function splitPosition(pos: string): { file: string; line: number } {
  const bracket = pos.indexOf('[');
  if (bracket > 0 && pos.endsWith(']')) pos = pos.slice(0, bracket);
  const parts = /^(.*?):(\d+)(?::\d+)?$/.exec(pos);
  return parts ? { file: parts[1], line: Number(parts[2]) } : { file: pos, line: 0 };
}

/** A function's key in a build of many packages (`main.f` can be in several). */
export const functionKey = (packagePath: string, symbol: string): string => `${packagePath}\u0000${symbol}`;

/** Gathers the inline tables of the wanted functions (by functionKey) from trace lines; any other line is ignored. */
export class InlineTraceReader {
  readonly tables = new Map<string, InlineTable>();
  private packagePath = '';
  private current: InlineTable | undefined;
  private treeOf: InlineTable | undefined;

  constructor(private readonly wanted: (key: string) => boolean) {}

  /** One line of compiler output (without its newline). */
  line(text: string): void {
    let m: RegExpExecArray | null;
    if (this.treeOf) {
      if ((m = TREE_LINE.exec(text)) && Number(m[1]) === this.treeOf.tree.length) {
        this.treeOf.tree.push({ function: m[3], parent: Number(m[2]), ...splitPosition(m[4]) });
        return;
      }
      this.treeOf = undefined;
    }
    if (text.startsWith('# ')) {
      this.packagePath = text.slice(2);
      this.current = undefined;
      return;
    }
    if ((m = FUNC_START.exec(text))) {
      const key = functionKey(this.packagePath, m[1]);
      this.current = this.wanted(key) ? { changes: [], size: -1, tree: [] } : undefined;
      if (this.current) this.tables.set(key, this.current);
      return;
    }
    if ((m = TREE_START.exec(text))) {
      this.current = undefined;
      this.treeOf = this.tables.get(functionKey(this.packagePath, m[1]));
      return;
    }
    const cur = this.current;
    if (!cur) return;
    if ((m = VALUE_LINE.exec(text))) {
      if (m[2] !== undefined) cur.changes.push({ pc: parseInt(m[1], 16), value: Number(m[2]) });
    } else if ((m = DONE_LINE.exec(text))) {
      cur.size = parseInt(m[1], 16);
      this.current = undefined;
    }
  }
}

/** The inline index in effect at pc (-1: in no inlined call). */
export function inlineIndexAt(table: InlineTable, pc: number): number {
  let value = -1;
  for (const c of table.changes) {
    if (c.pc > pc) break;
    value = c.value;
  }
  return value;
}

/**
 * The user's line for an instruction at pc whose innermost position is
 * `inner`: walks the tree out to the physical function, collecting each
 * inlined function and the position in it, innermost first.
 */
export function outermostPosition(
  table: InlineTable,
  pc: number,
  inner: { file: string; line: number },
): { file: string; line: number; inlinedFrom: InlinedFrame[] } {
  const inlinedFrom: InlinedFrame[] = [];
  let at = inner;
  let ix = inlineIndexAt(table, pc);
  for (let depth = 0; ix >= 0 && ix < table.tree.length && depth < MAX_DEPTH; depth++) {
    const node = table.tree[ix];
    inlinedFrom.push({ function: node.function, file: at.file, line: at.line });
    at = { file: node.file, line: node.line };
    ix = node.parent;
  }
  return { file: at.file, line: at.line, inlinedFrom };
}
