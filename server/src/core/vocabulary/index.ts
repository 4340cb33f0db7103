// The one vocabulary: every sentence a person reads about a finding — what it
// is, why it crashes, what to do, how to stop it until then — for the CLI
// (text, SARIF, CI formats), the language server (diagnostics, hover), the
// reproducer, the binary scanner, crash triage and the webviews. Nothing else in
// the codebase words these. The words live in vocabulary/, one file per audience.
export * from './findings';
export * from './triage';
export * from './ci';
export * from './binary';
export * from './repro';
export * from './reproRun';
export * from './editor';
export * from './report';
export * from './cli';
export * from './readers';
export * from './lsp';
export * from './lspWire';
export * from './triagePanel';
export * from './reproPanel';
export * from './editorClient';
export * from './binaryFile';
export * from './scanInputs';
export * from './toolchain';
export * from './heapfix';
export * from './triageInputs';
export * from './reproText';
export * from './editorScan';
