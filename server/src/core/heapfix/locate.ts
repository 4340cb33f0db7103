// Finds the function a finding names and, in its body, the one large local
// whose size accounts for the frame: `var buf [N]T`, `buf := [N]T{}`,
// `buf := new([N]T)`, `buf := &[N]T{}` or `buf := make([]T, N)`.
import { collectDecls, emptyEnv, evalConst, sizeOfType, splitTop, statementEnd, type DeclEnv } from './constEval';
import { lineIndex, matchBracket, tokenizeGo, type GoToken } from './goLexer';
import { heapFixWords } from '../vocabulary/heapfix';

export type LocalForm = 'var' | 'array-literal' | 'new' | 'addr-literal' | 'make';

export interface LargeLocal {
  name: string;
  form: LocalForm;
  /** Bytes the local takes: N * sizeof(T). */
  size: number;
  /** The array type as written (`[1 << 16]byte`, `Block`); `[]T` for make. */
  typeText: string;
  /** `N` and `T` when the type is written `[N]T` (or make's length and element). */
  lenText?: string;
  elemText?: string;
  /** Value of N, and whether N can be written at package level as is (no function-local consts). */
  lenValue?: number;
  lenAtPackageLevel?: boolean;
  /** Composite literal elements between the braces ('' for `{}`). */
  literalBody?: string;
  /** Offsets of the declaration statement (`var buf [N]T` / `buf := new(...)`). */
  declStart: number;
  declEnd: number;
  /** Offsets of make's length (and capacity) arguments. */
  makeArgs?: { start: number; end: number; text: string }[];
  /** 1-based line of the declaration. */
  line: number;
  /** Token range where uses refer to this local: after the declaration up to its block's `}`. */
  scopeFrom: number;
  scopeTo: number;
  /** Offset at which a package-level declaration can go: before the enclosing top-level declaration's doc comment. */
  topLevelInsert: number;
  /** Name of the top-level function (for naming helpers). */
  funcName: string;
  /** The frame is a func literal's inside funcName. */
  closure: boolean;
}

export interface LocateInput {
  fileText: string;
  /** Symbol from the listing: `main.f`, `main.(*T).M`, `main.F[...]`, `main.f.func1`. */
  symbol: string;
  /** 1-based line of the function's declaration (the TEXT Prog's line). */
  declLine: number;
  frameSize: number;
  /** Other files of the package (consts and types they declare). */
  packageTexts?: string[];
}

export type LocateResult = { ok: true; local: LargeLocal; toks: GoToken[]; env: DeclEnv } | { ok: false; reason: string };

/** How much of a frame may be something else than the local (spill slots, saved LR/FP, outgoing args). */
export const FRAME_SLACK = 256;

export function findLargeLocal(input: LocateInput): LocateResult {
  const toks = tokenizeGo(input.fileText);
  const env = emptyEnv();
  for (const t of input.packageTexts ?? []) collectDecls(tokenizeGo(t), env);
  collectDecls(toks, env);
  const pkgEnv: DeclEnv = { consts: new Map(env.consts), types: new Map(env.types) };
  const lines = lineIndex(input.fileText);
  const sym = parseSymbol(input.symbol);
  const fn = findFuncToken(toks, lines.lineOf, input.declLine, sym);
  if (fn < 0) return { ok: false, reason: heapFixWords.noFunc(sym.name, input.declLine) };
  const open = bodyOpen(toks, fn);
  const close = open < 0 ? -1 : matchBracket(toks, open);
  if (close < 0) return { ok: false, reason: heapFixWords.noBody(input.symbol) };
  collectDecls(toks, env, open + 1, close, true);

  let best: LargeLocal | undefined;
  const blocks: number[] = [open];
  for (let k = open + 1; k < close; k++) {
    const t = toks[k];
    if (t.kind === 'ident' && t.text === 'func') {
      // A nested func literal has its own frame: skip its body.
      const o = bodyOpen(toks, k);
      const c = o < 0 ? -1 : matchBracket(toks, o);
      if (c > 0) {
        k = c;
        continue;
      }
    }
    if (t.kind === 'op' && t.text === '{') {
      blocks.push(k);
      continue;
    }
    if (t.kind === 'op' && t.text === '}') {
      blocks.pop();
      continue;
    }
    const prev = toks[k - 1];
    if (!(prev.kind === 'semi' || prev.text === '{')) continue;
    const local = declarationAt(toks, k, env, input.fileText);
    if (!local) continue;
    const blockClose = matchBracket(toks, blocks[blocks.length - 1]);
    const lenToks = local.lenText === undefined ? undefined : tokenizeGo(local.lenText).filter((x) => x.kind !== 'semi');
    const lenValue = lenToks && evalConst(lenToks, env);
    const withScope: LargeLocal = {
      ...local,
      lenValue: lenValue === undefined ? undefined : Number(lenValue),
      lenAtPackageLevel: lenToks !== undefined && evalConst(lenToks, pkgEnv) !== undefined,
      line: lines.lineOf(local.declStart),
      scopeTo: blockClose,
      topLevelInsert: topLevelInsert(toks, fn, input.fileText),
      funcName: sym.outer,
      closure: sym.closure,
    };
    if (accounts(withScope.size, input.frameSize) && (!best || withScope.size > best.size)) best = withScope;
  }
  if (!best) return { ok: false, reason: heapFixWords.noLocal(input.symbol, input.frameSize) };
  return { ok: true, local: best, toks, env };
}

