// Integer constant expressions and type sizes (arm64), as far as they can be
// known from source text alone: literals, operators, consts and array types
// declared in the package's files. Unknown means "don't offer a fix".
import { matchBracket, type GoToken } from './goLexer';

export interface DeclEnv {
  consts: Map<string, { expr: GoToken[]; iota: number }>;
  types: Map<string, GoToken[]>;
}

export function emptyEnv(): DeclEnv {
  return { consts: new Map(), types: new Map() };
}

const BASIC_SIZES: Record<string, number> = {
  byte: 1,
  uint8: 1,
  int8: 1,
  bool: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  rune: 4,
  int64: 8,
  uint64: 8,
  int: 8,
  uint: 8,
  uintptr: 8,
  float64: 8,
  complex64: 8,
  complex128: 16,
  string: 16,
  any: 16,
  error: 16,
};

/**
 * Collects `const` and `type` declarations from tokens[from, to): package
 * level only, or at any depth (a function body's local consts) with anyDepth.
 */
export function collectDecls(toks: GoToken[], env: DeclEnv, from = 0, to = toks.length, anyDepth = false): void {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.kind === 'op' && (t.text === '{' || t.text === '(')) depth++;
    else if (t.kind === 'op' && (t.text === '}' || t.text === ')')) depth--;
    if (t.kind !== 'ident' || (t.text !== 'const' && t.text !== 'type')) continue;
    if (depth !== 0 && !anyDepth) continue;
    const grouped = toks[k + 1]?.text === '(';
    const end = grouped ? matchBracket(toks, k + 1) : statementEnd(toks, k);
    if (end < 0) return;
    const specs = grouped ? splitTop(toks, k + 2, end, 'semi') : [[k + 1, end] as [number, number]];
    if (t.text === 'const') addConsts(toks, specs, env);
    else for (const [a, b] of specs) addType(toks, a, b, env);
    k = end;
  }
}

function addConsts(toks: GoToken[], specs: [number, number][], env: DeclEnv): void {
  let prev: GoToken[][] = [];
  specs.forEach(([a, b], iota) => {
    const names: string[] = [];
    let k = a;
    while (k < b && toks[k].kind === 'ident') {
      names.push(toks[k].text);
      if (toks[k + 1]?.text !== ',') {
        k++;
        break;
      }
      k += 2;
    }
    let eq = k;
    while (eq < b && toks[eq].text !== '=') eq++;
    const exprs = eq < b ? splitTop(toks, eq + 1, b, ',').map(([x, y]) => toks.slice(x, y)) : prev;
    prev = exprs;
    names.forEach((name, i) => {
      if (exprs[i] && name !== '_') env.consts.set(name, { expr: exprs[i], iota });
    });
  });
}

function addType(toks: GoToken[], a: number, b: number, env: DeclEnv): void {
  if (toks[a]?.kind !== 'ident') return;
  let k = a + 1;
  if (toks[k]?.text === '=')
    k++; // alias
  else if (toks[k]?.text === '[' && toks[k + 1]?.kind === 'ident' && toks[k + 2]?.kind === 'ident') return; // generic
  env.types.set(toks[a].text, toks.slice(k, b));
}

/** Index of the `;` (explicit or automatic) ending the statement that starts at k, at bracket depth 0. */
export function statementEnd(toks: GoToken[], k: number): number {
  let depth = 0;
  for (; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) {
      if (--depth < 0) return k;
    } else if (t.kind === 'semi' && depth === 0) return k;
  }
  return toks.length;
}

/** Splits tokens[a, b) at top-level separators (',' or semicolons); empty parts dropped. */
export function splitTop(toks: GoToken[], a: number, b: number, sep: ',' | 'semi'): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let s = a;
  for (let k = a; k < b; k++) {
    const t = toks[k];
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    else if (depth === 0 && (sep === 'semi' ? t.kind === 'semi' : t.text === ',' && t.kind === 'op')) {
      if (k > s) parts.push([s, k]);
      s = k + 1;
    }
  }
  if (b > s) parts.push([s, b]);
  return parts;
}

/** Value of an integer constant expression, or undefined when it is not one we can evaluate. */
export function evalConst(expr: GoToken[], env: DeclEnv, iota = 0, seen = new Set<string>()): bigint | undefined {
  const p = new ExprParser(expr, env, iota, seen);
  const v = p.binary(1);
  return p.pos === expr.length ? v : undefined;
}

const PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '|': 4,
  '^': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '<<': 5,
  '>>': 5,
  '&': 5,
  '&^': 5,
};

