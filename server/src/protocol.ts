// The one typed protocol shared by the VS Code client, the language server and
// the reproducer webview: custom LSP methods, settings, webview messages.
// Method names live here only; both sides import the typed objects.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { AssemblyLine, ToolchainInfo } from './core/types';
import type { ReproDisassembly, ReproRunEvent, ReproRunner, ReproVariant } from './core/repro/types';
export type { AssemblyLine } from './core/types';

export const SETTINGS_SECTION = 'preemptGuard';
export const DIAGNOSTIC_SOURCE = 'preempt-guard';

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
// The domain types live in the core; the wire adds the run id.
export type {
  ReproVariant, ReproRunner, ReproOutcome, ReproVerdict, ReproPhase, ReproRunEvent, ReproDisassembly,
} from './core/repro/types';

export interface ReproStartParams {
  variant: ReproVariant; goPath?: string; budgetSeconds: number;
  /** Fresh processes to try, one after another, each with the full budget (default 1). */
  attempts?: number;
}
export interface ReproStartResult { runId: string }
export const ReproStartRequest = new RequestType<ReproStartParams, ReproStartResult, void>('preemptGuard/repro/start');
export interface ReproStopParams { runId: string }
export const ReproStopRequest = new RequestType<ReproStopParams, void, void>('preemptGuard/repro/stop');

export type ReproEvent = ReproRunEvent & { runId: string };
export const ReproEventNotification = new NotificationType<ReproEvent>('preemptGuard/repro/event');

/** How this host runs the reproducer (native, qemu, or not at all and why). */
export interface ReproHostInfo { runner: ReproRunner | null; note: string; installHint?: string }
export const ReproHostRequest = new RequestType0<ReproHostInfo, void>('preemptGuard/repro/host');

/** Build a variant and return its disassembly without running it (shown before Start). */
export interface ReproDisassemblyParams { variant: ReproVariant; goPath?: string }
export const ReproDisassemblyRequest = new RequestType<ReproDisassemblyParams, ReproDisassembly, void>('preemptGuard/repro/disassembly');

export interface ToolchainChoice { label: string; path: string; version: string }
export const ListToolchainsRequest = new RequestType0<ToolchainChoice[], void>('preemptGuard/toolchains');

// ---- Webview <-> extension messages ----
export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'start'; variant: ReproVariant; goPath: string; budgetSeconds: number; sideBySide: boolean; attempts?: number }
  | { type: 'stop' }
  | { type: 'preview'; variant: ReproVariant; goPath: string; sideBySide: boolean };
export type ExtensionToWebview =
  | { type: 'toolchains'; choices: ToolchainChoice[]; runnerNote: string }
  /** `at`: when the extension received it (ms since epoch), so a restored view shows true elapsed times. */
  | { type: 'event'; lane: 'main' | 'control'; event: ReproEvent; at?: number }
  | { type: 'error'; message: string }
  /** Disassembly of a lane's variant before (or without) a run. */
  | { type: 'preview'; lane: 'main' | 'control'; disassembly: ReproDisassembly | null; message?: string; pending?: boolean }
  /** A run starts: clear these lanes. */
  | { type: 'reset'; lanes: ('main' | 'control')[]; variants: ReproVariant[] }
  | { type: 'running'; running: boolean };
