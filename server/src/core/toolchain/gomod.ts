// Reads the `go` and `toolchain` directives of a go.mod and builds the one
// minimal edit that sets `toolchain goX.Y.Z`, leaving every other byte alone
// (line endings, comments, blocks, a missing final newline).
//
// Used by the "Upgrade toolchain" quick fix: pass `firstFixedRelease(current)`
// from goVersion.ts as `version`, and the running toolchain as `running`.
import { firstFixedRelease, nonLeafFixed, parseGoVersion } from './goVersion';
import { parseGoModSyntax, type GoModLine } from './gomodSyntax';
import { lineStarts, positionAt } from '../util/lineIndex';
import { gomodWords } from '../vocabulary/toolchain';

export interface GoModPosition {
  line: number;
  character: number;
}
export interface GoModRange {
  start: GoModPosition;
  end: GoModPosition;
}

export interface GoModDirective {
  verb: 'go' | 'toolchain';
  /** `1.24.7` for go, `go1.24.6` or `default` for toolchain. '' when the line has no argument. */
  value: string;
  /** 0-based line of the value (of the verb when there is no value). */
  line: number;
  /** Range of the value token (empty at the verb's end when there is none). */
  range: GoModRange;
  startOffset: number;
  endOffset: number;
  /** From the verb (or block entry) to the last token of the line, comment excluded. */
  lineRange: GoModRange;
  inBlock: boolean;
  /** Trailing `// ...` comment on that line. */
  comment?: string;
}

export interface GoModDirectives {
  go?: GoModDirective;
  toolchain?: GoModDirective;
  module?: { path: string; line: number };
  /** The line ending the file uses (majority; `\n` when it has none). */
  eol: '\n' | '\r\n';
  problems: string[];
}

export interface GoModEdit {
  start: GoModPosition;
  end: GoModPosition;
  startOffset: number;
  endOffset: number;
  newText: string;
}

export type SetToolchainResult =
  | { ok: true; edit: GoModEdit; text: string; previous?: string; notes: string[] }
  | {
      ok: false;
      code: 'invalid-version' | 'unchanged' | 'already-newer' | 'below-go' | 'go-command-too-old' | 'not-needed';
      reason: string;
    };

export function readGoModDirectives(text: string): GoModDirectives {
  const { lines, problems } = parseGoModSyntax(text);
  const starts = lineStarts(text);
  const out: GoModDirectives = { eol: detectEol(text), problems: [...problems] };
  for (const l of lines) {
    if (l.verb === 'go' || l.verb === 'toolchain') {
      if (out[l.verb]) {
        out.problems.push(gomodWords.repeatedStatement(l.verb));
        continue;
      }
      // cmd/go rejects `go (` / `toolchain (` blocks; still report where it is.
      if (l.inBlock) out.problems.push(gomodWords.unknownBlockType(l.verb));
      out[l.verb] = directive(l.verb, l, starts);
    } else if (l.verb === 'module' && !out.module && l.args.length) {
      out.module = { path: unquote(l.args[0].text), line: positionAt(starts, l.args[0].start).line };
    }
  }
  return out;
}

/**
 * The quick fix's edit: ask for the first release that fixes non-leaf
 * epilogues for the toolchain that ran (`go env GOVERSION`, e.g. go1.24.4 ->
 * go1.24.6, go1.22.12 -> go1.25.0).
 */
export function upgradeToolchainEdit(goModText: string, runningVersion: string): SetToolchainResult & { target?: string } {
  const v = parseGoVersion(runningVersion);
  if (!v) return { ok: false, code: 'invalid-version', reason: gomodWords.unreadableVersion(runningVersion) };
  if (nonLeafFixed(v)) return { ok: false, code: 'not-needed', reason: gomodWords.alreadyFixed(runningVersion) };
  const target = firstFixedRelease(v);
  return { ...setToolchainDirective(goModText, target, { running: runningVersion }), target };
}

/**
 * The edit that makes go.mod ask for toolchain `version` (e.g. `go1.24.6`).
 * Refuses (ok: false) rather than downgrade: `toolchain` never goes below the
 * `go` line or below a toolchain go.mod already asks for. `running` is the
 * toolchain that will read the file: go1.20 and older reject the directive.
 */
