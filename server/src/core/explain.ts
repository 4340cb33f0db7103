// The one vocabulary: every sentence a person reads about a finding — what it
// is, why it crashes, what to do, how to stop it until then — for the CLI
// (text, SARIF, CI formats), the language server (diagnostics, hover), the
// reproducer, the binary scanner, crash triage and the webviews. Nothing else in
// the codebase words these. The words live in vocabulary/, one file per audience.
export * from './vocabulary/findings';
export * from './vocabulary/triage';
export * from './vocabulary/ci';
export * from './vocabulary/binary';
export * from './vocabulary/repro';
