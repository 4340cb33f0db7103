// Puts the listing engine's findings on the user's own line. `-S` gives an
// epilogue the innermost position, the inlined callee's line when the
// function returns through an inlined call. Only when there are findings,
// the packages holding them are compiled once more with
// `-d=pctab=pctoinline` (inlineTrace.ts): same flags otherwise, so the same
// code; the trace's function size is checked against the listing's before it
// is trusted. Each finding then moves to the physical function's `return`
// with the chain in `inlinedFrom` (innermost first), as the binary engine
// reports it. The extra compile costs nothing when nothing is found.
import { AnalysisError } from '../util/errors';
import { runTool } from '../util/process';
import { functionKey, InlineTraceReader, outermostPosition, type InlineTable } from './inlineTrace';
import { MAX_LINE_BYTES } from './listingParser';
import type { BuildSpec } from './buildRunner';
import { withoutOutputFlag } from './buildRunner';
import type { Finding } from '../types';

/** The `go list -export` command that compiles the packages again, printing their inline tables. */
export function inlineTraceArgs(spec: Pick<BuildSpec, 'buildFlags' | 'overlay'>, packages: string[]): string[] {
  return [
    'list',
    '-export',
    ...withoutOutputFlag(spec.buildFlags),
    ...(spec.overlay ? [`-overlay=${spec.overlay}`] : []),
    // One pattern per package: these packages only, with the flags the listing build gave them (-S aside).
    ...packages.map((p) => `-gcflags=${p}=-d=pctab=pctoinline`),
    ...packages,
  ];
}

/** Splits a byte stream into lines for the reader; an overlong line is dropped, never gathered whole. */
function lineFeeder(reader: InlineTraceReader): (chunk: Buffer) => void {
  let carry = '';
  let skipping = false;
  return (chunk) => {
    const parts = chunk.toString('utf8').split('\n');
    for (let i = 0; i < parts.length - 1; i++) {
      const text = carry + parts[i];
      carry = '';
      if (skipping) skipping = false;
      else reader.line(text.endsWith('\r') ? text.slice(0, -1) : text);
    }
    carry += parts[parts.length - 1];
    if (carry.length > MAX_LINE_BYTES) {
      carry = '';
      skipping = true;
    }
  };
}

/** The inline tables of the functions with findings, from a second compile of their packages. */
export async function traceInlining(spec: BuildSpec, findings: Finding[]): Promise<Map<string, InlineTable>> {
  const packages = [...new Set(findings.map((f) => f.packagePath).filter((p) => p !== ''))].sort();
  if (packages.length === 0) return new Map();
  const keys = new Set(findings.map((f) => functionKey(f.packagePath, f.function)));
  const reader = new InlineTraceReader((k) => keys.has(k));
  const r = await runTool(spec.go, inlineTraceArgs(spec, packages), {
    cwd: spec.dir,
    env: spec.env,
    signal: spec.signal,
    onStderr: lineFeeder(reader),
  });
  if (r.end === 'aborted' || spec.signal?.aborted) throw new AnalysisError('cancelled', 'analysis cancelled');
  return r.exitCode === 0 ? reader.tables : new Map();
}

/**
 * Each finding at its physical function's line, the inline chain beside it.
 * `sizes` gives each function's size in the listing (by functionKey): a
 * table whose function has another size traced different code and is not used.
 */
export function placeFindings(findings: Finding[], tables: Map<string, InlineTable>, sizes: Map<string, number>): Finding[] {
  return findings.map((f) => {
    const key = functionKey(f.packagePath, f.function);
    const table = tables.get(key);
    if (!table || table.size !== sizes.get(key)) return f;
    const pos = outermostPosition(table, f.offsets[1], { file: f.file, line: f.line });
    if (pos.inlinedFrom.length === 0) return f;
    return { ...f, file: pos.file, line: pos.line, inlinedFrom: pos.inlinedFrom };
  });
}
