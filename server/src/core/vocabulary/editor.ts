// The editor's words: the hover's markdown, the code lenses, go.mod's one-line
// notes, the assembly view's header and marks, and the status item. Diagnostics
// themselves are the short titles of findings.ts (plain text); the hover is
// where the explanation lives, in markdown.
import type { FindingKind } from '../types';
import { fixedReleaseFor, FIXED_RELEASES, hazardName, hex4, markFor, sizeText } from './findings';

/** Text from the build (paths, why a toolchain was chosen) made safe for markdown: control characters escaped, markup characters backslashed. */
export function markdownText(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += /[\\`*_{}[\]()<>#+!|~]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** What the hover needs about one return site (or a function's first one, on its declaration). */
export interface HoverSubject {
  function: string;
  frameSize: number;
  leaf: boolean;
  /** The findings at this return line: an SP split, an FP split, or both. */
  findings: {
    kind: FindingKind;
    instructions: [string, string];
    offsets: [number, number];
    fixedByToolchain: boolean;
    /** The inlined calls the epilogue belongs to, innermost first. */
    inlinedFrom?: { function: string; file: string; line: number }[];
  }[];
  /** All return lines of the function with a split epilogue. */
  returnLines: number[];
  /** This return line; undefined on the declaration. */
  line?: number;
  toolchain: { version: string; why: string };
  /** Markdown links (`[title](command:...)`), already built. */
  links: string[];
}

/** The split pairs as a code block, the mark on its own line between the two halves. */
function pairsBlock(findings: HoverSubject['findings']): string {
  const rows: string[] = [];
  for (const f of [...findings].sort((a, b) => a.offsets[0] - b.offsets[0])) {
    rows.push(`${hex4(f.offsets[0])}  ${f.instructions[0]}`, `        ${markFor(f.kind)}`, `${hex4(f.offsets[1])}  ${f.instructions[1]}`);
  }
  return '```text\n' + rows.join('\n') + '\n```';
}

const SP_WHY_SHORT =
  "A preemption (SIGURG) between these two instructions crashes the GC's stack unwinder: `fatal error: traceback did not unwind completely` or `unknown caller pc`.";
const FP_WHY_SHORT =
  "Between these two instructions R29 is half-updated: Go's unwinder does not read it, but frame-pointer unwinders (execution tracer, perf) may record a broken stack.";

/** The fix for this function, with the toolchain that ran and why it was the one. */
export function hoverFix(s: HoverSubject): string {
  const ran = `${s.toolchain.version} ran (${markdownText(s.toolchain.why)})`;
  const sp = s.findings.find((f) => f.kind === 'split-sp-update');
  if (sp && !s.leaf) {
    const fixed = fixedReleaseFor(s.toolchain.version) ?? `a toolchain with the fix (${FIXED_RELEASES})`;
    return `**Fix:** ${fixed} or later pops this frame atomically (non-leaf function). ${ran}.`;
  }
  return `**Fix:** move the large local to the heap or shrink the frame below 64 KiB; no toolchain fixes a leaf function (go1.26 and go1.27 still split). ${ran}.`;
}

/** The hover: heading, the instructions as code, why it crashes, the fix, the links. Short enough to read without scrolling. */
export function hoverMarkdown(s: HoverSubject): string {
  const main = s.findings.find((f) => f.kind === 'split-sp-update') ?? s.findings[0];
  const where =
    s.line !== undefined
      ? `return at line ${s.line}`
      : `${s.returnLines.length} split return${s.returnLines.length === 1 ? '' : 's'} (line${s.returnLines.length === 1 ? '' : 's'} ${s.returnLines.join(', ')})`;
  const head = `**${capitalized(hazardName(main.kind))}** · \`${s.function}\` · ${sizeText(s.frameSize)} frame, ${s.leaf ? 'leaf' : 'non-leaf'} · ${where}`;
  const why = main.kind === 'split-sp-update' ? SP_WHY_SHORT : FP_WHY_SHORT;
  return [head, pairsBlock(s.findings), ...hoverInlined(s.findings), why, hoverFix(s), s.links.join(' · ')].join('\n\n');
}

/** Where the epilogue's instructions come from when this `return` goes through inlined calls (innermost first). */
function hoverInlined(findings: HoverSubject['findings']): string[] {
  const frames = findings.find((f) => f.inlinedFrom?.length)?.inlinedFrom;
  if (!frames) return [];
  const base = (file: string) => file.slice(file.lastIndexOf('/') + 1);
  const code = (t: string) => [...t].map((c) => (c < ' ' || c === '\u007f' || c === '`' ? '?' : c)).join('');
  const chain = frames.map((f) => `\`${code(f.function)}\` (${markdownText(base(f.file))}:${f.line})`).join(', called from ');
  return [`Inlined from ${chain}: this \`return\` goes through ${frames.length === 1 ? 'an inlined call' : 'inlined calls'}.`];
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Titles of the hover's and the lenses' links. */
export const LINK_SHOW_ASSEMBLY = 'Show assembly';
export const LINK_REPRODUCER = 'Run the reproducer';
export const LENS_SHOW_ASSEMBLY = 'show assembly';
export const LENS_REPRODUCE = 'reproduce';
export const LENS_MOVE_TO_HEAP = 'move to heap';

/** The return line's first lens: what is there (`split SP pop`). */
export function returnLensTitle(kind: FindingKind): string {
  return hazardName(kind);
}

/** The function's first lens: `frame 128 KiB · 1 split return`. */
export function functionLensTitle(frameSize: number, returns: number): string {
  return `frame ${sizeText(frameSize)} · ${returns} split return${returns === 1 ? '' : 's'}`;
}

/** The toolchain quick fix: `Upgrade toolchain to go1.24.6`, `... (fixes 2 of 3 hazards)` when some are left. */
export function upgradeToolchainTitle(version: string, fixable: number, hazards: number): string {
  return fixable === hazards
    ? `Upgrade toolchain to ${version}`
    : `Upgrade toolchain to ${version} (fixes ${fixable} of ${hazards} hazards)`;
}

/** The non-leaf function's fix lens: `upgrade to go1.24.6`. */
export function upgradeLensTitle(version: string): string {
  return `upgrade to ${version}`;
}

// ---- go.mod: one line each ----

/** The toolchain that ran splits non-leaf epilogues, and some of this module's are. */
export function gomodToolchainNote(ran: string, nonLeaf: number, fixed: string | undefined): string {
  const fix = fixed
    ? `toolchain ${fixed} fixes ${nonLeaf === 1 ? 'it' : 'them'} (quick fix)`
    : `a toolchain with the fix (${FIXED_RELEASES}+) fixes them`;
  return `${ran} splits the SP pop of ${nonLeaf} non-leaf epilogue${nonLeaf === 1 ? '' : 's'} here; ${fix}`;
}

/** The toolchain that ran splits non-leaf epilogues, none of this module's are affected now. */
export function gomodToolchainNoteNone(ran: string, fixed: string | undefined): string {
  return `${ran} splits the SP pop of non-leaf epilogues with 64 KiB+ frames (none here now); ${fixed ? `toolchain ${fixed}` : 'a fixed toolchain'} would keep it that way`;
}

/** "go.mod asks for go1.26.10, but go1.24.4 ran (GOTOOLCHAIN=local)". */
export function requestedToolchainNote(requested: string, ran: string, gotoolchain: string | undefined): string {
  return `go.mod asks for ${requested}, but ${ran} ran${gotoolchain ? ` (GOTOOLCHAIN=${gotoolchain})` : ''}`;
}

/** The requested note as go.mod's diagnostic. */
export function requestedToolchainDiagnostic(note: string, ran: string): string {
  return `${note}: the findings shown come from ${ran}`;
}

/** The standard library's findings, once per toolchain. */
export function stdlibNote(version: string, findings: number, functions: string[]): string {
  const shown = functions.slice(0, 3).join(', ') + (functions.length > 3 ? ', …' : '');
  return `The standard library of ${version} has ${findings} split epilogue${findings === 1 ? '' : 's'} (${shown}); they come with the toolchain`;
}

// ---- The assembly view ----

/** The listing's first lines: the function, then every split with its two instructions (seen without scrolling). */
export function assemblyHeader(
  fn: { symbol: string; frameSize: number; argsSize: number; leaf: boolean; file: string; declLine: number },
  toolchain: string,
  splits: { offset: number; file: string; sourceLine: number; kind: FindingKind; pair: [string, string] }[],
): string[] {
  const out = [
    `// ${fn.symbol}  frame=${fn.frameSize} args=${fn.argsSize}${fn.leaf ? ' leaf' : ''}  (${toolchain}, GOARCH=arm64)`,
    `// ${fn.file}:${fn.declLine}`,
  ];
  for (const s of splits)
    out.push(`// ${hazardName(s.kind)} at ${hex4(s.offset)} (${s.file}:${s.sourceLine}): ${s.pair[0]} then ${s.pair[1]}`);
  if (!splits.length) out.push('// no split epilogue in this function');
  return out;
}

/** The mark between the two halves of a split in the assembly view. */
export function assemblyMark(kind: FindingKind): string {
  return markFor(kind);
}

// ---- The status item ----

/** Fixed phrases of the status item. */
export const STATUS_WORDS = {
  name: 'Preempt Guard',
  waiting: 'waiting for the first analysis',
  notAnalysedYet: 'not analysed yet',
  analysing: 'analysing…',
  buildFailed: 'build failed',
  seeLog: '(see the log)',
  untrusted: 'untrusted: not analysed',
  untrustedDetail: 'Workspace is not trusted: Preempt Guard builds and runs nothing.',
  openLog: 'Open Log',
  openLogTooltip: 'Open the Preempt Guard log (every hazard in full, every build)',
} as const;

/** `3 hazards`, `1 hazard`, `no hazards`. */
export function hazardCount(n: number): string {
  return n === 0 ? 'no hazards' : `${n} hazard${n === 1 ? '' : 's'}`;
}

/** The toolchain's verdict. */
export function toolchainVerdict(nonLeafFixed: boolean): string {
  return nonLeafFixed ? 'fixed for non-leaf' : 'splits non-leaf';
}

/** The status item's text for one module: `go1.24.4 · 3 hazards`. */
export function moduleStatusText(version: string, hazards: number): string {
  return `${version} · ${hazardCount(hazards)}`;
}

/** One module in a line: `e2e-demo: go1.24.4 (splits non-leaf), 3 hazards`. */
export function moduleStatusLine(name: string, m: { version?: string; nonLeafFixed?: boolean; hazards: number; state: string }): string {
  const tc = m.version ? `${m.version}${m.nonLeafFixed === undefined ? '' : ` (${toolchainVerdict(m.nonLeafFixed)})`}` : '';
  if (m.state === 'failed') return `${name}: ${tc ? `${tc}, ` : ''}${STATUS_WORDS.buildFailed}`;
  if (m.state === 'analysing') return `${name}: ${tc ? `${tc}, ` : ''}${STATUS_WORDS.analysing}`;
  if (m.state === 'untrusted') return `${name}: ${STATUS_WORDS.untrusted}`;
  if (!tc) return `${name}: ${STATUS_WORDS.notAnalysedYet}`;
  return `${name}: ${tc}, ${hazardCount(m.hazards)}`;
}

/** `2 modules, 5 hazards`. */
export function modulesSummary(modules: number, hazards: number): string {
  return `${modules} module${modules === 1 ? '' : 's'}, ${hazardCount(hazards)}`;
}

/** `last analysis 17:42:05`. */
export function lastAnalysis(time: string): string {
  return `last analysis ${time}`;
}

/** The Scan Workspace command's notification. */
export function scanSummary(s: { hazards: number; modules: number; versions: string[]; failed: number; untrusted: boolean }): string {
  if (s.untrusted) return 'Preempt Guard: workspace not trusted, nothing was built.';
  const parts = [`${hazardCount(s.hazards)} in ${s.modules} module${s.modules === 1 ? '' : 's'}`];
  if (s.versions.length) parts.push(`toolchain ${s.versions.join(', ')}`);
  if (s.failed) parts.push(`${s.failed} build${s.failed === 1 ? '' : 's'} failed (see the log)`);
  return `Preempt Guard: ${parts.join('; ')}.`;
}
