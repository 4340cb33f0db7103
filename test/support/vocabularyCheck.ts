// Finds user-facing sentences written outside the one vocabulary
// (server/src/core/vocabulary/). Every string and template literal of the
// product's sources is parsed with the TypeScript compiler; a literal counts as
// a sentence when, with its `${…}` holes taken out, it holds at least three
// plain words (letters only, optionally capitalised, trailing punctuation
// allowed), two of them follow each other and one has four letters or more
// (so `add sp, sp` is code): "cannot read the file" is a
// sentence; keys, identifiers, flags, paths, commands and code are not
// (`split-sp-update`, `preemptGuard.goPath`, `-gcflags=all=-S`, `go env
// GOVERSION`, `add sp, sp, #0x10`). Titles of two words ("Scan Workspace") pass
// as labels. A literal that starts with `^` is the source of an anchored
// regular expression (`'^goroutine running on other thread'`, joined into a
// RegExp): it matches text, no one reads it. Module specifiers are never
// sentences.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Sentence {
  /** Repository-relative path, `/`-separated. */
  file: string;
  /** 1-based. */
  line: number;
  /** The literal's text, holes shown as `${…}`. */
  text: string;
}

/** A literal allowed outside the vocabulary, with the reason: it is read by a program, not a person. */
export interface Exception {
  file: string;
  /** The literal's text starts with this. */
  startsWith: string;
  why: string;
}

const WORD = /^\(?[A-Za-z][a-z']*[,.:;!?)]*$/;

/** True when a literal's text reads as prose (see the header). */
export function isSentence(text: string): boolean {
  if (text.startsWith('^')) return false;
  const tokens = text.split(/\s+/).filter(Boolean);
  const isWord = tokens.map((t) => WORD.test(t));
  const words = tokens.filter((_, i) => isWord[i]);
  const adjacent = isWord.some((w, i) => w && i > 0 && isWord[i - 1]);
  const long = words.filter((w) => w.replace(/[^A-Za-z]/g, '').length >= 4).length;
  return words.length >= 3 && adjacent && long >= 1;
}

/** The sentences of one source text. */
export function sentencesIn(file: string, source: string): Sentence[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Sentence[] = [];
  const add = (node: ts.Node, text: string) => {
    if (isSentence(text)) out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isExternalModuleReference(node)) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      add(node, node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join(''));
      for (const s of node.templateSpans) visit(s.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The `.ts` files under the given repository-relative directories, minus the excluded directories. */
export function sourceFiles(repo: string, dirs: string[], excludeDirs: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    if (excludeDirs.some((x) => rel === x || rel.startsWith(`${x}/`))) return;
    for (const e of readdirSync(path.join(repo, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of dirs) walk(d);
  return out.sort();
}

/** Every sentence of the files, minus the exceptions. */
export function sentencesOutsideVocabulary(repo: string, files: string[], exceptions: readonly Exception[]): Sentence[] {
  return files.flatMap((f) =>
    sentencesIn(f, readFileSync(path.join(repo, f), 'utf8')).filter(
      (s) => !exceptions.some((x) => x.file === s.file && s.text.startsWith(x.startsWith)),
    ),
  );
}