export function setToolchainDirective(text: string, version: string, opts: { running?: string } = {}): SetToolchainResult {
  const target = parseToolchainName(version);
  if (!target || !/^go1\.\d+(\.\d+)?((rc|beta)\d+)?$/.test(version)) {
    return { ok: false, code: 'invalid-version', reason: gomodWords.notAReleaseName(version) };
  }
  const running = opts.running ? parseToolchainName(opts.running.replace(/^devel /, '')) : undefined;
  if (running && compareGoModVersions(running, '1.21') < 0) {
    return {
      ok: false,
      code: 'go-command-too-old',
      reason: gomodWords.goCommandTooOld(opts.running, version),
    };
  }
  const d = readGoModDirectives(text);
  if (d.go?.value && compareGoModVersions(d.go.value, target) > 0) {
    return { ok: false, code: 'below-go', reason: gomodWords.belowGoLine(d.go.value, version) };
  }
  const notes: string[] = [];
  if (d.toolchain && d.toolchain.value) {
    const cur = d.toolchain.value;
    if (cur === version) return { ok: false, code: 'unchanged', reason: gomodWords.alreadySays(version) };
    const curV = cur === 'default' ? undefined : parseToolchainName(cur);
    const c = curV ? compareGoModVersions(curV, target) : -1;
    if (c > 0) return { ok: false, code: 'already-newer', reason: gomodWords.alreadyNewer(cur, version) };
    if (c === 0) return { ok: false, code: 'unchanged', reason: gomodWords.alreadyAsks(cur) };
    const edit = makeEdit(text, d.toolchain.startOffset, d.toolchain.endOffset, version);
    return { ok: true, edit, text: apply(text, edit), previous: cur, notes };
  }
  if (d.toolchain) {
    // `toolchain` with no argument (or an empty block): put the value after the verb.
    const edit = makeEdit(text, d.toolchain.startOffset, d.toolchain.endOffset, (d.toolchain.inBlock ? '' : ' ') + version);
    return { ok: true, edit, text: apply(text, edit), notes };
  }
  const { lines } = parseGoModSyntax(text);
  const anchor = lines.find((l) => l.verb === 'go') ?? lines.find((l) => l.verb === 'module');
  if (!d.go || !d.go.value || compareGoModVersions(d.go.value, '1.21') < 0) {
    notes.push(gomodWords.goLineBelow121);
  }
  const eol = anchor ? (eolOfLine(text, anchor.statementEol) ?? d.eol) : d.eol;
  let edit: GoModEdit;
  if (!anchor) {
    // Neither go nor module: append, keeping whether the file ended with a newline.
    const endsWithEol = text.length === 0 || text.endsWith('\n');
    edit = makeEdit(
      text,
      text.length,
      text.length,
      endsWithEol ? `toolchain ${version}${text.length ? eol : ''}` : `${eol}toolchain ${version}`,
    );
  } else if (anchor.statementEol >= text.length) {
    edit = makeEdit(text, text.length, text.length, `${eol}toolchain ${version}`);
  } else {
    const at = anchor.statementEol + 1;
    edit = makeEdit(text, at, at, `toolchain ${version}${eol}`);
  }
  return { ok: true, edit, text: apply(text, edit), notes };
}

/**
 * gover-style comparison of go.mod versions and toolchain names
 * (`1.21` < `1.21rc1` < `1.21.0` < `1.21.3`; a leading `go` and a
 * `-suffix`/`+suffix` are ignored).
 */
export function compareGoModVersions(a: string, b: string): number {
  const x = splitVersion(a);
  const y = splitVersion(b);
  if (!x || !y) return 0;
  return (
    cmpNum(x.major, y.major) ||
    cmpNum(x.minor, y.minor) ||
    cmpStrNum(x.patch, y.patch) ||
    (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) ||
    cmpStrNum(x.pre, y.pre)
  );
}

/** `go1.24.6-custom` -> `1.24.6`; undefined when it is not a Go toolchain name. */
export function parseToolchainName(name: string): string | undefined {
  const m = /^go(1(?:\.\d+)*(?:(?:rc|beta|alpha)\d+)?)(?:[-+].*)?$/.exec(name);
  return m && splitVersion(m[1]) ? m[1] : undefined;
}

function splitVersion(v: string): { major: number; minor: number; patch: string; kind: string; pre: string } | undefined {
  const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?(?:[-+].*)?$/.exec(v);
  if (!m) return undefined;
  return { major: +m[1], minor: m[2] ? +m[2] : 0, patch: m[3] ?? '', kind: m[4] ?? '', pre: m[5] ?? '' };
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
// modfile's rule: a missing component sorts before any present one.
function cmpStrNum(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  return cmpNum(+a, +b);
}

function directive(verb: 'go' | 'toolchain', l: GoModLine, starts: number[]): GoModDirective {
  const v = l.args[0];
  const startOffset = v ? v.start : l.inBlock ? l.tokensEnd : l.verbToken.end;
  const endOffset = v ? v.end : startOffset;
  const lineStart = l.inBlock ? (l.args[0]?.start ?? l.start) : l.start;
  return {
    verb,
    value: v ? unquote(v.text) : '',
    line: positionAt(starts, startOffset).line,
    range: { start: positionAt(starts, startOffset), end: positionAt(starts, endOffset) },
    startOffset,
    endOffset,
    lineRange: { start: positionAt(starts, lineStart), end: positionAt(starts, l.tokensEnd) },
    inBlock: l.inBlock,
    comment: l.comment?.text,
  };
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === '`') && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

function detectEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** The ending of the line whose `\n` sits at `nl`, when there is one. */
function eolOfLine(text: string, nl: number): '\n' | '\r\n' | undefined {
  if (nl >= text.length) return undefined;
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

function makeEdit(text: string, startOffset: number, endOffset: number, newText: string): GoModEdit {
  const starts = lineStarts(text);
  return { start: positionAt(starts, startOffset), end: positionAt(starts, endOffset), startOffset, endOffset, newText };
}

function apply(text: string, e: GoModEdit): string {
  return text.slice(0, e.startOffset) + e.newText + text.slice(e.endOffset);
}