/** The local explains the frame: alone, or copied once by a `for _, v := range buf`. */
function accounts(size: number, frame: number): boolean {
  return (size <= frame && frame - size <= FRAME_SLACK) || (2 * size <= frame && frame - 2 * size <= FRAME_SLACK);
}

interface SymbolParts {
  name: string;
  outer: string;
  closure: boolean;
}

function parseSymbol(symbol: string): SymbolParts {
  // Drop generic shapes (`[go.shape.int]`), which may contain dots and slashes.
  let s = '';
  let depth = 0;
  for (const c of symbol) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0) s += c;
  }
  const rest = s.slice(s.lastIndexOf('/') + 1).replace(/^[^.]*\./, '');
  const closure = /(^|\.)(func|gowrap|deferwrap)\d+(\.|$)/.test(rest);
  const parts = rest.split('.').map((p) => p.replace(/[()*]/g, ''));
  const declParts = closure
    ? parts.slice(
        0,
        parts.findIndex((p) => /^(func|gowrap|deferwrap)\d+$/.test(p)),
      )
    : parts;
  return { name: closure ? '' : parts[parts.length - 1], outer: declParts[declParts.length - 1] ?? '', closure };
}

function findFuncToken(toks: GoToken[], lineOf: (o: number) => number, declLine: number, sym: SymbolParts): number {
  let depth = 0;
  const candidates: number[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.text === '{' && t.kind === 'op') depth++;
    else if (t.text === '}' && t.kind === 'op') depth--;
    if (t.kind !== 'ident' || t.text !== 'func') continue;
    const line = lineOf(t.start);
    if (line < declLine) continue;
    if (line > declLine) break;
    const topLevel = depth === 0 && (k === 0 || toks[k - 1].kind === 'semi');
    if (sym.closure ? !topLevel && toks[k + 1]?.text === '(' : topLevel && declName(toks, k) === sym.name) candidates.push(k);
  }
  return candidates.length ? candidates[0] : -1;
}

function declName(toks: GoToken[], fn: number): string | undefined {
  let k = fn + 1;
  if (toks[k]?.text === '(') k = matchBracket(toks, k) + 1;
  return toks[k]?.kind === 'ident' ? toks[k].text : undefined;
}

/** The `{` opening the body of the func at token `fn`, skipping struct{}/interface{} in its signature. */
export function bodyOpen(toks: GoToken[], fn: number): number {
  let depth = 0;
  for (let k = fn + 1; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'semi' && depth === 0) return -1; // a declaration without body
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (t.text === '{') {
      const p = toks[k - 1];
      if (p.kind === 'ident' && (p.text === 'struct' || p.text === 'interface')) {
        k = matchBracket(toks, k);
        continue;
      }
      if (depth === 0) return k;
    }
  }
  return -1;
}

type Found = Omit<LargeLocal, 'line' | 'scopeTo' | 'topLevelInsert' | 'funcName' | 'closure'>;

