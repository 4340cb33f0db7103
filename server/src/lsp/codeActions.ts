// Quick fixes, built while analysing and stored per document, so answering
// textDocument/codeAction is a lookup by the diagnostics the client sends
// (code + range). Every edit names the document version it was computed for
// (documentChanges), and an action that edits a document is dropped as soon
// as that document changes: a stale action never applies old offsets to new text.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { setToolchainDirective } from '../core/toolchain/gomod';
import type { Finding, ToolchainInfo } from '../core/types';
import { fixedReleaseFor, noToolchainFixLine, upgradeToolchainTitle } from '../core/vocabulary';

export interface ToolchainFix {
  title: string;
  version: string;
  /** The toolchain that ran (go1.20 and older cannot read a toolchain line). */
  running: string;
  goModUri: string;
}

/** The text of a document as the fix sees it, and the version of that text (null: the file on disk). */
export interface VersionedText {
  text: string;
  version: number | null;
}

/** "Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)", or undefined when a toolchain upgrade fixes none. */
export function toolchainFix(goModUri: string, tc: ToolchainInfo, findings: Finding[]): ToolchainFix | undefined {
  // Hazards are return sites: a leaf return's SP and frame-pointer splits are one.
  const site = (f: Finding) => `${f.file}\0${f.function}\0${f.line}`;
  const all = new Set(findings.map(site));
  const fixable = new Set(findings.filter((f) => f.fixedByToolchain).map(site));
  if (fixable.size === 0 || tc.nonLeafFixed) return undefined;
  const version = fixedReleaseFor(tc.version);
  if (!version) return undefined;
  return { title: upgradeToolchainTitle(version, fixable.size, all.size), version, running: tc.version, goModUri };
}

/** One document's edits, tied to the version they were computed against. */
export function versionedEdit(uri: string, version: number | null, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/** For a client without `workspaceEdit.documentChanges`: the same edits as plain `changes` (no version check there). */
export function withoutVersions(action: CodeAction): CodeAction {
  const docs = action.edit?.documentChanges;
  if (!docs) return action;
  const changes: Record<string, TextEdit[]> = {};
  for (const d of docs) {
    if (!('edits' in d)) continue;
    const edits = d.edits.filter((e): e is TextEdit => 'newText' in e);
    changes[d.textDocument.uri] = [...(changes[d.textDocument.uri] ?? []), ...edits];
  }
  return { ...action, edit: { changes } };
}

/** The action with its one go.mod edit against the text go.mod has now; undefined when go.mod refuses (already newer, ...). */
export function toolchainAction(
  fix: ToolchainFix,
  goMod: VersionedText | undefined,
  diagnostics: Diagnostic[],
  log: (m: string) => void,
): CodeAction | undefined {
  if (goMod === undefined) return undefined;
  const r = setToolchainDirective(goMod.text, fix.version, { running: fix.running });
  if (!r.ok) {
    log(noToolchainFixLine(fix.goModUri, r.reason));
    return undefined;
  }
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: true,
    edit: versionedEdit(fix.goModUri, goMod.version, [{ range: { start: r.edit.start, end: r.edit.end }, newText: r.edit.newText }]),
  };
}

/**
 * A quick fix bound to diagnostics. `make` builds the action at request time:
 * go.mod edits are computed against go.mod as it is then (an unsaved buffer
 * included), which is a pure text function, so the request stays a lookup.
 * `edits`, when set, is the document (and version) a precomputed edit targets.
 */
export interface StoredAction {
  diagnostics: Diagnostic[];
  edits?: { uri: string; version: number | null };
  make(): CodeAction | undefined;
}

/** A precomputed action whose edits all target one document at one version. */
export function versionedAction(action: CodeAction, uri: string, version: number | null): StoredAction {
  return { diagnostics: action.diagnostics ?? [], edits: { uri, version }, make: () => action };
}

/** Same diagnostic: same code and the same range (what the client sends back in context.diagnostics). */
export function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  const r = a.range;
  const s = b.range;
  return (
    a.code === b.code &&
    r.start.line === s.start.line &&
    r.start.character === s.start.character &&
    r.end.line === s.end.line &&
    r.end.character === s.end.character
  );
}

function wantsQuickFix(params: CodeActionParams): boolean {
  const only = params.context.only;
  return !only || only.some((k) => k === '' || k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`));
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

  /**
   * The document `uri` is now at `version` (null: closed, the disk copy rules):
   * drop every action whose edit was computed for another version of it.
   */
  documentChanged(uri: string, version: number | null): void {
    for (const m of this.byModule.values()) {
      for (const [key, list] of m) {
        const kept = list.filter((a) => !a.edits || a.edits.uri !== uri || a.edits.version === version);
        if (kept.length !== list.length) m.set(key, kept);
      }
    }
  }

  /** The actions bound to any of the diagnostics the client sent (code + range). */
  lookup(params: CodeActionParams): CodeAction[] {
    if (!wantsQuickFix(params)) return [];
    const asked = params.context.diagnostics;
    const out: CodeAction[] = [];
    for (const m of this.byModule.values()) {
      for (const a of m.get(params.textDocument.uri) ?? []) {
        if (!a.diagnostics.some((d) => asked.some((x) => sameDiagnostic(d, x)))) continue;
        const action = a.make();
        if (action) out.push(action);
      }
    }
    return out;
  }
}
