// Hover on a flagged function's declaration or return line, in markdown: the
// split pair as code, why it crashes, the fix for this function with the
// toolchain that ran, and command links (show assembly, the reproducer, the
// quick fixes offered there, the Go issue). Words from core/vocabulary.
import { MarkupKind, type Diagnostic, type Hover, type Range } from 'vscode-languageserver';
import type { Finding, ToolchainInfo } from '../core/types';
import { APPLY_FIX_COMMAND, type ApplyFixArgs } from '../../../shared/protocol';
import type { FunctionGroup } from './diagnostics';
import { hoverMarkdown, ISSUE_REF, ISSUE_URL, LINK_REPRODUCER, LINK_SHOW_ASSEMBLY } from '../core/vocabulary';

/** The client's commands the hover links to (the client trusts exactly these in hovers). */
export const SHOW_ASSEMBLY_COMMAND = 'preemptGuard.showAssembly';
export const RUN_REPRODUCER_COMMAND = 'preemptGuard.runReproducer';

/** What a line of a document points at. */
export interface HoverTarget {
  group: FunctionGroup;
  /** Findings at this return line; empty on the declaration line. */
  findings: Finding[];
  range: Range;
  /** The return site's diagnostic (quick fixes are bound to it); absent on the declaration. */
  diagnostic?: Diagnostic;
}

/** A `command:` link: markdown-safe title, arguments as the URI-encoded JSON array VS Code expects. */
export function commandLink(title: string, command: string, args: unknown[] = []): string {
  // Parentheses too: a `)` in the arguments would end the markdown link.
  const query = args.length ? `?${encodeURIComponent(JSON.stringify(args)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))}` : '';
  return `[${title.replace(/[[\]]/g, '\\$&')}](command:${command}${query})`;
}

export interface HoverContext {
  uri: string;
  toolchain: Pick<ToolchainInfo, 'version' | 'why'>;
  /** Titles of the quick fixes offered at the target's return line (applied through APPLY_FIX_COMMAND). */
  fixes: { title: string; line: number }[];
}

export function hoverFor(target: HoverTarget, ctx: HoverContext): Hover {
  const g = target.group;
  const lines = [...new Set(g.findings.map((f) => f.line))].sort((a, b) => a - b);
  const onReturn = target.findings.length > 0;
  const shown = onReturn ? target.findings : g.findings.filter((f) => f.line === lines[0]);
  const links = [
    commandLink(LINK_SHOW_ASSEMBLY, SHOW_ASSEMBLY_COMMAND, [g.symbol, ctx.uri]),
    commandLink(LINK_REPRODUCER, RUN_REPRODUCER_COMMAND),
    ...ctx.fixes.map((f) =>
      commandLink(f.title, APPLY_FIX_COMMAND, [{ uri: ctx.uri, line: f.line, title: f.title } satisfies ApplyFixArgs]),
    ),
    `[${ISSUE_REF}](${ISSUE_URL})`,
  ];
  const value = hoverMarkdown({
    function: g.symbol,
    frameSize: g.frameSize,
    leaf: g.leaf,
    findings: shown,
    returnLines: lines,
    line: onReturn ? target.findings[0].line : undefined,
    toolchain: ctx.toolchain,
    links,
  });
  return { contents: { kind: MarkupKind.Markdown, value }, range: target.range };
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

  /** Every target of a document, by line (code lenses). */
  targetsOf(uri: string): [number, HoverTarget][] {
    return [...(this.byUri.get(uri) ?? [])].sort((a, b) => a[0] - b[0]);
  }
}
