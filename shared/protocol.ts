// The one typed protocol shared by the VS Code client, the language server and
// the reproducer webview: custom LSP methods, settings, webview messages.
// Method names live here only; both sides import the typed objects.
import { NotificationType, RequestType, RequestType0, type Diagnostic } from 'vscode-languageserver-protocol';
import type { AssemblyLine, ToolchainInfo } from '../server/src/core/types';
import type { Hazard } from '../server/src/core/hazard';
import type { BinarySummary } from '../server/src/core/report/model';
import type { ReproDisassembly, ReproRunEvent, ReproRunner, ReproVariant } from '../server/src/core/repro/types';
import type { TriageView } from '../server/src/core/triage/triage';
export type { AssemblyLine } from '../server/src/core/types';

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
  /** Code lenses on flagged functions and their `return` lines (editor section). */
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  goPath: '',
  buildFlags: [],
  goos: 'linux',
  scanDependencies: false,
  analyzeOnSave: true,
  analyzeOnOpen: true,
  severity: 'warning',
  codeLens: true,
};

/** vscode-go's section: read (never written) so Go is found where vscode-go finds it. */
export const VSCODE_GO_SECTION = 'go';

/** The parts of vscode-go's settings that choose and run `go`. */
export interface VscodeGoSettings {
  /** `go.goroot`: GOROOT/bin/go is used when preemptGuard.goPath is empty. */
  goroot?: string;
  /** `go.alternateTools.go`: a path or a name on PATH. */
  alternateGo?: string;
  /** `go.toolsEnvVars`: added to the environment of every `go` run (GOFLAGS, GOTOOLCHAIN, GOPROXY...). */
  toolsEnvVars: Record<string, string>;
}

/** Sent by the client at initialize (initializationOptions). */
export interface InitializationOptions {
  /**
   * VS Code Workspace Trust: only the boolean `true` is trust; any other value means untrusted
   * (the server builds and runs nothing). A client that omits it has no trust concept: trusted.
   */
  trusted: boolean;
}

// ---- Analysis state (server -> client) ----
export type AnalysisState = 'idle' | 'analysing' | 'affected' | 'clean' | 'failed' | 'untrusted';

export interface ModuleStatus {
  moduleRoot: string;
  state: AnalysisState;
  toolchain?: ToolchainInfo;
  findings: number;
  leafFindings: number;
  /** Return sites with a split epilogue: one diagnostic each (a return's SP and frame-pointer splits are one hazard). */
  hazards?: number;
  /** Human-readable note: why a build failed, toolchain mismatch, untrusted. */
  message?: string;
}

export interface StatusParams {
  modules: ModuleStatus[];
}
export const StatusNotification = new NotificationType<StatusParams>('preemptGuard/status');

/**
 * No usable `go` (not found, or it failed to run): the client shows one
 * notification with actions. Sent once per situation: again only when `key` changes.
 */
export interface GoProblemParams {
  /** What went wrong, one line. */
  message: string;
  /** Where it looked / what failed, for the log. */
  details?: string;
  /** Identifies the situation (same key = same problem: do not notify again). */
  key: string;
}
export const GoProblemNotification = new NotificationType<GoProblemParams>('preemptGuard/goProblem');

/** Set trust after start (the user trusted the workspace); anything but `trusted: true` revokes it. */
export interface TrustParams {
  trusted: boolean;
}
export const TrustNotification = new NotificationType<TrustParams>('preemptGuard/trust');

// ---- Requests (client -> server) ----
export interface ScanParams {
  /** Module root or file URI; all modules when absent. */ uri?: string;
}
export interface ScanResult {
  modules: ModuleStatus[];
}
export const ScanRequest = new RequestType<ScanParams, ScanResult, void>('preemptGuard/scan');

export interface FunctionSummary {
  symbol: string;
  file: string;
  declLine: number;
  findings: number;
}
export interface ListFunctionsParams {
  uri?: string;
}
export const ListFunctionsRequest = new RequestType<ListFunctionsParams, FunctionSummary[], void>('preemptGuard/listFunctions');

export interface AssemblyParams {
  symbol: string;
  /** A file of the module the function lives in. */ uri: string;
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

/** The server's command (workspace/executeCommand): applies the quick fix titled `title` offered at `line` of `uri`. */
export const APPLY_FIX_COMMAND = 'preemptGuard.applyFix';
export interface ApplyFixArgs {
  uri: string;
  /** 0-based line of the diagnostic the fix is bound to. */
  line: number;
  title: string;
}

// ---- Reproducer (client <-> server; the webview talks only to the client) ----
// The domain types live in the core; the wire adds the run id.
export type { ReproVariant, ReproRunner, ReproVerdict, ReproRunEvent, ReproDisassembly } from '../server/src/core/repro/types';

export interface ReproStartParams {
  variant: ReproVariant;
  goPath?: string;
  budgetSeconds: number;
  /** Fresh processes to try, one after another, each with the full budget (default 1). */
  attempts?: number;
  /** GODEBUG for the program: `asyncpreemptoff=1` is the mitigation lane (expected to survive). */
  godebug?: string;
}
export interface ReproStartResult {
  runId: string;
}
export const ReproStartRequest = new RequestType<ReproStartParams, ReproStartResult, void>('preemptGuard/repro/start');
export interface ReproStopParams {
  runId: string;
}
export const ReproStopRequest = new RequestType<ReproStopParams, void, void>('preemptGuard/repro/stop');

export type ReproEvent = ReproRunEvent & { runId: string };
export const ReproEventNotification = new NotificationType<ReproEvent>('preemptGuard/repro/event');

/** How this host runs the reproducer (native, qemu, or not at all and why). */
export interface ReproHostInfo {
  runner: ReproRunner | null;
  note: string;
  installHint?: string;
}
export const ReproHostRequest = new RequestType0<ReproHostInfo, void>('preemptGuard/repro/host');

/** Build a variant and return its disassembly without running it (shown before Start). */
export interface ReproDisassemblyParams {
  variant: ReproVariant;
  goPath?: string;
}
export const ReproDisassemblyRequest = new RequestType<ReproDisassemblyParams, ReproDisassembly, void>('preemptGuard/repro/disassembly');

export interface ToolchainChoice {
  label: string;
  path: string;
  version: string;
}
export const ListToolchainsRequest = new RequestType0<ToolchainChoice[], void>('preemptGuard/toolchains');

// ---- Webview <-> extension messages ----
/** The reproducer webview's lanes: the run, the GODEBUG=asyncpreemptoff=1 mitigation lane and the non-leaf control (side by side). */
export type ReproLane = 'main' | 'mitigated' | 'control';
export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'start'; variant: ReproVariant; goPath: string; budgetSeconds: number; sideBySide: boolean; attempts?: number }
  | { type: 'stop' }
  | { type: 'preview'; variant: ReproVariant; goPath: string; sideBySide: boolean };
