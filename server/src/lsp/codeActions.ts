// Quick fixes, built while analysing and stored per document, so answering
// textDocument/codeAction is a lookup by range.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver';
import { setToolchainDirective } from '../core/gomod';
import type { Finding, ToolchainInfo } from '../core/types';
import { fixedReleaseFor } from '../core/explain';

export interface ToolchainFix {
  title: string;
  version: string;
  /** The toolchain that ran (go1.20 and older cannot read a toolchain line). */
  running: string;
  goModUri: string;
}

/** "Upgrade toolchain to go1.24.6 (fixes 2 of 5 findings)", or undefined when a toolchain upgrade fixes none. */
export function toolchainFix(goModUri: string, tc: ToolchainInfo, findings: Finding[]): ToolchainFix | undefined {
  const fixable = findings.filter((f) => f.fixedByToolchain).length;
  if (fixable === 0 || tc.nonLeafFixed) return undefined;
  const version = fixedReleaseFor(tc.version);
  if (!version) return undefined;
  const title = fixable === findings.length
    ? `Upgrade toolchain to ${version}`
    : `Upgrade toolchain to ${version} (fixes ${fixable} of ${findings.length} findings)`;
  return { title, version, running: tc.version, goModUri };
}

/** The action with its one go.mod edit against the text go.mod has now; undefined when go.mod refuses (already newer, ...). */
export function toolchainAction(fix: ToolchainFix, goModText: string | undefined, diagnostics: Diagnostic[], log: (m: string) => void): CodeAction | undefined {
  if (goModText === undefined) return undefined;
  const r = setToolchainDirective(goModText, fix.version, { running: fix.running });
  if (!r.ok) {
    log(`no toolchain quick fix for ${fix.goModUri}: ${r.reason}`);
    return undefined;
  }
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: true,
    edit: { changes: { [fix.goModUri]: [{ range: { start: r.edit.start, end: r.edit.end }, newText: r.edit.newText }] } },
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * A quick fix bound to diagnostics. `make` builds the action at request time:
 * go.mod edits are computed against go.mod as it is then (an unsaved buffer
 * included), which is a pure text function, so the request stays a lookup.
 */
export interface StoredAction {
  diagnostics: Diagnostic[];
  make(): CodeAction | undefined;
}

export function staticAction(action: CodeAction): StoredAction {
  return { diagnostics: action.diagnostics ?? [], make: () => action };
}

/** Code actions per document URI, replaced wholesale per module analysis. */
export class CodeActionStore {
  private readonly byModule = new Map<string, Map<string, StoredAction[]>>();

  set(moduleRoot: string, actions: Map<string, StoredAction[]>): void {
    this.byModule.set(moduleRoot, actions);
  }

  /** Adds actions (the heap fixes arrive after the analysis). */
  add(moduleRoot: string, uri: string, actions: StoredAction[]): void {
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
        if (!a.diagnostics.some((d) => overlaps(d.range, params.range))) continue;
        const action = a.make();
        if (action) out.push(action);
      }
    }
    return out;
  }
}
