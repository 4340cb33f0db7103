// The editor features over the analysis: hover, code lenses and the
// `preemptGuard.applyFix` command (the hover's and the lenses' quick-fix
// links). Registered from setup.ts in one call; it reads the module records,
// the stored quick fixes and the published diagnostics, and asks the client to
// refresh its lenses whenever diagnostics are published.
import {
  CodeLensRefreshRequest,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { APPLY_FIX_COMMAND, type ApplyFixArgs, type Settings } from '../../../shared/protocol';
import {
  fixedReleaseFor,
  functionLensTitle,
  LENS_MOVE_TO_HEAP,
  LENS_REPRODUCE,
  LENS_SHOW_ASSEMBLY,
  quickFixGoneLine,
  returnLensTitle,
  upgradeLensTitle,
} from '../core/vocabulary';
import { withoutVersions, type CodeActionStore } from './codeActions';
import { hoverFor, RUN_REPRODUCER_COMMAND, SHOW_ASSEMBLY_COMMAND, type HoverTarget } from './hover';
import type { DiagnosticsStore, ModuleRecord, ModuleRegistry } from './moduleState';

export interface EditorFeatureDeps {
  connection: Connection;
  registry: ModuleRegistry;
  actions: CodeActionStore;
  diagnostics: DiagnosticsStore;
  settingsFor(root: string): Promise<Settings>;
  /** Whether the client applies versioned edits (workspaceEdit.documentChanges). */
  documentChangesSupported(): boolean;
  /** Whether the client takes workspace/codeLens/refresh. */
  lensRefreshSupported(): boolean;
}

/** What setup.ts adds to the initialize result. */
export const EDITOR_CAPABILITIES: Pick<ServerCapabilities, 'codeLensProvider' | 'executeCommandProvider'> = {
  codeLensProvider: { resolveProvider: false },
  executeCommandProvider: { commands: [APPLY_FIX_COMMAND] },
};

/** The quick fixes stored for a diagnostic (the same lookup a codeAction request does). */
function fixesFor(actions: CodeActionStore, uri: string, d: Diagnostic): CodeAction[] {
  return actions.lookup({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
}

/** The function's first return site with a diagnostic (where its quick fixes are bound). */
function firstSite(rec: ModuleRecord, uri: string, target: HoverTarget): HoverTarget | undefined {
  return rec.hovers.targetsOf(uri).find(([, t]) => t.group === target.group && t.diagnostic)?.[1];
}

function lensesOf(rec: ModuleRecord, uri: string, actions: CodeActionStore): CodeLens[] {
  const lenses: CodeLens[] = [];
  const lens = (target: HoverTarget, title: string, command = '', args?: unknown[]) =>
    lenses.push({ range: target.range, command: { title, command, arguments: args } });
  for (const [, t] of rec.hovers.targetsOf(uri)) {
    const assemblyArgs = [t.group.symbol, uri];
    if (t.diagnostic) {
      lens(t, returnLensTitle(t.findings[0].kind));
      lens(t, LENS_SHOW_ASSEMBLY, SHOW_ASSEMBLY_COMMAND, assemblyArgs);
      lens(t, LENS_REPRODUCE, RUN_REPRODUCER_COMMAND);
      continue;
    }
    const returns = new Set(t.group.findings.map((f) => f.line)).size;
    lens(t, functionLensTitle(t.group.frameSize, returns), SHOW_ASSEMBLY_COMMAND, assemblyArgs);
    const site = firstSite(rec, uri, t);
    const fix = site?.diagnostic ? fixesFor(actions, uri, site.diagnostic)[0] : undefined;
    if (!fix || !site?.diagnostic) continue;
    const fixed = fixedReleaseFor(rec.result?.toolchain.version);
    const title = t.group.leaf || !fixed ? LENS_MOVE_TO_HEAP : upgradeLensTitle(fixed);
    lens(t, title, APPLY_FIX_COMMAND, [{ uri, line: site.diagnostic.range.start.line, title: fix.title } satisfies ApplyFixArgs]);
  }
  return lenses;
}

function isApplyFixArgs(a: unknown): a is ApplyFixArgs {
  const x = a as ApplyFixArgs;
  return !!x && typeof x === 'object' && typeof x.uri === 'string' && typeof x.line === 'number' && typeof x.title === 'string';
}

export function registerEditorFeatures(d: EditorFeatureDeps): void {
  const { connection, registry, actions } = d;
  let refreshQueued = false;

  connection.onHover((params) => {
    const uri = params.textDocument.uri;
    for (const rec of registry.all()) {
      const target = rec.hovers.at(uri, params.position.line);
      if (!target || !rec.result) continue;
      const site = target.diagnostic ? target : firstSite(rec, uri, target);
      const fixes = site?.diagnostic
        ? fixesFor(actions, uri, site.diagnostic).map((a) => ({ title: a.title, line: site.diagnostic!.range.start.line }))
        : [];
      return hoverFor(target, { uri, toolchain: rec.result.toolchain, fixes });
    }
    return null;
  });

  connection.onCodeLens(async (params) => {
    const uri = params.textDocument.uri;
    const out: CodeLens[] = [];
    for (const rec of registry.all()) {
      if (!rec.result || rec.hovers.targetsOf(uri).length === 0) continue;
      if (!(await d.settingsFor(rec.root)).codeLens) continue;
      out.push(...lensesOf(rec, uri, actions));
    }
    return out;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== APPLY_FIX_COMMAND) return null;
    const args = params.arguments?.[0];
    if (!isApplyFixArgs(args)) return { applied: false };
    const here = d.diagnostics.get(args.uri).filter((x) => x.range.start.line === args.line);
    const action = here.flatMap((x) => fixesFor(actions, args.uri, x)).find((a) => a.title === args.title);
    if (!action?.edit) {
      connection.console.warn(quickFixGoneLine(APPLY_FIX_COMMAND, args.title, args.uri, args.line + 1));
      return { applied: false };
    }
    const edit = d.documentChangesSupported() ? action.edit : withoutVersions(action).edit!;
    const r = await connection.workspace.applyEdit({ label: action.title, edit });
    return { applied: r.applied };
  });

  // Diagnostics were published: the lenses follow (one refresh per tick).
  d.diagnostics.onPublished(() => {
    if (!d.lensRefreshSupported() || refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    });
  });
}
