// A lossless view of go.mod syntax: tokens with their byte offsets, grouped
// into statements the way golang.org/x/mod/modfile groups them (one line per
// statement, `verb (` ... `)` blocks). Nothing is normalised, so edits built
// from these offsets touch only the bytes they mean to touch.
import { gomodWords } from '../vocabulary/toolchain';

export interface GoModToken {
  text: string;
  /** UTF-16 offsets into the file text, end exclusive. */
  start: number;
  end: number;
}

/** One logical go.mod line: `go 1.22`, or one entry of a `verb ( ... )` block. */
export interface GoModLine {
  verb: string;
  /** Tokens after the verb (for block entries: every token of the entry). */
  args: GoModToken[];
  /** The verb token (for block entries: the block's verb token). */
  verbToken: GoModToken;
  inBlock: boolean;
  /** Offset of the first token of this physical line. */
  start: number;
  /** Offset just past the physical line's last token (before any comment). */
  tokensEnd: number;
  /** Offset of the `\n` ending this physical line, or text.length. */
  eol: number;
  /** Same for the whole statement: the block's `)` line for block entries. */
  statementEol: number;
  comment?: GoModToken;
}

export interface GoModSyntax {
  lines: GoModLine[];
  /** Problems modfile would also reject; reading carries on past them. */
  problems: string[];
}

type Tok = GoModToken & { kind: 'ident' | 'string' | 'punct' | 'comment' };

// modfile's isIdent: everything printable except space and these punctuators.
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',']);

/** Splits the text into physical lines of tokens; comments become a trailing token. */
function lexLines(text: string, problems: string[]): { toks: Tok[]; eol: number }[] {
  const out: { toks: Tok[]; eol: number }[] = [];
  let toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      out.push({ toks, eol: i });
      toks = [];
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      let e = j;
      while (e > i && text[e - 1] === '\r') e--;
      toks.push({ kind: 'comment', text: text.slice(i, e), start: i, end: e });
      i = j;
      continue;
    }
    if (PUNCT.has(c)) {
      toks.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' && c === '"' ? 2 : 1;
      if (j >= n || text[j] !== c) problems.push(gomodWords.unterminatedString(i));
      const end = Math.min(j + 1, n);
      toks.push({ kind: 'string', text: text.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(text[j]) && !PUNCT.has(text[j]) && !text.startsWith('//', j)) j++;
    toks.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j });
    i = j;
  }
  out.push({ toks, eol: n });
  return out;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

export function parseGoModSyntax(text: string): GoModSyntax {
  const problems: string[] = [];
  const phys = lexLines(text, problems);
  const lines: GoModLine[] = [];
  for (let p = 0; p < phys.length; p++) {
    const { toks, eol } = phys[p];
    const comment = toks.length && toks[toks.length - 1].kind === 'comment' ? toks[toks.length - 1] : undefined;
    const code = comment ? toks.slice(0, -1) : toks;
    if (code.length === 0) continue;
    const verbToken = code[0];
    const last = code[code.length - 1];
    const isBlockStart = code.length >= 2 && last.text === '(' && last.kind === 'punct';
    const isEmptyBlock = code.length >= 3 && last.text === ')' && code[code.length - 2].text === '(';
    if (isEmptyBlock) continue;
    if (!isBlockStart) {
      lines.push({
        verb: verbToken.text,
        args: code.slice(1),
        verbToken,
        inBlock: false,
        start: verbToken.start,
        tokensEnd: last.end,
        eol,
        statementEol: eol,
        comment,
      });
      continue;
    }
    // Block: entries until a line that starts with `)`.
    let q = p + 1;
    const entries: Omit<GoModLine, 'statementEol'>[] = [];
    for (; q < phys.length; q++) {
      const inner = phys[q].toks;
      const c = inner.length && inner[inner.length - 1].kind === 'comment' ? inner[inner.length - 1] : undefined;
      const innerCode = c ? inner.slice(0, -1) : inner;
      if (innerCode.length === 0) continue;
      if (innerCode[0].text === ')' && innerCode[0].kind === 'punct') break;
      entries.push({
        verb: verbToken.text,
        args: innerCode,
        verbToken,
        inBlock: true,
        start: innerCode[0].start,
        tokensEnd: innerCode[innerCode.length - 1].end,
        eol: phys[q].eol,
        comment: c,
      });
    }
    if (q >= phys.length) problems.push(gomodWords.unterminatedBlock(verbToken.text));
    const blockEol = q < phys.length ? phys[q].eol : text.length;
    for (const e of entries) lines.push({ ...e, statementEol: blockEol });
    if (entries.length === 0) {
      lines.push({
        verb: verbToken.text,
        args: [],
        verbToken,
        inBlock: true,
        start: verbToken.start,
        tokensEnd: last.end,
        eol,
        statementEol: blockEol,
        comment,
      });
    }
    p = q;
  }
  return { lines, problems };
}
