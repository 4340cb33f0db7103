// Findings -> LSP diagnostics: one per hazard, i.e. per `return` whose
// epilogue splits (its SP pop, or only its frame-pointer restore), with the
// short plain-text title as message and the function's declaration as
// relatedInformation. Pure: file text comes in through lineText, URIs through uriOf.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding } from '../core/types';
import { DIAGNOSTIC_SOURCE, type Settings } from '../../../shared/protocol';
import { declaredHere, ISSUE_URL, shortTitle } from '../core/vocabulary';
import { sourceName } from '../core/util/symbolName';

export interface MappingContext {
  severity: Settings['severity'];
  toolchainVersion: string;
  /** Text of a 0-based line of a file, undefined when the file cannot be read. */
  lineText(file: string, line: number): string | undefined;
  uriOf(file: string): string;
}

export interface FunctionGroup {
  symbol: string;
  file: string;
  /** 1-based, as in Finding. */
  declLine: number;
  frameSize: number;
  leaf: boolean;
  findings: Finding[];
}

/** One return site with a split epilogue: its findings (SP split first) and its one diagnostic. */
export interface ReturnSite {
  line: number;
  findings: Finding[];
  diagnostic: Diagnostic;
}

export interface MappedFunction {
  group: FunctionGroup;
  /** The declaration's range (relatedInformation, hover, code lens). */
  declRange: Range;
  /** One per return line, in line order. */
  sites: ReturnSite[];
}

const SEVERITY: Record<Settings['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function severityOf(kind: Finding['kind'], setting: Settings['severity']): DiagnosticSeverity {
  const s = SEVERITY[setting];
  // The frame-pointer split does not crash the Go unwinder: one level lower.
  return kind === 'split-fp-restore' ? (Math.min(DiagnosticSeverity.Hint, s + 1) as DiagnosticSeverity) : s;
}

export function groupByFunction(findings: Finding[]): FunctionGroup[] {
  const groups = new Map<string, FunctionGroup>();
  for (const f of findings) {
    const key = `${f.file}\0${f.function}\0${f.declLine}`;
    let g = groups.get(key);
    if (!g) {
      g = { symbol: f.function, file: f.file, declLine: f.declLine, frameSize: f.frameSize, leaf: f.leaf, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  // By return line; at one line the crash hazard before the frame-pointer split.
  const rank = (f: Finding) => (f.kind === 'split-sp-update' ? 0 : 1);
  for (const g of groups.values()) g.findings.sort((a, b) => a.line - b.line || rank(a) - rank(b) || a.offset - b.offset);
  return [...groups.values()];
}

function fullLine(line: number): Range {
  return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
}

function trimmedLine(text: string, line: number): Range {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return end > start ? { start: { line, character: start }, end: { line, character: end } } : fullLine(line);
}

/** Range of `word` (as a whole word) on the line, searching from `from`. */
function wordRange(text: string, line: number, word: string, from = 0): Range | undefined {
  const re = new RegExp(`(?<![\\w$])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? { start: { line, character: m.index }, end: { line, character: m.index + word.length } } : undefined;
}

export function returnRange(text: string | undefined, line: number): Range {
  if (text === undefined) return fullLine(line);
  return wordRange(text, line, 'return') ?? trimmedLine(text, line);
}

export function declRange(text: string | undefined, line: number, symbol: string): Range {
  if (text === undefined) return fullLine(line);
  const name = sourceName(symbol);
  const funcAt = text.search(/(?<![\w$])func(?![\w$])/);
  if (name !== 'func') {
    // After `func` (and the receiver): `func (t *T) Method(`.
    const r = wordRange(text, line, name, Math.max(0, funcAt));
    if (r) return r;
  }
  if (funcAt >= 0) return { start: { line, character: funcAt }, end: { line, character: funcAt + 4 } };
  return trimmedLine(text, line);
}

/** The one diagnostic factory: every diagnostic of the server has this source and links the Go issue. */
export function makeDiagnostic(code: string, severity: DiagnosticSeverity, range: Range, message: string): Diagnostic {
  return { range, severity, code, codeDescription: { href: ISSUE_URL }, source: DIAGNOSTIC_SOURCE, message };
}

export function mapFindings(findings: Finding[], ctx: MappingContext): MappedFunction[] {
  return groupByFunction(findings).map((group) => mapGroup(group, ctx));
}

/** The findings of a group by return line (SP split first at each line). */
export function returnSites(group: FunctionGroup): { line: number; findings: Finding[] }[] {
  const byLine = new Map<number, Finding[]>();
  for (const f of group.findings) {
    const list = byLine.get(f.line);
    if (list) list.push(f);
    else byLine.set(f.line, [f]);
  }
  return [...byLine].map(([line, findings]) => ({ line, findings }));
}

function mapGroup(group: FunctionGroup, ctx: MappingContext): MappedFunction {
  const uri = ctx.uriOf(group.file);
  const declLine0 = group.declLine - 1;
  const declR = declRange(ctx.lineText(group.file, declLine0), declLine0, group.symbol);
  const sites = returnSites(group).map(({ line, findings }) => {
    // The crash hazard speaks for the return; a frame-pointer split alone gets its own, lower, severity.
    const main = findings[0];
    const line0 = line - 1;
    const range = returnRange(ctx.lineText(main.file, line0), line0);
    const diagnostic = makeDiagnostic(main.kind, severityOf(main.kind, ctx.severity), range, shortTitle(main));
    diagnostic.relatedInformation = [
      { location: { uri, range: declR }, message: declaredHere({ function: group.symbol, frameSize: group.frameSize, leaf: group.leaf }) },
    ];
    return { line, findings, diagnostic };
  });
  return { group, declRange: declR, sites };
}
