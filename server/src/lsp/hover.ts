// Hover on a flagged function's declaration or return line: the decoded
// epilogue, Go's pseudo-assembly beside the native arm64 instructions
// (capstone), with the race window marked between the two halves.
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver';
import { assemblyLines } from '../core/listing/assembly';
import type { AssemblyLine, Finding, FunctionListing } from '../core/types';
import type { FunctionGroup } from './diagnostics';
import { CRASH_SIGNATURES, FP_WHY, findingRemedy, hex4, ISSUE_REF, ISSUE_URL, markFor } from '../core/vocabulary';

/** What a line of a document points at. */
export interface HoverTarget {
  group: FunctionGroup;
  /** Findings at this return line; empty on the declaration line. */
  findings: Finding[];
  range: Range;
}

const linesCache = new WeakMap<FunctionListing, Promise<AssemblyLine[]>>();

/** Decoded lines of a function; [] when decoding fails (the hover then shows the decoded pair alone). */
function cachedLines(fn: FunctionListing, log: (m: string) => void): Promise<AssemblyLine[]> {
  let p = linesCache.get(fn);
  if (!p) {
    p = assemblyLines(fn).catch((e: unknown) => {
      log(`hover: could not decode ${fn.symbol}: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    });
    linesCache.set(fn, p);
  }
  return p;
}

/** The epilogue around the findings: two lines before the first split, through the RET. */
export function epilogueWindow(lines: AssemblyLine[], findings: Finding[]): AssemblyLine[] {
  const offsets = findings.map((f) => f.offsets[0]);
  const first = lines.findIndex((l) => l.native.length > 0 && offsets.some((o) => o >= l.offset && o < l.offset + 4 * l.native.length));
  if (first < 0) return [];
  let end = first;
  while (end < lines.length - 1 && end - first < 8 && !/^RET\b/.test(lines[end].pseudo)) end++;
  return lines.slice(Math.max(0, first - 2), end + 1);
}

/** Columns: offset, pseudo-assembly, native; the split Prog's two halves on two rows with the mark between. */
export function renderEpilogue(window: AssemblyLine[], findings: Finding[]): string {
  const width = Math.max(18, ...window.map((l) => l.pseudo.length)) + 2;
  const rows = [`${'offset'.padEnd(8)}${'Go pseudo-assembly'.padEnd(width)}arm64 (capstone)`];
  for (const l of window) {
    const own = findings.find((f) => f.offsets[0] >= l.offset && f.offsets[0] < l.offset + 4 * Math.max(1, l.native.length));
    const natives = l.native.length ? l.native : [''];
    natives.forEach((n, i) => {
      const lead = i === 0 ? `${hex4(l.offset).padEnd(8)}${l.pseudo.padEnd(width)}` : ' '.repeat(8 + width);
      rows.push(`${lead}${n}`.trimEnd());
      if (own && i === 0 && natives.length > 1) {
        rows.push(`${' '.repeat(8 + width)}${markFor(own.kind)}`);
      }
    });
  }
  return rows.join('\n');
}

export async function hoverFor(
  target: HoverTarget,
  fn: FunctionListing | undefined,
  toolchain: string,
  log: (m: string) => void = () => undefined,
): Promise<Hover> {
  const g = target.group;
  const shown = target.findings.length ? target.findings : g.findings.filter((f) => f.line === g.findings[0].line);
  const head = `**${g.symbol}** — ${g.leaf ? 'leaf' : 'non-leaf'}, frame ${g.frameSize} bytes · compiled by ${toolchain} (arm64)`;
  const parts = [head];
  const sites = [...new Set(g.findings.map((f) => f.line))];
  parts.push(
    target.findings.length || sites.length === 1
      ? `Split epilogue of the \`return\` at line ${shown[0].line}:`
      : `${sites.length} return site${sites.length === 1 ? '' : 's'} with a split epilogue (line${sites.length === 1 ? '' : 's'} ${sites.join(', ')}); the one at line ${shown[0].line}:`,
  );
  const window = fn ? epilogueWindow(await cachedLines(fn, log), shown) : [];
  if (window.length) {
    parts.push('```\n' + renderEpilogue(window, shown) + '\n```');
  } else {
    // No listing kept (should not happen for flagged functions): the decoded pair alone.
    parts.push(
      '```\n' +
        [...shown]
          .sort((a, b) => a.offset - b.offset)
          .map(
            (f) => `${hex4(f.offsets[0])}  ${f.instructions[0]}\n        ${markFor(f.kind)}\n${hex4(f.offsets[1])}  ${f.instructions[1]}`,
          )
          .join('\n') +
        '\n```',
    );
  }
  const sp = shown.some((f) => f.kind === 'split-sp-update');
  if (sp)
    parts.push(
      `Async preemption (SIGURG) between the two \`add sp\` instructions leaves the unwinder with a half-popped frame: ${CRASH_SIGNATURES}.`,
    );
  else parts.push(FP_WHY);
  parts.push(findingRemedy(shown.find((f) => f.kind === 'split-sp-update') ?? shown[0], toolchain));
  parts.push(`[${ISSUE_REF}](${ISSUE_URL})`);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: target.range };
}

/** Hover targets of one document: line -> what is there. */
export class HoverIndex {
  private readonly byUri = new Map<string, Map<number, HoverTarget>>();

  add(uri: string, line: number, target: HoverTarget): void {
    let m = this.byUri.get(uri);
    if (!m) this.byUri.set(uri, (m = new Map()));
    const existing = m.get(line);
    if (existing && existing.group === target.group) existing.findings.push(...target.findings);
    else if (!existing) m.set(line, { ...target, findings: [...target.findings] });
  }

  at(uri: string, line: number): HoverTarget | undefined {
    return this.byUri.get(uri)?.get(line);
  }
}
