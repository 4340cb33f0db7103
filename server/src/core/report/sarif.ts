// SARIF 2.1.0 of every scan, written to pass Microsoft's validator with
// GitHub's ingestion rules (`sarif-multitool validate --rule-kind "Gh;Sarif"`):
// rules with help (sarifParts.ts), partialFingerprints that survive edits
// above the finding (fingerprint.ts), versionControlProvenance when the scan
// ran in a git checkout (URIs then relative to its top directory),
// automationDetails, and what compiled in invocations. A listing's hazards sit
// in their files; a binary's sit in source files only when they map into the
// checkout (report/locate.ts): others keep their logical location (the
// function) with file and line as properties, since a location outside the
// repository is one GitHub cannot show and the validator (SARIF2007) refuses.
// Non-preemptible pairs (`--all`) are notes.
import path from 'node:path';
import { hazardMessage, hex, inlinedFromLine, RULES } from '../vocabulary';
import { isAtOrBelow } from '../util/pathWithin';
import type { Hazard } from '../hazard';
import { sourceLines, uniqueFingerprints } from './fingerprint';
import type { GitProvenance } from './gitProvenance';
import { localFile } from './locate';
import type { ReportSource, ScanReport } from './model';
import { artifact, dirUri, RULE_KINDS, sarifDriver, sarifProvenance, sentence } from './sarifParts';

export interface SarifOptions {
  toolVersion: string;
  /** versionControlProvenance; undefined outside a git checkout. */
  git?: GitProvenance;
}

/** The directory SARIF paths are relative to: the git checkout when the scan's base is in it, else the base. */
function sourceRoot(source: ReportSource, git: GitProvenance | undefined): string {
  const base = source.kind === 'listing' ? source.root : (source.module?.root ?? source.cwd);
  return git && isAtOrBelow(base, git.root) ? git.root : base;
}

function location(h: Pick<Hazard, 'function' | 'file' | 'line'>, source: ReportSource, srcRoot: string): object {
  const logicalLocations = [{ fullyQualifiedName: h.function, kind: 'function' }];
  const local = localFile(h, source);
  const physical = source.kind === 'listing' ? h.file : local && isAtOrBelow(local, srcRoot) ? local : undefined;
  if (!physical) return { logicalLocations };
  return {
    physicalLocation: { artifactLocation: artifact(physical, srcRoot), region: { startLine: Math.max(1, h.line) } },
    logicalLocations,
  };
}

function properties(h: Hazard): object {
  const common = {
    frameSize: h.frameSize,
    leaf: h.leaf,
    offsets: h.offsets,
    instructions: h.instructions,
    fixedByToolchain: h.fixedByToolchain,
    remedy: h.remedy,
  };
  if (h.binary === null) return common;
  return {
    binary: h.binary,
    goVersion: h.toolchain,
    module: h.module,
    sourceFile: h.file,
    sourceLine: h.line,
    preemptible: h.preemptible,
    ...(h.address === null ? {} : { address: hex(h.address) }),
    ...common,
  };
}

/** automationDetails id, invocation and driver properties of the run. */
function runFacts(r: ScanReport): { category: string; props: object; invocation: object } {
  const s = r.source;
  if (s.kind === 'listing') {
    const t = s.toolchain;
    const props = t ? { toolchain: t.version, goPath: t.path, goWhy: t.why, goos: t.goos, goarch: t.goarch } : {};
    return { category: s.category ?? (t ? `${t.goos}-${t.goarch}` : 'listing'), props, invocation: props };
  }
  const toolchains = [...new Set(s.binaries.map((b) => b.goVersion).filter((v): v is string => !!v))];
  return {
    category: 'binary',
    props: { toolchains },
    invocation: {
      toolchains,
      binaries: s.binaries.map((b) => ({ path: b.path, goVersion: b.goVersion, format: b.format })),
      skipped: s.skipped,
    },
  };
}

export function formatSarif(r: ScanReport, opts: SarifOptions): string {
  const srcRoot = sourceRoot(r.source, opts.git);
  const prints = uniqueFingerprints(r.hazards, (h) => localFile(h, r.source), sourceLines());
  const facts = runFacts(r);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: sarifDriver(opts.toolVersion, facts.props) },
        automationDetails: { id: `preempt-guard/${facts.category}/` },
        ...sarifProvenance(opts.git),
        originalUriBaseIds: { SRCROOT: { uri: dirUri(srcRoot) } },
        invocations: [
          {
            executionSuccessful: r.errors.length === 0,
            toolExecutionNotifications: r.errors.map((e) => ({
              level: 'error',
              message: { text: sentence(e.binary && r.source.kind === 'binary' ? `${e.binary}: ${e.message}` : e.message) },
              ...(e.file && path.isAbsolute(e.file)
                ? {
                    locations: [
                      {
                        physicalLocation: { artifactLocation: artifact(e.file, srcRoot), region: { startLine: Math.max(1, e.line ?? 1) } },
                      },
                    ],
                  }
                : {}),
            })),
            properties: facts.invocation,
          },
        ],
        results: r.hazards.map((h, i) => ({
          ruleId: h.kind,
          ruleIndex: RULE_KINDS.indexOf(h.kind),
          level: h.preemptible ? RULES[h.kind].level : 'note',
          message: { text: sentence(hazardMessage(h)) },
          locations: [location(h, r.source, srcRoot)],
          // The inlined calls the epilogue belongs to, innermost first.
          ...(h.inlinedFrom?.length
            ? {
                relatedLocations: h.inlinedFrom.map((f, id) => ({
                  id,
                  message: { text: inlinedFromLine([f], (file, line) => `${file}:${line}`) },
                  ...location(f, r.source, srcRoot),
                })),
              }
            : {}),
          partialFingerprints: { 'preemptGuardReturnSite/v1': prints[i] },
          properties: properties(h),
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
