// Diagnostics on go.mod: the toolchain that ran splits non-leaf epilogues (or
// go.mod asks for a toolchain other than the one that ran), and the standard
// library's findings, summarised once per toolchain.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { readGoModDirectives } from '../core/toolchain/gomod';
import type { Finding, ToolchainInfo } from '../core/types';
import type { Settings } from '../../../shared/protocol';
import {
  fixedReleaseFor,
  gomodToolchainNote,
  gomodToolchainNoteNone,
  requestedToolchainDiagnostic,
  requestedToolchainNote,
  stdlibNote,
} from '../core/vocabulary';
import { makeDiagnostic, severityOf } from './diagnostics';

export const GOMOD_TOOLCHAIN_CODE = 'toolchain-splits-non-leaf';
export const GOMOD_REQUESTED_CODE = 'toolchain-not-requested';
export const GOMOD_STDLIB_CODE = 'stdlib-findings';

/** Where go.mod names its toolchain: the `toolchain` line, else the `go` line, else line 0. */
export function toolchainLineRange(goModText: string): Range {
  const d = readGoModDirectives(goModText);
  const dir = d.toolchain ?? d.go;
  if (dir) return dir.lineRange;
  return { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
}

/** "go.mod asks for go1.26.10, but go1.24.4 ran (GOTOOLCHAIN=local)". */
export function requestedNote(tc: ToolchainInfo, env: NodeJS.ProcessEnv): string | undefined {
  if (!tc.requested) return undefined;
  return requestedToolchainNote(tc.requested, tc.version, env.GOTOOLCHAIN);
}

export function toolchainDiagnostic(
  goModText: string,
  tc: ToolchainInfo,
  findings: Finding[],
  setting: Settings['severity'],
  env: NodeJS.ProcessEnv,
): Diagnostic | undefined {
  const nonLeaf = findings.filter((f) => f.fixedByToolchain).length;
  const note = requestedNote(tc, env);
  const range = toolchainLineRange(goModText);
  if (!tc.nonLeafFixed) {
    // One line: the toolchain that ran and what fixes it (the hover and the log say more).
    const fixed = fixedReleaseFor(tc.version);
    const message = nonLeaf > 0 ? gomodToolchainNote(tc.version, nonLeaf, fixed) : gomodToolchainNoteNone(tc.version, fixed);
    const severity = nonLeaf > 0 ? severityOf('split-sp-update', setting) : DiagnosticSeverity.Information;
    return makeDiagnostic(GOMOD_TOOLCHAIN_CODE, severity, range, note ? `${message}; ${note}` : message);
  }
  if (note && findings.length > 0) {
    return makeDiagnostic(GOMOD_REQUESTED_CODE, DiagnosticSeverity.Information, range, requestedToolchainDiagnostic(note, tc.version));
  }
  return undefined;
}

export function stdlibDiagnostic(goModText: string, tc: ToolchainInfo, stdlib: Finding[]): Diagnostic | undefined {
  if (stdlib.length === 0) return undefined;
  const d = readGoModDirectives(goModText);
  const range = d.go?.lineRange ?? toolchainLineRange(goModText);
  const fns = [...new Set(stdlib.map((f) => f.function))];
  return makeDiagnostic(GOMOD_STDLIB_CODE, DiagnosticSeverity.Information, range, stdlibNote(tc.version, stdlib.length, fns));
}