/** Recognises a large-local declaration starting at token k. */
function declarationAt(toks: GoToken[], k: number, env: DeclEnv, src: string): Found | undefined {
  const t = toks[k];
  const end = statementEnd(toks, k);
  const text = (a: number, b: number): string => src.slice(toks[a].start, toks[b - 1].end);
  let name: GoToken;
  let typeFrom = -1;
  let typeTo = -1;
  let exprFrom = -1;
  if (t.kind === 'ident' && t.text === 'var') {
    name = toks[k + 1];
    if (name?.kind !== 'ident' || toks[k + 2]?.text === ',') return undefined;
    let eq = k + 2;
    while (eq < end && toks[eq].text !== '=') eq++;
    if (eq > k + 2) {
      typeFrom = k + 2;
      typeTo = eq;
    }
    if (eq < end) exprFrom = eq + 1;
  } else if (t.kind === 'ident' && toks[k + 1]?.text === ':=') {
    name = t;
    exprFrom = k + 2;
  } else {
    return undefined;
  }
  const base = { name: name.text, declStart: t.start, declEnd: toks[end - 1].end, scopeFrom: end };
  const arrayParts = (a: number, b: number): { lenText?: string; elemText?: string } => {
    if (toks[a].text !== '[') return {};
    const c = matchBracket(toks, a);
    return c > a + 1 && c < b - 1 ? { lenText: text(a + 1, c), elemText: text(c + 1, b) } : {};
  };
  const arraySize = (a: number, b: number): number | undefined => {
    const s = sizeOfType(toks.slice(a, b), env);
    const isArray = toks[a].text === '[' ? toks[a + 1].text !== ']' : s !== undefined && env.types.get(toks[a].text)?.[0]?.text === '[';
    return isArray && s !== undefined && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : undefined;
  };
  if (exprFrom < 0) {
    const size = arraySize(typeFrom, typeTo);
    return size === undefined
      ? undefined
      : { ...base, form: 'var', size, typeText: text(typeFrom, typeTo), ...arrayParts(typeFrom, typeTo) };
  }
  if (exprFrom >= end) return undefined;
  const e = toks[exprFrom];
  // new(T)
  if (e.text === 'new' && toks[exprFrom + 1]?.text === '(' && matchBracket(toks, exprFrom + 1) === end - 1) {
    const size = arraySize(exprFrom + 2, end - 1);
    return size === undefined
      ? undefined
      : { ...base, form: 'new', size, typeText: text(exprFrom + 2, end - 1), ...arrayParts(exprFrom + 2, end - 1) };
  }
  // make([]T, N) / make([]T, N, C)
  if (
    e.text === 'make' &&
    toks[exprFrom + 1]?.text === '(' &&
    toks[exprFrom + 2]?.text === '[' &&
    toks[exprFrom + 3]?.text === ']' &&
    matchBracket(toks, exprFrom + 1) === end - 1
  ) {
    const args = splitTop(toks, exprFrom + 2, end - 1, ',');
    if (args.length < 2 || args.length > 3) return undefined;
    const elem = toks.slice(exprFrom + 4, args[0][1]);
    const elemSize = sizeOfType(elem, env);
    const counts = args.slice(1).map(([a, b]) => evalConst(toks.slice(a, b), env));
    const n = counts[counts.length - 1];
    if (elemSize === undefined || n === undefined || counts.some((c) => c === undefined)) return undefined;
    return {
      ...base,
      form: 'make',
      size: Number(n * elemSize),
      typeText: text(exprFrom + 2, args[0][1]),
      lenText: text(args[1][0], args[1][1]),
      elemText: text(exprFrom + 4, args[0][1]),
      makeArgs: args.slice(1).map(([a, b]) => ({ start: toks[a].start, end: toks[b - 1].end, text: text(a, b) })),
    };
  }
  // T{...} or &T{...} filling the whole initialiser.
  const addr = e.text === '&';
  const litFrom = addr ? exprFrom + 1 : exprFrom;
  const brace = findLiteralBrace(toks, litFrom, end);
  if (brace < 0 || matchBracket(toks, brace) !== end - 1) return undefined;
  if (typeFrom >= 0 && text(typeFrom, typeTo) !== text(litFrom, brace)) return undefined;
  const size = arraySize(litFrom, brace);
  if (size === undefined) return undefined;
  const body = brace + 1 < end - 1 ? src.slice(toks[brace].end, toks[end - 1].start) : '';
  return {
    ...base,
    form: addr ? 'addr-literal' : 'array-literal',
    size,
    typeText: text(litFrom, brace),
    literalBody: body,
    ...arrayParts(litFrom, brace),
  };
}

function findLiteralBrace(toks: GoToken[], from: number, end: number): number {
  let k = from;
  if (toks[k]?.text === '[') k = matchBracket(toks, k) + 1;
  while (k < end && (toks[k].kind === 'ident' || toks[k].text === '.' || toks[k].text === '[')) {
    if (toks[k].text === '[') k = matchBracket(toks, k);
    k++;
  }
  return toks[k]?.text === '{' ? k : -1;
}

/** Start of the line that begins the top-level declaration holding token `fn`, above its doc comment. */
function topLevelInsert(toks: GoToken[], fn: number, src: string): number {
  let depth = 0;
  let start = 0;
  for (let k = 0; k <= fn; k++) {
    const t = toks[k];
    if (depth === 0 && (k === 0 || toks[k - 1].kind === 'semi')) start = k;
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
  }
  let at = src.lastIndexOf('\n', toks[start].start - 1) + 1;
  for (;;) {
    if (at === 0) return at;
    const prevStart = src.lastIndexOf('\n', at - 2) + 1;
    if (!/^\s*\/\//.test(src.slice(prevStart, at))) return at;
    at = prevStart;
  }
}