export type ExtensionToWebview =
  | { type: 'toolchains'; choices: ToolchainChoice[]; runnerNote: string }
  /** `at`: when the extension received it (ms since epoch), so a restored view shows true elapsed times. */
  | { type: 'event'; lane: ReproLane; event: ReproEvent; at?: number }
  | { type: 'error'; message: string }
  /** Disassembly of a lane's variant before (or without) a run. */
  | { type: 'preview'; lane: ReproLane; disassembly: ReproDisassembly | null; message?: string; pending?: boolean }
  /** A run starts: clear these lanes. */
  | { type: 'reset'; lanes: ReproLane[]; variants: ReproVariant[] }
  | { type: 'running'; running: boolean };

// ---- Shipped binaries (binary-cli) ----
/**
 * Scan a built Go arm64 binary, a directory of them, an image archive (a path on the server's machine),
 * or an image source in the CLI's syntax (`oci:DIR`, `registry:HOST/REPO:TAG`, `docker://…`,
 * `oci-archive:FILE`, `docker-archive:FILE`).
 */
export interface ScanBinaryParams {
  path: string;
  all?: boolean;
}
/** One hazard of a scanned binary (core/hazard), with where it is on this machine and its message. */
export type ScanBinaryFinding = Hazard & {
  /** The same file on this machine when it maps into a workspace module; absent otherwise. */
  localFile?: string;
  /** The diagnostic's text (core/vocabulary wording). */
  message: string;
};
/** One binary read: the report model's summary fields the editor shows, its hazards and its errors. */
export type ScanBinaryEntry = Pick<BinarySummary, 'path' | 'goVersion' | 'functions' | 'image' | 'layer'> & {
  mainModule: string | null;
  findings: ScanBinaryFinding[];
  errors: string[];
};
export interface ScanBinaryResult {
  binaries: ScanBinaryEntry[];
  skipped: number;
  errors: string[];
  /** The whole result as readable text (the report's text format) for a report document. */
  report: string;
  /** Diagnostics of the hazards on workspace files, per file URI, with the file's `preemptGuard.severity`. */
  diagnostics: { uri: string; diagnostics: Diagnostic[] }[];
}
export const ScanBinaryRequest = new RequestType<ScanBinaryParams, ScanBinaryResult, void>('preemptGuard/scanBinary');
/** The image syntax of ScanBinaryParams.path, parsed as the server parses it (the client checks a reference as it is typed). */
export { parseImageSource } from '../server/src/core/binary/image/imageSource';
/** Control characters of scanned bytes (paths, names) made visible, as every human output shows them. */
export { escapeControl } from '../server/src/core/report/escape';
export const BINARY_REPORT_SCHEME = 'preempt-guard-binary-report';
export const BINARY_DIAGNOSTIC_SOURCE = 'preempt-guard (binary)';
// ---- Crash triage (client -> server; the webview talks only to the client) — branch triage-editor ----
export type { TriageView, TriageCrashView } from '../server/src/core/triage/triage';
export type { Frame } from '../server/src/core/crash/parser';

/**
 * What to check the crashes against: the binary that crashed (read only: never run),
 * its module (built with a listing build: trusted workspaces only, the module's
 * settings apply), or a saved `scan`/`scan-binary` JSON result (read only).
 */
export interface TriageTarget {
  kind: 'binary' | 'module' | 'scan';
  path: string;
}

/** A crash log to triage: its text, where it came from, and optionally what to check it against. */
export interface TriageParams {
  text: string;
  /** Names the input in the result (`clipboard`, a file path). */
  source?: string;
  target?: TriageTarget;
}
export const TriageRequest = new RequestType<TriageParams, TriageView, void>('preemptGuard/triage');

/** Messages of the triage webview. */
export type TriageWebviewToExtension =
  | { type: 'ready' }
  /** Open `file` (as the log or binary names it) at `line` in the workspace. */
  | { type: 'open'; file: string; line: number };
export interface TriagePanelState {
  result: TriageView;
  /** Where the log came from and what it was checked against, for the heading. */
  source: string;
  /** Files of the result that map to workspace files (those get links). */
  openable: string[];
}
export type TriageExtensionToWebview = { type: 'result'; state: TriagePanelState } | { type: 'error'; message: string };
