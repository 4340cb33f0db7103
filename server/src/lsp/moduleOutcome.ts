// One finished analysis -> everything the server shows for that module:
// diagnostics per URI, quick fixes per URI, hover targets, the status.
// No I/O besides reading text through TextSource.
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult, BuildError, Finding, FunctionListing } from '../core/types';
import type { ModuleStatus, Settings } from '../../../shared/protocol';
import { classify, dependencyName, summarize, type Classified } from './classify';
import { toolchainAction, toolchainFix, type StoredAction } from './codeActions';
import { mapFindings } from './diagnostics';
import { requestedNote, stdlibDiagnostic, toolchainDiagnostic } from './gomodDiagnostics';
import { HoverIndex } from './hover';
import { fileUri, type TextSource } from './textSource';
import {
  buildFailedLogHead,
  buildFailedNote,
  dependenciesLogLine,
  dependenciesNote,
  findingRemedy,
  findingTitle,
  shortTitle,
  stdlibLogLine,
  stdlibStatusNote,
} from '../core/vocabulary';

export interface ModuleOutcome {
  diagnostics: Map<string, Diagnostic[]>;
  actions: Map<string, StoredAction[]>;
  hovers: HoverIndex;
  functions: Map<string, FunctionListing>;
  status: ModuleStatus;
  classified: Classified;
  /** Lines for the log (connection.console). */
  log: string[];
}

function push<T>(m: Map<string, T[]>, key: string, ...items: T[]): void {
  const list = m.get(key);
  if (list) list.push(...items);
  else m.set(key, [...items]);
}

/** Findings without a source line: one hazard per function and line they name. */
function unlocatedHazards(findings: Finding[]): number {
  return new Set(findings.map((f) => `${f.function}\0${f.line}`)).size;
}

function errorText(e: BuildError): string {
  const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}${e.column ? `:${e.column}` : ''}: ` : '';
  return `${where}${e.message}`;
}

export function moduleOutcome(
  result: AnalysisResult,
  settings: Settings,
  text: TextSource,
  env: NodeJS.ProcessEnv,
  /** For what happens after the analysis (a quick fix go.mod refuses). */
  logLater: (msg: string) => void = () => undefined,
): ModuleOutcome {
  const root = result.moduleRoot;
  const tc = result.toolchain;
  const classified = classify(result.findings, root);
  const shown = [...classified.module, ...classified.dependency];
  const counted = [...shown, ...classified.unlocated];
  const diagnostics = new Map<string, Diagnostic[]>();
  const actions = new Map<string, StoredAction[]>();
  const hovers = new HoverIndex();
  const log: string[] = [];

  const goModPath = path.join(root, 'go.mod');
  const goModUri = fileUri(goModPath);
  const goModText = text.text(goModPath);
  const fix = toolchainFix(goModUri, tc, counted);
  const upgrade = (diags: Diagnostic[]): StoredAction => ({
    diagnostics: diags,
    // go.mod as it is when the user asks (an unsaved buffer included).
    make: () => toolchainAction(fix!, text.versioned(goModPath), diags, logLater),
  });

  let hazards = 0;
  for (const m of mapFindings(shown, {
    severity: settings.severity,
    toolchainVersion: tc.version,
    lineText: (f, l) => text.lineText(f, l),
    uriOf: fileUri,
  })) {
    const uri = fileUri(m.group.file);
    push(diagnostics, uri, ...m.sites.map((x) => x.diagnostic));
    hovers.add(uri, m.declRange.start.line, { group: m.group, findings: [], range: m.declRange });
    for (const site of m.sites) {
      hovers.add(uri, site.diagnostic.range.start.line, {
        group: m.group,
        findings: site.findings,
        range: site.diagnostic.range,
        diagnostic: site.diagnostic,
      });
    }
    if (fix && !m.group.leaf) {
      const fixable = m.sites.filter((x) => x.findings.some((f) => f.fixedByToolchain)).map((x) => x.diagnostic);
      if (fixable.length) push(actions, uri, upgrade(fixable));
    }
    hazards += m.sites.length;
    for (const site of m.sites) {
      log.push(`${site.findings[0].file}:${site.line}: ${shortTitle(site.findings[0])}`);
      for (const f of site.findings) log.push(`  ${findingTitle(f)}. ${findingRemedy(f, tc.version)}`);
    }
  }

  if (goModText !== undefined) {
    const goModDiags: Diagnostic[] = [];
    const d = toolchainDiagnostic(goModText, tc, counted, settings.severity, env);
    if (d) {
      goModDiags.push(d);
      if (fix) push(actions, goModUri, upgrade([d]));
    }
    const s = stdlibDiagnostic(goModText, tc, classified.stdlib);
    if (s) goModDiags.push(s);
    if (goModDiags.length) diagnostics.set(goModUri, goModDiags);
  }

  const notes: string[] = [];
  const req = requestedNote(tc, env);
  if (req) notes.push(req);
  let state: ModuleStatus['state'] = counted.length > 0 ? 'affected' : 'clean';
  if (result.errors.length > 0) {
    state = 'failed';
    notes.push(buildFailedNote(errorText(result.errors[0]), result.errors.length - 1));
    log.push(buildFailedLogHead(root, tc.version), ...result.errors.slice(0, 20).map((e) => `  ${errorText(e)}`));
  }
  const deps = [...classified.dependency, ...classified.unlocated];
  if (deps.length) {
    const s = summarize(deps, dependencyName);
    notes.push(dependenciesNote(s));
    log.push(dependenciesLogLine(root, s));
  }
  if (classified.stdlib.length) {
    const s = summarize(classified.stdlib, (f) => f.packagePath);
    notes.push(stdlibStatusNote(tc.version, classified.stdlib.length));
    log.push(stdlibLogLine(tc.version, s));
  }

  const functions = new Map(result.functions.map((f) => [f.symbol, f]));
  const status: ModuleStatus = {
    moduleRoot: root,
    state,
    toolchain: tc,
    findings: counted.length,
    hazards: hazards + unlocatedHazards(classified.unlocated),
    leafFindings: counted.filter((f) => f.leaf).length,
    message: notes.length ? notes.join('; ') : undefined,
  };
  return { diagnostics, actions, hovers, functions, status, classified, log };
}