class ExprParser {
  pos = 0;
  constructor(
    private toks: GoToken[],
    private env: DeclEnv,
    private iota: number,
    private seen: Set<string>,
  ) {}

  binary(minPrec: number): bigint | undefined {
    let left = this.unary();
    for (;;) {
      const t = this.toks[this.pos];
      const prec = t && t.kind === 'op' ? PREC[t.text] : undefined;
      if (prec === undefined || prec < minPrec || left === undefined) return left;
      this.pos++;
      const right = this.binary(prec + 1);
      if (right === undefined) return undefined;
      left = apply(t.text, left, right);
    }
  }

  private unary(): bigint | undefined {
    const t = this.toks[this.pos];
    if (!t) return undefined;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '^')) {
      this.pos++;
      const v = this.unary();
      return v === undefined ? undefined : t.text === '-' ? -v : t.text === '^' ? ~v : v;
    }
    return this.primary();
  }

  private primary(): bigint | undefined {
    const t = this.toks[this.pos++];
    if (t.kind === 'int') return parseIntLit(t.text);
    if (t.kind === 'char') return parseCharLit(t.text);
    if (t.text === '(') {
      const v = this.binary(1);
      if (this.toks[this.pos]?.text !== ')') return undefined;
      this.pos++;
      return v;
    }
    if (t.kind !== 'ident') return undefined;
    // Conversions to an integer type: int64(x), uintptr(x).
    if (this.toks[this.pos]?.text === '(' && BASIC_SIZES[t.text] !== undefined) {
      this.pos++;
      const v = this.binary(1);
      if (this.toks[this.pos]?.text !== ')') return undefined;
      this.pos++;
      return v;
    }
    if (t.text === 'iota') return BigInt(this.iota);
    const c = this.env.consts.get(t.text);
    if (!c || this.seen.has(t.text)) return undefined;
    const seen = new Set(this.seen).add(t.text);
    return evalConst(c.expr, this.env, c.iota, seen);
  }
}

function apply(op: string, a: bigint, b: bigint): bigint | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0n ? undefined : a / b;
    case '%':
      return b === 0n ? undefined : a % b;
    case '<<':
      return b < 0n || b > 64n ? undefined : a << b;
    case '>>':
      return b < 0n ? undefined : a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&^':
      return a & ~b;
    default:
      return undefined; // comparisons and logic give booleans, not sizes
  }
}

export function parseIntLit(text: string): bigint | undefined {
  const s = text.replace(/_/g, '');
  try {
    if (/^0[oO]/.test(s)) return BigInt(`0o${s.slice(2)}`);
    if (/^0[0-7]+$/.test(s)) return BigInt(`0o${s.slice(1)}`);
    return BigInt(s); // decimal, 0x, 0b
  } catch {
    return undefined;
  }
}

function parseCharLit(text: string): bigint | undefined {
  const body = text.slice(1, -1);
  if (!body.startsWith('\\')) return BigInt(body.codePointAt(0) ?? 0);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '0': 0, a: 7, b: 8, f: 12, v: 11 };
  if (body.length === 2 && simple[body[1]] !== undefined) return BigInt(simple[body[1]]);
  if (/^\\[xuU][0-9a-fA-F]+$/.test(body)) return BigInt(`0x${body.slice(2)}`);
  return undefined;
}

/** Size in bytes on arm64 of a type written as tokens, or undefined. */
export function sizeOfType(type: GoToken[], env: DeclEnv, seen = new Set<string>()): bigint | undefined {
  if (type.length === 0) return undefined;
  const t0 = type[0];
  if (t0.text === '[') {
    const close = matchBracket(type, 0);
    if (close <= 1) return close === 1 ? 24n : undefined; // []T: a slice header
    const n = evalConst(type.slice(1, close), env);
    const elem = sizeOfType(type.slice(close + 1), env, seen);
    return n === undefined || elem === undefined || n < 0n ? undefined : n * elem;
  }
  if (t0.text === '*' || t0.text === 'map' || t0.text === 'chan' || t0.text === 'func') return 8n;
  if (t0.text === 'interface') return 16n;
  if (type.length !== 1 || t0.kind !== 'ident') return undefined;
  if (BASIC_SIZES[t0.text] !== undefined) return BigInt(BASIC_SIZES[t0.text]);
  const named = env.types.get(t0.text);
  if (!named || seen.has(t0.text)) return undefined;
  return sizeOfType(named, env, new Set(seen).add(t0.text));
}
