// Every use of the local inside its scope, classified by what the rewrite
// must do with it. Anything we cannot classify with certainty makes the
// local "unsupported": better no quick fix than one that changes meaning.
import { KEYWORDS, matchBracket, type GoToken } from './goLexer';
import { bodyOpen } from './locate';
import { useAtOffset, useOnLine, useWords } from '../vocabulary/heapfix';

export type UseKind =
  | 'index' // buf[i] read, &buf[i], buf[i].f
  | 'index-write' // buf[i] = x, buf[i]++, buf[i] += x
  | 'slice' // buf[a:b], buf[:]
  | 'len' // len(buf), cap(buf)
  | 'range' // range buf, with no value variable or a body that never writes buf
  | 'addr' // &buf
  | 'deref' // *buf (the local is a pointer already)
  | 'method' // buf.M(...)
  | 'value'; // anything else: passed, assigned, compared, assigned to

export interface Use {
  kind: UseKind;
  /** The identifier token. */
  start: number;
  end: number;
  /** For 'addr' and 'deref': the `&` / `*` token's start. */
  opStart?: number;
}

export type UsesResult = { ok: true; uses: Use[] } | { ok: false; reason: string };

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^=', '++', '--']);

const isOperandEnd = (t: GoToken | undefined): boolean =>
  !!t &&
  ((t.kind === 'ident' && !KEYWORDS.has(t.text)) ||
    ['int', 'float', 'imag', 'char', 'string'].includes(t.kind) ||
    (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')));

export function classifyUses(toks: GoToken[], name: string, from: number, to: number, lineOf?: (offset: number) => number): UsesResult {
  const uses: Use[] = [];
  const paramRanges = funcSignatures(toks, from, to);
  const literalBodies = funcBodies(toks, from, to);
  let valueRange: string | undefined;
  let captured = false;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.kind !== 'ident' || t.text !== name) continue;
    const prev = toks[k - 1];
    const next = toks[k + 1];
    if (prev?.text === '.') continue; // x.buf: a field or method, not the local
    const where = lineOf ? useOnLine(name, lineOf(t.start)) : useAtOffset(name, t.start);
    if (literalBodies.some(([a, b]) => k > a && k < b)) captured = true;
    if (prev?.kind === 'ident' && (prev.text === 'goto' || prev.text === 'break' || prev.text === 'continue')) {
      return { ok: false, reason: `${where}: ${useWords.label}` };
    }
    if (paramRanges.some(([a, b]) => k > a && k < b)) return { ok: false, reason: `${where}: ${useWords.shadowedByParameter}` };
    if (prev?.kind === 'ident' && (prev.text === 'var' || prev.text === 'const' || prev.text === 'type'))
      return { ok: false, reason: `${where}: ${useWords.redeclared}` };
    if (next?.text === ':' || next?.text === ':=' || (next?.text === ',' && declaresList(toks, k))) {
      return { ok: false, reason: `${where}: ${useWords.declaredAgain}` };
    }
    if (next?.text === '[') {
      const close = matchBracket(toks, k + 1);
      if (close < 0) return { ok: false, reason: `${where}: ${useWords.unbalanced}` };
      const isSlice = hasTopLevelColon(toks, k + 2, close);
      const after = toks[close + 1];
      uses.push({ kind: isSlice ? 'slice' : after && ASSIGN_OPS.has(after.text) ? 'index-write' : 'index', start: t.start, end: t.end });
      continue;
    }
    if (
      prev?.text === '(' &&
      next?.text === ')' &&
      (toks[k - 2]?.text === 'len' || toks[k - 2]?.text === 'cap') &&
      toks[k - 3]?.text !== '.'
    ) {
      uses.push({ kind: 'len', start: t.start, end: t.end });
      continue;
    }
    if (prev?.text === 'range') {
      const r = rangeUse(toks, k, name);
      if (!r.ok) return { ok: false, reason: `${where}: ${r.reason}` };
      if (r.hasValue) valueRange ??= where;
      uses.push({ kind: 'range', start: t.start, end: t.end });
      continue;
    }
    if (prev?.text === '&' && !isOperandEnd(toks[k - 2]) && next?.text !== '.') {
      uses.push({ kind: 'addr', start: t.start, end: t.end, opStart: prev.start });
      continue;
    }
    if (prev?.text === '*' && !isOperandEnd(toks[k - 2]) && next?.text !== '.') {
      uses.push({ kind: 'deref', start: t.start, end: t.end, opStart: prev.start });
      continue;
    }
    if (next?.text === '.') {
      uses.push({ kind: 'method', start: t.start, end: t.end });
      continue;
    }
    uses.push({ kind: 'value', start: t.start, end: t.end });
  }
  // A range over the array's copy must not see writes made through aliases
  // (&buf, buf[:], closures) once it ranges over the array itself.
  if (valueRange && (captured || uses.some((u) => u.kind === 'addr' || u.kind === 'slice'))) {
    return { ok: false, reason: `${valueRange}: ${useWords.rangeCopyAliased}` };
  }
  return { ok: true, uses };
}

