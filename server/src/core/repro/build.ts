// Writes one reproducer program into a fresh temp module, builds it for
// arm64 and asks the analysis core for the disassembly of its hazard function.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisResult, AssemblyLine, Finding, FunctionListing } from '../types';
import type { ReproVariant } from './types';
import { analyzeModule } from '../listing/analyze';
import { assemblyLines } from '../listing/assembly';
import { AnalysisError } from '../util/errors';
import { makeTempDir } from '../util/tempDir';
import { GO_MOD, PROGRAMS } from './programs';
import { REPRO_DISASSEMBLY_STOPPED, reproBuildFailed, reproListingLacks } from '../vocabulary';

export interface ReproModule {
  dir: string;
  binary: string;
  variant: ReproVariant;
  symbol: string;
  /** Removes the temp directory; safe to call twice. */
  cleanup(): Promise<void>;
}

export interface Disassembly {
  symbol: string;
  frameSize: number;
  leaf: boolean;
  findings: Finding[];
  lines: AssemblyLine[];
}

/**
 * The build environment: the user's env, but nothing that could change what we
 * build or fetch: GOTOOLCHAIN=local, no GOFLAGS (GOENV=off also drops flags set
 * with `go env -w`, which an empty variable would not), no go.work, no cgo.
 */
export function buildEnv(base: NodeJS.ProcessEnv, goos: 'linux' | 'darwin'): NodeJS.ProcessEnv {
  return { ...base, GOTOOLCHAIN: 'local', GOENV: 'off', GOFLAGS: '', GOWORK: 'off', CGO_ENABLED: '0', GOOS: goos, GOARCH: 'arm64' };
}

export async function writeReproModule(variant: ReproVariant): Promise<ReproModule> {
  // Named after this process: a server killed mid-run leaves it behind, the next run sweeps it.
  const dir = await makeTempDir('repro');
  const program = PROGRAMS[variant];
  await writeFile(path.join(dir, 'go.mod'), GO_MOD);
  await writeFile(path.join(dir, 'main.go'), program.source);
  let removed = false;
  return {
    dir,
    binary: path.join(dir, 'repro'),
    variant,
    symbol: program.symbol,
    cleanup: async () => {
      if (removed) return;
      removed = true;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One `go build -gcflags=-S -o repro .` in the temp module: the binary to run
 * and, from the same compile, the decoded epilogue of the hazard function.
 * Throws AnalysisError('build-failed') with go's errors; a listing without the
 * function comes back as `disassemblyError` (the program still runs).
 */
export async function buildReproModule(
  mod: ReproModule,
  go: string,
  env: NodeJS.ProcessEnv,
  goos: 'linux' | 'darwin',
  signal?: AbortSignal,
): Promise<{ disassembly?: Disassembly; disassemblyError?: string }> {
  const result = await analyzeListingOf(mod, go, env, goos, signal, mod.binary);
  if (result.errors.length) {
    throw new AnalysisError(
      'build-failed',
      reproBuildFailed(go, mod.binary, mod.dir),
      result.errors
        .slice(0, 20)
        .map((e) => (e.file ? `${e.file}:${e.line ?? 0}: ${e.message}` : e.message))
        .join('\n'),
    );
  }
  try {
    return { disassembly: await disassemblyOf(mod, result) };
  } catch (err) {
    return {
      disassemblyError:
        err instanceof AnalysisError && err.details ? `${err.message}\n${err.details}` : String((err as Error).message ?? err),
    };
  }
}

/** The decoded epilogue of the reproducer's function without linking a binary (shown before a run). */
export async function disassembleReproModule(
  mod: ReproModule,
  go: string,
  env: NodeJS.ProcessEnv,
  goos: 'linux' | 'darwin',
  signal?: AbortSignal,
): Promise<Disassembly> {
  return disassemblyOf(mod, await analyzeListingOf(mod, go, env, goos, signal));
}

function analyzeListingOf(
  mod: ReproModule,
  go: string,
  env: NodeJS.ProcessEnv,
  goos: 'linux' | 'darwin',
  signal: AbortSignal | undefined,
  output?: string,
): Promise<AnalysisResult> {
  return analyzeModule({
    dir: mod.dir,
    packages: ['.'],
    go,
    goos,
    env,
    output,
    signal,
    keepFunctions: true,
    keepAllFunctions: (s) => s === mod.symbol,
  });
}

async function disassemblyOf(mod: ReproModule, result: AnalysisResult): Promise<Disassembly> {
  if (result.cancelled) throw new AnalysisError('cancelled', REPRO_DISASSEMBLY_STOPPED);
  const fn: FunctionListing | undefined = result.functions.find((f) => f.symbol === mod.symbol);
  if (!fn) {
    const why = result.errors
      .map((e) => e.message)
      .slice(0, 5)
      .join('\n');
    throw new AnalysisError('build-failed', reproListingLacks(mod.symbol), why);
  }
  return {
    symbol: fn.symbol,
    frameSize: fn.frameSize,
    leaf: fn.leaf,
    findings: result.findings.filter((f) => f.function === mod.symbol),
    lines: await assemblyLines(withoutPadding(fn)),
  };
}

/**
 * Drops the zero words after the last instruction (alignment padding up to
 * `size`): they belong to no Prog and would show as `.word`/`udf` rows under
 * the function's last instruction.
 */
function withoutPadding(fn: FunctionListing): FunctionListing {
  let end = fn.code.length - (fn.code.length % 4);
  const lastProg = fn.progs.reduce((m, p) => Math.max(m, p.offset), 0);
  while (end - 4 > lastProg && fn.code[end - 1] === 0 && fn.code[end - 2] === 0 && fn.code[end - 3] === 0 && fn.code[end - 4] === 0)
    end -= 4;
  return end === fn.code.length ? fn : { ...fn, code: fn.code.subarray(0, end) };
}
