// What every report format renders: the hazards of one run plus a description
// of where they came from — a listing scan (`scan`, `analyze-listing`: the
// toolchain that compiled, the module root) or a binary scan (`scan-binary`:
// the binaries read, how many files were skipped, the checkout the paths map
// to). The two engines' results are turned into this model here, once.
import type { BinaryReport, ContainerFormat } from '../binary/types';
import type { SourceModule } from '../binary/targets/sourcePaths';
import type { TargetScanResult } from '../binary/targets/scanTargets';
import { hazardFromBinaryFinding, hazardFromFinding, type Hazard } from '../hazard';
import type { BuildError, Finding, ToolchainInfo } from '../types';

/** A problem of the run: a build error (file and line when known), or a binary or path that could not be read. */
export interface ReportError {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The `# importpath` a build error was reported under. */
  packagePath?: string;
  /** The binary (or input path) the problem is about. */
  binary?: string;
}

/** One binary a binary scan read (its findings are the hazards whose `binary` is its path). */
export interface BinarySummary {
  path: string;
  format: ContainerFormat | null;
  goVersion: string | null;
  /** The main module (`mod` line) of its build info. */
  mainModule: { path: string; version: string } | null;
  /** The main package path (`path` line), when the build info has one. */
  mainPackage: string | null;
  /** `build` settings of its build info (GOOS, GOARCH, -trimpath, ...). */
  settings: Record<string, string>;
  /** Functions read from its pclntab (0: it could not be analysed). */
  functions: number;
  /** Found in an image: which one (reference, manifest digest, platform) and the layer its file came from. */
  image?: { ref: string; digest: string; platform: string };
  layer?: { index: number; digest: string; createdBy?: string };
}

export interface ListingSource {
  kind: 'listing';
  /** The toolchain that compiled (`scan`); null for a saved listing (`analyze-listing`). */
  toolchain: ToolchainInfo | null;
  /** Base of relative paths (the module root, or the working directory). */
  root: string;
  /** SARIF automationDetails category; default: the toolchain's GOOS-GOARCH, else `listing`. */
  category?: string;
}

export interface BinarySource {
  kind: 'binary';
  binaries: BinarySummary[];
  /** Files in directories and images that were not Go arm64 executables. */
  skipped: number;
  /** Base of relative paths (the working directory). */
  cwd: string;
  /** The module the user is in, when any: its -trimpath paths map to the checkout. */
  module?: SourceModule;
}

export type ReportSource = ListingSource | BinarySource;

export interface ScanReport {
  source: ReportSource;
  hazards: Hazard[];
  errors: ReportError[];
}

/** A listing scan's findings and build errors as a report. */
export function listingReport(findings: Finding[], errors: BuildError[], source: Omit<ListingSource, 'kind'>): ScanReport {
  const version = source.toolchain?.version ?? null;
  return {
    source: { kind: 'listing', ...source },
    hazards: findings.map((f) => hazardFromFinding(f, version)),
    errors: errors.map((e) => ({
      message: e.message,
      ...(e.file ? { file: e.file, line: e.line, column: e.column } : {}),
      ...(e.packagePath ? { packagePath: e.packagePath } : {}),
    })),
  };
}

function summary(b: BinaryReport): BinarySummary {
  const bi = b.buildInfo;
  return {
    path: b.path,
    format: b.format,
    goVersion: b.goVersion,
    mainModule: bi?.main ? { path: bi.main.path, version: bi.main.version } : null,
    mainPackage: bi?.path || null,
    settings: bi?.settings ?? {},
    functions: b.functions,
    ...(b.image ? { image: b.image } : {}),
    ...(b.layer ? { layer: b.layer } : {}),
  };
}

/** A binary scan's result as a report: every binary's findings as hazards, its errors naming it. */
export function binaryScanReport(r: TargetScanResult, ctx: { cwd: string; module?: SourceModule }): ScanReport {
  return {
    source: { kind: 'binary', binaries: r.binaries.map(summary), skipped: r.skipped, cwd: ctx.cwd, module: ctx.module },
    hazards: r.binaries.flatMap((b) => b.findings.map((f) => hazardFromBinaryFinding(f, b.path, b.goVersion))),
    errors: [
      ...r.errors.map((message) => ({ message })),
      ...r.binaries.flatMap((b) => b.errors.map((message) => ({ message, binary: b.path }))),
    ],
  };
}

/** The hazards that count (preemptible ones: `--all` adds pairs async preemption never stops in). */
export const countedHazards = (r: ScanReport): Hazard[] => r.hazards.filter((h) => h.preemptible);
