// Checks preempted PCs against a module's source: one listing build (the
// engine's analyzeModule, with the toolchain the service was built with) keeps
// the crashed functions' code, so an offset resolves to the split SP update's
// second half, its first half, or the instruction and line that are there.
import { analyzeModule } from '../listing/analyze';
import { assemblyLines } from '../listing/assembly';
import type { AssemblyLine } from '../types';
import { checkFromFindings, type PcChecker } from './check';
import { listingWindow } from './window';
import { moduleBuildFailed } from '../vocabulary/triageInputs';

export interface ModuleCheckerOptions {
  dir: string;
  go?: string;
  /** Why that `go` (the editor's toolchain choice), named in the result's toolchain. */
  goWhy?: string;
  /** The preempted functions the crashes name (their code is kept). */
  functions: Iterable<string>;
  goos?: 'linux' | 'darwin';
  /** Extra `go build` flags (the editor's preemptGuard.buildFlags). */
  buildFlags?: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Builds once; throws AnalysisError when the module cannot be built (the CLI prints it). */
export async function createModuleChecker(o: ModuleCheckerOptions): Promise<PcChecker> {
  const wanted = new Set(o.functions);
  const result = await analyzeModule({
    dir: o.dir,
    go: o.go,
    goWhy: o.goWhy,
    goos: o.goos,
    buildFlags: o.buildFlags,
    env: o.env,
    signal: o.signal,
    keepFunctions: true,
    keepAllFunctions: (s) => wanted.has(s),
  });
  const lines = new Map<string, { lines: AssemblyLine[]; file: string }>();
  for (const fn of result.functions) {
    if (wanted.has(fn.symbol)) lines.set(fn.symbol, { lines: await assemblyLines(fn), file: fn.file });
  }
  const buildErrors = result.errors
    .map((e) => e.message)
    .slice(0, 3)
    .join('; ');
  return {
    against: { kind: 'module', path: o.dir },
    rebuild: false,
    toolchain: result.toolchain.version,
    check: async (fn, offset) => {
      const got = lines.get(fn);
      if (!got && result.errors.length) return { kind: 'error', message: moduleBuildFailed(buildErrors) };
      return checkFromFindings(fn, offset, result.findings, got?.lines, got?.file);
    },
    window: async (fn, offset) => listingWindow(lines.get(fn)?.lines ?? [], offset),
  };
}
