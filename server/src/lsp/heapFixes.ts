// "Move `buf` to the heap" quick fixes for leaf findings, verified in the
// background after the analysis (core/heapFix.ts builds the edit through
// `go build -overlay`), so diagnostics are never delayed by them.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionStore } from './codeActions';
import type { DiagnosticsStore, ModuleRecord } from './moduleState';
import type { ModuleOutcome } from './moduleOutcome';
import type { Settings } from '../protocol';

export interface HeapFixDeps {
  connection: Connection;
  actions: CodeActionStore;
  diagnostics: DiagnosticsStore;
  documents: TextDocuments<TextDocument>;
  env: NodeJS.ProcessEnv;
}

export type AfterAnalysis = (record: ModuleRecord, outcome: ModuleOutcome, settings: Settings, signal: AbortSignal) => Promise<void>;

/** Not wired until core/heapFix.ts lands. */
export function heapFixHook(_deps: HeapFixDeps): AfterAnalysis | undefined {
  return undefined;
}