function funcBodies(toks: GoToken[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = from; k < to; k++) {
    if (toks[k].kind !== 'ident' || toks[k].text !== 'func') continue;
    const open = bodyOpen(toks, k);
    if (open > 0 && open < to) out.push([open, matchBracket(toks, open)]);
  }
  return out;
}

/** Token ranges of the parameter/result lists of func literals and func types in [from, to). */
function funcSignatures(toks: GoToken[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = from; k < to; k++) {
    if (toks[k].kind !== 'ident' || toks[k].text !== 'func' || toks[k + 1]?.text !== '(') continue;
    const open = bodyOpen(toks, k);
    const end = open < 0 ? matchBracket(toks, k + 1) : open;
    out.push([k, end]);
  }
  return out;
}

/** `a, buf := ...` / `buf, err := ...`: the identifier list of a short variable declaration or range clause. */
function declaresList(toks: GoToken[], k: number): boolean {
  let j = k;
  while (toks[j + 1]?.text === ',' && toks[j + 2]?.kind === 'ident') j += 2;
  return toks[j + 1]?.text === ':=';
}

function hasTopLevelColon(toks: GoToken[], a: number, b: number): boolean {
  let depth = 0;
  for (let k = a; k < b; k++) {
    const t = toks[k];
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.text === ':') return true;
  }
  return false;
}

/**
 * `for k, v := range buf { ... }` copies an array before iterating; through
 * a pointer or slice the loop sees writes made during it. Same meaning only
 * when there is no value variable or the body never writes buf.
 */
function rangeUse(toks: GoToken[], k: number, name: string): { ok: true; hasValue: boolean } | { ok: false; reason: string } {
  let f = k - 1;
  while (f > 0 && !(toks[f].kind === 'ident' && toks[f].text === 'for') && toks[f].kind !== 'semi') f--;
  if (toks[f]?.text !== 'for') return { ok: false, reason: useWords.rangeOutsideFor };
  const clause = toks.slice(f + 1, k - 1).map((t) => t.text);
  const comma = clause.indexOf(',');
  const hasValue = comma >= 0 && clause[comma + 1] !== '_';
  if (!hasValue) return { ok: true, hasValue };
  const open = k + 1;
  if (toks[open]?.text !== '{') return { ok: false, reason: useWords.rangeOverExpression };
  const close = matchBracket(toks, open);
  for (let j = open + 1; j < close; j++) {
    if (toks[j].kind !== 'ident' || toks[j].text !== name || toks[j - 1].text === '.') continue;
    if (toks[j + 1]?.text !== '[') return { ok: false, reason: useWords.rangeBodyUsesWhole };
    const c = matchBracket(toks, j + 1);
    const after = toks[c + 1];
    if (hasTopLevelColon(toks, j + 2, c) || (after && ASSIGN_OPS.has(after.text)) || toks[j - 1].text === '&') {
      return { ok: false, reason: useWords.rangeBodyWrites };
    }
  }
  return { ok: true, hasValue };
}
