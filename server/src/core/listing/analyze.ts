// Analyses one Go module: builds it for arm64 with -S, streams the listing
// through the analyzer, names the toolchain that actually compiled.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runListingBuild, type BuildSpec } from './buildRunner';
import { placeFindings, traceInlining } from './inlinePlacement';
import { AnalysisError } from '../util/errors';
import { compareGoVersions, nonLeafFixed, parseGoVersion } from '../toolchain/goVersion';
import { ListingAnalyzer, type ListingAnalysisOptions } from './listingAnalysis';
import { goWorkUses, requestedToolchain } from '../toolchain/modules';
import { resolveListingPaths } from './pathMap';
import { goVersionIn, resolveGo } from '../toolchain/toolchain';
import type { AnalysisResult, ToolchainInfo } from '../types';
import { moduleWords } from '../vocabulary/toolchain';

export { analyzeListing } from './listingAnalysis';

export interface AnalyzeOptions extends ListingAnalysisOptions {
  dir: string;
  go?: string;
  goWhy?: string;
  deps?: boolean;
  goos?: 'linux' | 'darwin';
  /** Build with cgo (CGO_ENABLED=1); off by default: cross-compiling needs no C toolchain then. */
  cgo?: boolean;
  buildFlags?: string[];
  env?: NodeJS.ProcessEnv;
  overlay?: string;
  packages?: string[];
  signal?: AbortSignal;
  /** Also link the (single main) package into this binary: `go build -o output` instead of `go list -export`. */
  output?: string;
  /** Names the toolchain that compiles (default goVersionIn: `go env GOVERSION`); the server caches it. */
  goVersion?: typeof goVersionIn;
}

/** The build's environment: the user's, with the target forced to arm64. */
export function buildEnv(opts: Pick<AnalyzeOptions, 'env' | 'goos' | 'cgo'>): NodeJS.ProcessEnv {
  return { ...(opts.env ?? process.env), GOOS: opts.goos ?? 'linux', GOARCH: 'arm64', CGO_ENABLED: opts.cgo ? '1' : '0' };
}

export async function analyzeModule(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const dir = path.resolve(opts.dir);
  if (!existsSync(dir)) throw new AnalysisError('not-module', moduleWords.missingDir(dir));
  if (!existsSync(path.join(dir, 'go.mod')) && !existsSync(path.join(dir, 'go.work'))) {
    throw new AnalysisError('not-module', moduleWords.notModule(dir), moduleWords.notModuleHint);
  }
  const env = buildEnv(opts);
  const resolved = await resolveGo({ configured: opts.go, env });
  const go = opts.go && opts.goWhy ? { path: resolved.path, why: opts.goWhy } : resolved;
  const version = (opts.goVersion ?? goVersionIn)(go.path, dir, env, opts.signal);
  version.catch(() => undefined); // awaited below; don't let an early rejection go unhandled
  const analyzer = await ListingAnalyzer.create(opts);
  const spec: BuildSpec = {
    go: go.path,
    dir,
    env,
    deps: opts.deps ?? false,
    packages: opts.packages ?? defaultPackages(dir),
    buildFlags: opts.buildFlags ?? [],
    overlay: opts.overlay,
    output: opts.output,
    signal: opts.signal,
  };
  const outcome = await runListingBuild(spec, (chunk) => analyzer.push(chunk));
  const listing = analyzer.end();
  // Epilogues inside inlined calls go to the user's own `return` (a second compile, only when something was found).
  if (outcome.exitCode === 0 && listing.findings.length > 0) {
    listing.findings = placeFindings(listing.findings, await traceInlining(spec, listing.findings), listing.sizes);
  }
  const toolchain = toolchainInfo(go, await version, env, dir);
  // A successful build prints notes ("go: downloading ...") that are not errors.
  // Go names files relative to the directory it ran in.
  const errors = outcome.exitCode === 0 ? [] : listing.errors.map((e) => (e.file ? { ...e, file: path.resolve(dir, e.file) } : e));
  if (outcome.exitCode !== 0 && errors.length === 0) {
    errors.push({
      packagePath: '',
      message: moduleWords.buildFailed(outcome.exitCode, outcome.tail.trim().split('\n').slice(-5).join('\n')),
    });
  }
  if (listing.truncated) errors.push({ packagePath: '', message: listing.truncated });
  const { findings, functions } = await resolveListingPaths(dir, go.path, env, listing.findings, listing.functions);
  // Packages compile in parallel: order the report by place, not by arrival.
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.offset - b.offset);
  return { toolchain, moduleRoot: dir, findings, errors, functions, listingBytes: listing.listingBytes, cancelled: false };
}

/** `./...` of the module; at a go.work root (no go.mod) `./...` matches nothing: name each used module. */
export function defaultPackages(dir: string): string[] {
  if (existsSync(path.join(dir, 'go.mod')) || !existsSync(path.join(dir, 'go.work'))) return ['./...'];
  return goWorkUses(path.join(dir, 'go.work')).map((d) => {
    const rel = path.relative(dir, d);
    return rel === '' ? './...' : `./${rel.split(path.sep).join('/')}/...`;
  });
}

function toolchainInfo(go: { path: string; why: string }, version: string, env: NodeJS.ProcessEnv, dir: string): ToolchainInfo {
  const parsed = parseGoVersion(version);
  const requested = requestedToolchain(dir);
  const req = requested ? parseGoVersion(requested) : undefined;
  return {
    path: go.path,
    why: go.why,
    version,
    goos: env.GOOS ?? 'linux',
    goarch: 'arm64',
    nonLeafFixed: parsed ? nonLeafFixed(parsed) : false,
    requested: req && parsed && compareGoVersions(req, parsed) > 0 ? requested : undefined,
  };
}
