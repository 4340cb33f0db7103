// The language server's own words: the untrusted workspace's status, the lines
// of the server's log (each analysis, quick fix, heap fix, setting, trust and
// configuration change) and the errors its requests answer with (bad
// parameters, an untrusted workspace, a crash log too large, a job worker
// gone). Diagnostics and hovers are worded in findings.ts and editor.ts; the
// problems of the LSP input stream in lspWire.ts.

/** A module's status while the workspace is not trusted. */
export const UNTRUSTED_MESSAGE =
  'Workspace not trusted: Preempt Guard builds and runs nothing here, because `go build` can run code the workspace ' +
  'controls (a toolchain download named in go.mod, cgo, -toolexec in GOFLAGS). Trust the workspace to analyse it.';

// ---- One analysis ----

export const ANALYSIS_CANCELLED = 'analysis cancelled';
export const ANALYSIS_CANCELLED_QUEUED = 'analysis cancelled while queued';

/** The progress notification's message while a module builds. */
export function buildProgressMessage(root: string): string {
  return `go build -gcflags=-S in ${root}`;
}

/** Log: an analysis starts, with the `go` that runs and why it is that one. */
export function analysisStartedLine(id: number, root: string, go: { path: string; why: string }, dependencies: boolean): string {
  return `analysis #${id} of ${root} started: ${go.path} (${go.why})${dependencies ? ', dependencies included' : ''}`;
}

/** Log: an analysis finished. */
export function analysisFinishedLine(id: number, root: string, secs: string, toolchain: string, findings: number, state: string): string {
  return `analysis #${id} of ${root} finished in ${secs} s: ${toolchain}, ${findings} finding(s), state ${state}`;
}

/** Log: an analysis was cancelled. */
export function analysisCancelledLine(id: number, root: string): string {
  return `analysis #${id} of ${root} cancelled`;
}

/** Log: an analysis failed, with the build's details on the following lines. */
export function analysisFailedLine(id: number, root: string, message: string, details: string | undefined): string {
  return `analysis #${id} of ${root} failed: ${message}${details ? `\n${details}` : ''}`;
}

/** The module's status note when the build failed for some packages. */
export function buildFailedNote(firstError: string, more: number): string {
  return `go build failed: ${firstError}${more > 0 ? ` (+${more} more)` : ''}; findings of the packages that compiled are shown`;
}

/** Log: the head of the build errors of a module. */
export function buildFailedLogHead(root: string, toolchain: string): string {
  return `go build failed in ${root} (${toolchain}):`;
}

/** The module's status note about split epilogues in dependencies. */
export function dependenciesNote(summary: string): string {
  return `dependencies: ${summary}`;
}

/** Log: split epilogues in dependencies. */
export function dependenciesLogLine(root: string, summary: string): string {
  return `split epilogues in dependencies of ${root}: ${summary}`;
}

/** The module's status note about split epilogues in the standard library. */
export function stdlibStatusNote(toolchain: string, count: number): string {
  return `standard library of ${toolchain}: ${count} split epilogue${count === 1 ? '' : 's'}`;
}

/** Log: split epilogues in the standard library. */
export function stdlibLogLine(toolchain: string, summary: string): string {
  return `split epilogues in the standard library of ${toolchain}: ${summary}`;
}

/** Log: background work (heap fix verification) of a module failed. */
export function backgroundWorkFailed(root: string, message: string): string {
  return `background work for ${root}: ${message}`;
}

/** Log: the assembly view's analysis of a function failed. */
export function assemblyFailedLine(symbol: string, root: string, message: string): string {
  return `assembly of ${symbol} in ${root}: ${message}`;
}

// ---- Quick fixes ----

/** Log: go.mod cannot take the toolchain quick fix. */
export function noToolchainFixLine(goModUri: string, reason: string): string {
  return `no toolchain quick fix for ${goModUri}: ${reason}`;
}

/** Log: a hover or lens link names a quick fix that is gone. */
export function quickFixGoneLine(command: string, title: string, uri: string, line: number): string {
  return `${command}: no quick fix "${title}" at ${uri}:${line} any more`;
}

/** Log: no heap fix for a leaf function. */
export function noHeapFixLine(symbol: string, reason: string, cached: boolean): string {
  return `no heap fix for ${symbol}: ${reason}${cached ? ' (cached)' : ''}`;
}

/** Log: a verified heap fix is dropped because its file changed meanwhile. */
export function heapFixDroppedLine(symbol: string, file: string): string {
  return `heap fix for ${symbol} dropped: ${file} changed while it was verified`;
}

/** Log: a heap fix was verified. */
export function heapFixVerifiedLine(symbol: string, title: string, strategy: string, verifiedWith: string, cached: boolean): string {
  return `heap fix for ${symbol}: "${title}" (${strategy}) verified with ${verifiedWith}${cached ? ' (cached)' : ''}`;
}

