// Quick fixes, built while analysing and stored per document, so answering
// textDocument/codeAction is a lookup by range.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver';
import { setToolchainDirective } from '../core/gomod';
import type { Finding, ToolchainInfo } from '../core/types';
import { fixedReleaseFor } from './messages';

export interface ToolchainFix {
  title: string;
  version: string;
  goModUri: string;
  /** The single edit on go.mod; every other byte stays. */
  edit: { range: Range; newText: string };
}

/** "Upgrade toolchain to go1.24.6 (fixes 2 of 5 findings)", or undefined when it fixes nothing or go.mod refuses. */
export function toolchainFix(goModText: string | undefined, goModUri: string, tc: ToolchainInfo, findings: Finding[], log: (m: string) => void): ToolchainFix | undefined {
  const fixable = findings.filter((f) => f.fixedByToolchain).length;
  if (fixable === 0 || tc.nonLeafFixed || goModText === undefined) return undefined;
  const version = fixedReleaseFor(tc.version);
  if (!version) return undefined;
  const r = setToolchainDirective(goModText, version, { running: tc.version });
  if (!r.ok) {
    log(`no toolchain quick fix for ${goModUri}: ${r.reason}`);
    return undefined;
  }
  const title = fixable === findings.length
    ? `Upgrade toolchain to ${version}`
    : `Upgrade toolchain to ${version} (fixes ${fixable} of ${findings.length} findings)`;
  return { title, version, goModUri, edit: { range: { start: r.edit.start, end: r.edit.end }, newText: r.edit.newText } };
}

export function toolchainAction(fix: ToolchainFix, diagnostics: Diagnostic[]): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: true,
    edit: { changes: { [fix.goModUri]: [fix.edit] } },
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Code actions per document URI, replaced wholesale per module analysis. */
export class CodeActionStore {
  private readonly byModule = new Map<string, Map<string, CodeAction[]>>();

  set(moduleRoot: string, actions: Map<string, CodeAction[]>): void {
    this.byModule.set(moduleRoot, actions);
  }

  /** Adds actions (the heap fixes arrive after the analysis). */
  add(moduleRoot: string, uri: string, actions: CodeAction[]): void {
    let m = this.byModule.get(moduleRoot);
    if (!m) this.byModule.set(moduleRoot, (m = new Map()));
    m.set(uri, [...(m.get(uri) ?? []), ...actions]);
  }

  delete(moduleRoot: string): void {
    this.byModule.delete(moduleRoot);
  }

  lookup(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((k) => k === '' || k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
    const out: CodeAction[] = [];
    for (const m of this.byModule.values()) {
      for (const a of m.get(params.textDocument.uri) ?? []) {
        if ((a.diagnostics ?? []).some((d) => overlaps(d.range, params.range))) out.push(a);
      }
    }
    return out;
  }
}
