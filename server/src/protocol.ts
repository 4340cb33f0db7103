// The one typed protocol shared by the VS Code client, the language server and
// the reproducer webview: custom LSP methods, settings, webview messages.
// Method names live here only; both sides import the typed objects.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Finding, ToolchainInfo } from './core/types';

export const EXTENSION_ID = 'preempt-guard.go-preempt-guard';
export const SETTINGS_SECTION = 'preemptGuard';
export const DIAGNOSTIC_SOURCE = 'preempt-guard';
export const ISSUE_URL = 'https://github.com/golang/go/issues/73259';

/** Settings under `preemptGuard.*`, pulled per resource (workspace/configuration). */
export interface Settings {
  /** Path to `go`; '' = the `go` on PATH. */
  goPath: string;
  /** Extra `go build` flags, e.g. ["-tags=integration"]. */
  buildFlags: string[];
  goos: 'linux' | 'darwin';
  /** Scan dependencies and the standard library too (-gcflags=all=-S). */
  scanDependencies: boolean;
  analyzeOnSave: boolean;
  analyzeOnOpen: boolean;
  severity: 'error' | 'warning' | 'information' | 'hint';
}

export const DEFAULT_SETTINGS: Settings = {
  goPath: '',
  buildFlags: [],
  goos: 'linux',
  scanDependencies: false,
  analyzeOnSave: true,
  analyzeOnOpen: true,
  severity: 'warning',
};

/** Sent by the client at initialize (initializationOptions). */
export interface InitializationOptions {
  /** VS Code Workspace Trust: when false the server builds and runs nothing. */
  trusted: boolean;
  /** Installed toolchains the user may pick (reproducer, tests). */
  installedToolchainsDir?: string;
}

// ---- Analysis state (server -> client) ----
export type AnalysisState = 'idle' | 'analysing' | 'affected' | 'clean' | 'failed' | 'untrusted';

export interface ModuleStatus {
  moduleRoot: string;
  state: AnalysisState;
  toolchain?: ToolchainInfo;
  findings: number;
  leafFindings: number;
  /** Human-readable note: why a build failed, toolchain mismatch, untrusted. */
  message?: string;
}

export interface StatusParams { modules: ModuleStatus[] }
export const StatusNotification = new NotificationType<StatusParams>('preemptGuard/status');

/** Set trust after start (the user trusted the workspace). */
export interface TrustParams { trusted: boolean }
export const TrustNotification = new NotificationType<TrustParams>('preemptGuard/trust');

// ---- Requests (client -> server) ----
export interface ScanParams { /** Module root or file URI; all modules when absent. */ uri?: string }
export interface ScanResult { modules: ModuleStatus[] }
export const ScanRequest = new RequestType<ScanParams, ScanResult, void>('preemptGuard/scan');

export interface FunctionSummary { symbol: string; file: string; declLine: number; findings: number }
export interface ListFunctionsParams { uri?: string }
export const ListFunctionsRequest = new RequestType<ListFunctionsParams, FunctionSummary[], void>('preemptGuard/listFunctions');

export interface AssemblyParams { symbol: string; /** A file of the module the function lives in. */ uri: string }
export interface AssemblyLine {
  offset: number;
  sourceLine: number;
  pseudo: string;
  /** Native arm64 instructions this Prog assembled to (capstone). */
  native: string[];
  /** Part of a split SP/FP update. */
  split: boolean;
}
export interface AssemblyResult {
  symbol: string;
  toolchain: string;
  frameSize: number;
  leaf: boolean;
  lines: AssemblyLine[];
  /** The listing as text for the read-only virtual document (syntaxes/go-asm). */
  text: string;
}
export const AssemblyRequest = new RequestType<AssemblyParams, AssemblyResult | null, void>('preemptGuard/assembly');
export const ASSEMBLY_SCHEME = 'preempt-guard-asm';

// ---- Reproducer (client <-> server; the webview talks only to the client) ----
export type ReproVariant = 'seed' | 'fast' | 'control';
export type ReproRunner = 'native' | 'qemu-singlestep';
export type ReproOutcome = 'crashed' | 'survived' | 'error';

export interface ReproVerdict {
  variant: ReproVariant;
  toolchain: string;
  runner: ReproRunner | null;
  outcome: ReproOutcome;
  signature: string | null;
  preemptedFunction: string | null;
  preemptedOffset: number | null;
  matchedSplitInstruction: boolean;
  seconds: number;
  attempts: number;
  message?: string;
}

export interface ReproStartParams { variant: ReproVariant; goPath?: string; budgetSeconds: number }
export interface ReproStartResult { runId: string }
export const ReproStartRequest = new RequestType<ReproStartParams, ReproStartResult, void>('preemptGuard/repro/start');
export interface ReproStopParams { runId: string }
export const ReproStopRequest = new RequestType<ReproStopParams, void, void>('preemptGuard/repro/stop');

export type ReproEvent =
  | { runId: string; kind: 'toolchain'; toolchain: string; runner: ReproRunner | null; variant: ReproVariant }
  | { runId: string; kind: 'disassembly'; findings: Finding[]; lines: AssemblyLine[] }
  | { runId: string; kind: 'output'; text: string }
  | { runId: string; kind: 'attempt'; attempt: number }
  | { runId: string; kind: 'verdict'; verdict: ReproVerdict };
export const ReproEventNotification = new NotificationType<ReproEvent>('preemptGuard/repro/event');

export interface ToolchainChoice { label: string; path: string; version: string }
export const ListToolchainsRequest = new RequestType<void, ToolchainChoice[], void>('preemptGuard/toolchains');

// ---- Webview <-> extension messages ----
export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'start'; variant: ReproVariant; goPath: string; budgetSeconds: number; sideBySide: boolean }
  | { type: 'stop' };
export type ExtensionToWebview =
  | { type: 'toolchains'; choices: ToolchainChoice[]; runnerNote: string }
  | { type: 'event'; lane: 'main' | 'control'; event: ReproEvent }
  | { type: 'error'; message: string };