/** Log: the heap fixes of a module, counted. */
export function heapFixesLine(root: string, verified: number, leafFunctions: number): string {
  return `heap fixes for ${root}: ${verified} of ${leafFunctions} leaf function(s) have a verified fix`;
}

// ---- Lifecycle and settings ----

/** Log: the server is initialised. */
export function serverStartedLine(s: { client: string; trusted: boolean; folders: string[]; pullsConfiguration: boolean }): string {
  return (
    `preempt-guard language server (client ${s.client}): workspace ${s.trusted ? 'trusted' : 'NOT trusted (nothing is built)'}; ` +
    `folders: ${s.folders.join(', ') || '(none)'}; settings ${s.pullsConfiguration ? 'pulled per module' : 'pushed by the client (didChangeConfiguration) or defaults'}`
  );
}

/** Log: the settings changed. */
export function settingsChangedLine(pullsConfiguration: boolean): string {
  return `settings changed (didChangeConfiguration): ${pullsConfiguration ? 'pulling them again' : 'taking the pushed ones'}`;
}

/** Log: the workspace's trust changed. */
export function trustChangedLine(trusted: boolean): string {
  return `workspace ${trusted ? 'trusted: analysing' : 'no longer trusted: builds stopped'}`;
}

/** Log: the client failed workspace/configuration for vscode-go's section. */
export function goConfigurationFailedLine(scopeUri: string, message: string): string {
  return `workspace/configuration (go) failed for ${scopeUri}: ${message}; ignoring vscode-go settings`;
}

/** Log: the client failed workspace/configuration for ours. */
export function configurationFailedLine(scopeUri: string, message: string): string {
  return `workspace/configuration failed for ${scopeUri}: ${message}; using defaults`;
}

/** Log: a setting of ours is ignored. */
export function ignoredSettingLine(section: string, key: string, value: string): string {
  return `ignoring setting ${section}.${key}=${value}: wrong type or value`;
}

/** Log: vscode-go's go.goroot is ignored. */
export function ignoredGorootLine(value: string): string {
  return `ignoring setting go.goroot=${value}: not a string`;
}

/** Log: one of vscode-go's go.toolsEnvVars is ignored. */
export function ignoredToolsEnvVarLine(name: string): string {
  return `ignoring go.toolsEnvVars.${name}: not a string`;
}

// ---- Request errors ----

/** The request parameters, checked field by field (`field` is the parameter's name). */
export const PARAM_ERRORS = {
  notString: (field: string) => `\`${field}\` must be a string`,
  empty: (field: string) => `\`${field}\` must not be empty`,
  notBoolean: (field: string) => `\`${field}\` must be true or false`,
  notNumber: (field: string) => `\`${field}\` must be a number`,
  notOneOf: (field: string, values: readonly string[]) => `\`${field}\` must be one of ${values.map((x) => `"${x}"`).join(', ')}`,
  notObject: 'the parameters must be an object',
  notOneObject: (method: string) => `${method}: give the parameters as one object`,
} as const;

/** A request that failed for a reason of ours: the log has the stack. */
export function requestFailedUnexpectedly(method: string): string {
  return `${method} failed unexpectedly (the server's log has the details)`;
}

/** The reproducer's requests in an untrusted workspace. */
export const REPRO_UNTRUSTED = 'The workspace is not trusted: Preempt Guard builds and runs nothing until you trust it.';

/** The reproducer's budget out of range. */
export function reproBudgetRange(maxSeconds: number): string {
  return `budget must be between 1 and ${maxSeconds} seconds`;
}

/** The reproducer's GODEBUG not in its form. */
export const REPRO_GODEBUG_FORM = 'godebug must be NAME=VALUE[,NAME=VALUE] (e.g. asyncpreemptoff=1)';

/** Triage without a crash log. */
export const TRIAGE_NEEDS_TEXT = 'triage needs the crash log text';

/** A crash log over the request's limit. */
export function triageTextTooLong(chars: number, max: number): string {
  return `the crash log is ${chars} characters; give at most ${max} (use the CLI, \`preempt-guard triage\`, for bigger logs)`;
}

/** Triage against a module in an untrusted workspace. */
export const TRIAGE_MODULE_UNTRUSTED =
  'The workspace is not trusted: checking against a module builds it. Trust the workspace, or give the binary that crashed instead.';

/** Triage against a folder that is not a module. */
export function triageNotAModule(root: string): string {
  return `${root} is not a Go module (no go.mod): give the module the binary was built from`;
}

/** A job (binary scan, triage) whose worker script is missing from the install. */
export function workerMissing(dir: string, job: string): string {
  return `no lsp-worker.js beside the language server (${dir}): the ${job} request cannot run`;
}

/** A job's worker thread exited before answering. */
export function workerStopped(job: string, code: number): string {
  return `the ${job} worker stopped (exit code ${code})`;
}

/** The worker script started on its own. */
export const WORKER_ONLY_AS_THREAD = 'lsp-worker runs only as a worker thread of the language server';
