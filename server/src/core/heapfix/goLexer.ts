// A Go tokenizer that keeps every token's offsets, drops comments and inserts
// the automatic semicolons of the spec, so statements can be told apart.
// Offsets are JS string (UTF-16) indices: what LSP positions count.
import { lineStarts, positionAt } from '../util/lineIndex';

export type GoTokenKind = 'ident' | 'int' | 'float' | 'imag' | 'char' | 'string' | 'op' | 'semi';

export interface GoToken {
  kind: GoTokenKind;
  text: string;
  start: number;
  end: number;
}

const OPS = [
  '<<=',
  '>>=',
  '&^=',
  '...',
  '&&',
  '||',
  '<-',
  '++',
  '--',
  '==',
  '!=',
  '<=',
  '>=',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '&^',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '<',
  '>',
  '=',
  '!',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  '.',
  ':',
  '~',
];

const SEMI_AFTER_KEYWORD = new Set(['break', 'continue', 'fallthrough', 'return']);

function needsSemi(t: GoToken | undefined): boolean {
  if (!t) return false;
  switch (t.kind) {
    case 'ident':
      return !KEYWORDS.has(t.text) || SEMI_AFTER_KEYWORD.has(t.text);
    case 'int':
    case 'float':
    case 'imag':
    case 'char':
    case 'string':
      return true;
    case 'op':
      return t.text === ')' || t.text === ']' || t.text === '}' || t.text === '++' || t.text === '--';
    default:
      return false;
  }
}

export const KEYWORDS = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
  'var',
]);

const isLetter = (c: string): boolean => /^[\p{L}_]$/u.test(c);
const isIdentPart = (c: string): boolean => /^[\p{L}\p{Nd}_]$/u.test(c);

export function tokenizeGo(src: string): GoToken[] {
  const toks: GoToken[] = [];
  const n = src.length;
  let i = 0;
  const semiAt = (pos: number): void => {
    if (needsSemi(toks[toks.length - 1])) toks.push({ kind: 'semi', text: '\n', start: pos, end: pos });
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      semiAt(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const j = src.indexOf('\n', i);
      i = j < 0 ? n : j;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const j = src.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      // A general comment with a newline acts like a newline.
      if (src.slice(i, end).includes('\n')) semiAt(i);
      i = end;
      continue;
    }
    const start = i;
    if (isLetter(c) || (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdbff && isLetter(src.slice(i, i + 2)))) {
      while (i < n && (isIdentPart(src[i]) || isIdentPart(src.slice(i, i + 2)))) i += isIdentPart(src[i]) ? 1 : 2;
      toks.push({ kind: 'ident', text: src.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const hex = /^0[xX]/.test(src.slice(i, i + 2));
      while (i < n) {
        const d = src[i];
        if (/[0-9a-zA-Z_.]/.test(d)) {
          const exp = hex ? d === 'p' || d === 'P' : d === 'e' || d === 'E';
          i++;
          if (exp && (src[i] === '+' || src[i] === '-')) i++;
        } else break;
      }
      const text = src.slice(start, i);
      const kind: GoTokenKind = text.endsWith('i') ? 'imag' : (hex ? /[.pP]/.test(text) : /[.eE]/.test(text)) ? 'float' : 'int';
      toks.push({ kind, text, start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, n);
      toks.push({ kind: c === '"' ? 'string' : 'char', text: src.slice(start, i), start, end: i });
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      i = j < 0 ? n : j + 1;
      toks.push({ kind: 'string', text: src.slice(start, i), start, end: i });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) {
      i++;
      continue;
    } // stray character: let the compiler complain, not us
    i += op.length;
    toks.push({ kind: op === ';' ? 'semi' : 'op', text: op, start, end: i });
  }
  semiAt(n);
  return toks;
}

/** Index of the token closing the bracket opened at `open` ((, [, {), or -1. */
export function matchBracket(toks: GoToken[], open: number): number {
  const o = toks[open].text;
  const c = o === '(' ? ')' : o === '[' ? ']' : '}';
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind !== 'op') continue;
    if (t.text === o) depth++;
    else if (t.text === c && --depth === 0) return k;
  }
  return -1;
}

/** 1-based line of every offset (core/util/lineIndex.ts underneath). */
export function lineIndex(src: string): { lineOf(offset: number): number; starts: number[] } {
  const starts = lineStarts(src);
  return { starts, lineOf: (offset: number) => positionAt(starts, offset).line + 1 };
}
