// Candidate rewrites that move a large local off the stack, each as minimal
// text edits. Which one really moves it depends on size and toolchain
// (`new([65536]byte)` stays on the stack, see the notes), so every
// candidate is later verified by building it; here they are only ranked.
import { lineStarts, positionAt } from '../util/lineIndex';
import { tokenizeGo } from './goLexer';
import type { LargeLocal } from './locate';
import type { Use, UseKind } from './uses';
import { heapFixComment, heapFixOwner, strategyWords } from '../vocabulary/heapfix';

export type HeapFixStrategy =
  /** `buf := new([N]T)`: the compiler heap-allocates implicit objects over 64 KiB. */
  | 'new-array'
  /** `buf := make([]T, fBufLen)`, fBufLen a package-level var: a non-constant size is never put on the stack in full. */
  | 'slice-make'
  /** `buf := (*[N]T)(make([]T, fBufLen))`: same, keeping the `*[N]T` type so every use stays valid. */
  | 'array-pointer-make';

export interface HeapFixEdit {
  start: { line: number; character: number };
  end: { line: number; character: number };
  startOffset: number;
  endOffset: number;
  newText: string;
}

export interface Candidate {
  strategy: HeapFixStrategy;
  edits: HeapFixEdit[];
  /** The whole file with the edits applied. */
  text: string;
}

export interface RewriteOptions {
  fileText: string;
  /** go.mod's go line (`1.21`); converting a slice to an array pointer needs 1.17. */
  langVersion?: string;
  /** Every identifier already used in the package, to name the helper variable. */
  takenNames?: Set<string>;
}

const IMPLICIT_STACK_LIMIT = 64 * 1024;

/** Ranked candidates; empty with reasons when no rewrite keeps every use valid. */
export function candidateRewrites(local: LargeLocal, uses: Use[], opts: RewriteOptions): { candidates: Candidate[]; skipped: string[] } {
  const skipped: string[] = [];
  const isArray = local.form === 'var' || local.form === 'array-literal';
  const isPointer = local.form === 'new' || local.form === 'addr-literal';
  const order: HeapFixStrategy[] = isArray
    ? local.size > IMPLICIT_STACK_LIMIT
      ? ['new-array', 'slice-make', 'array-pointer-make']
      : ['slice-make', 'array-pointer-make', 'new-array']
    : isPointer
      ? ['array-pointer-make', 'slice-make']
      : ['slice-make'];
  const candidates: Candidate[] = [];
  for (const strategy of order) {
    const r = build(strategy, local, uses, opts);
    if (typeof r === 'string') skipped.push(`${strategy}: ${r}`);
    else candidates.push(finish(strategy, r, opts.fileText));
  }
  return { candidates, skipped };
}

type RawEdit = { startOffset: number; endOffset: number; newText: string };

function build(strategy: HeapFixStrategy, local: LargeLocal, uses: Use[], opts: RewriteOptions): RawEdit[] | string {
  const name = local.name;
  const decl = (rhs: string): RawEdit => ({ startOffset: local.declStart, endOffset: local.declEnd, newText: `${name} := ${rhs}` });
  const literal = local.literalBody !== undefined && local.literalBody.trim() !== '';
  if (strategy === 'new-array') {
    if (local.form !== 'var' && local.form !== 'array-literal') return strategyWords.onlyArrays;
    const rhs = literal ? `&${local.typeText}{${local.literalBody}}` : `new(${local.typeText})`;
    return [decl(rhs), ...pointerUseEdits(uses)];
  }
  if (local.elemText === undefined || local.lenValue === undefined) return strategyWords.notArrayType;
  if (literal) return strategyWords.literalHasElements;
  const helper = helperVar(local, opts);
  if (strategy === 'array-pointer-make') {
    if (opts.langVersion && !atLeast(opts.langVersion, 1, 17)) return strategyWords.goTooOld(opts.langVersion);
    if (local.form === 'make') return strategyWords.alreadySlice;
    const rhs = `(*${local.typeText})(make([]${local.elemText}, ${helper.name}))`;
    const useEdits = local.form === 'new' || local.form === 'addr-literal' ? [] : pointerUseEdits(uses);
    return [helper.edit, decl(rhs), ...useEdits];
  }
  // slice-make
  if (local.form === 'make') {
    const args = local.makeArgs ?? [];
    const last = args[args.length - 1];
    const edits = args
      .filter((a) => a === last || a.text === last.text)
      .map((a) => ({ startOffset: a.start, endOffset: a.end, newText: helper.name }));
    return [helper.edit, ...edits];
  }
  const allowed: UseKind[] = ['index', 'index-write', 'slice', 'len', 'range'];
  const bad = uses.find((u) => !allowed.includes(u.kind));
  if (bad) return strategyWords.needsArray(describe(bad.kind, local.name), positionAt(lineStarts(opts.fileText), bad.start).line + 1);
  return [helper.edit, decl(`make([]${local.elemText}, ${helper.name})`)];
}

/** Through `p := new([N]T)`, `&buf` is `p` and the array value is `*p`; index, slice, len, range auto-dereference. */
function pointerUseEdits(uses: Use[]): RawEdit[] {
  const edits: RawEdit[] = [];
  for (const u of uses) {
    if (u.kind === 'addr' && u.opStart !== undefined) edits.push({ startOffset: u.opStart, endOffset: u.start, newText: '' });
    else if (u.kind === 'value') edits.push({ startOffset: u.start, endOffset: u.start, newText: '*' });
  }
  return edits;
}

function helperVar(local: LargeLocal, opts: RewriteOptions): { name: string; edit: RawEdit } {
  const base = `${lowerFirst(local.funcName || 'heap')}${upperFirst(local.name)}Len`;
  const taken = opts.takenNames ?? new Set(tokenizeGo(opts.fileText).map((t) => t.text));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  const value = local.lenAtPackageLevel && local.lenText !== undefined ? local.lenText : String(local.lenValue);
  const eol = /\r\n/.test(opts.fileText) ? '\r\n' : '\n';
  const text = [...heapFixComment(name, local.name, heapFixOwner(local.funcName, local.closure)), `var ${name} = ${value}`, '', ''].join(
    eol,
  );
  return { name, edit: { startOffset: local.topLevelInsert, endOffset: local.topLevelInsert, newText: text } };
}

function finish(strategy: HeapFixStrategy, raw: RawEdit[], text: string): Candidate {
  const sorted = [...raw].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  const starts = lineStarts(text);
  const edits = sorted.map((e) => ({ ...e, start: positionAt(starts, e.startOffset), end: positionAt(starts, e.endOffset) }));
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.startOffset) + e.newText;
    at = e.endOffset;
  }
  return { strategy, edits, text: out + text.slice(at) };
}

function describe(kind: UseKind, name: string): string {
  switch (kind) {
    case 'addr':
      return `&${name}`;
    case 'deref':
      return `*${name}`;
    case 'method':
      return strategyWords.methodCall(name);
    default:
      return strategyWords.valueUse(name);
  }
}

function atLeast(v: string, major: number, minor: number): boolean {
  const m = /^(?:go)?(\d+)\.(\d+)/.exec(v);
  return !m || +m[1] > major || (+m[1] === major && +m[2] >= minor);
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
