// SARIF 2.1.0 for code scanning, written to pass Microsoft's validator with
// GitHub's ingestion rules (`sarif-multitool validate --rule-kind "Gh;Sarif"`):
// rules with fullDescription and help (text + markdown) from core/vocabulary,
// partialFingerprints that survive edits above the finding (core/report/fingerprint.ts),
// versionControlProvenance when the scan ran in a git checkout (URIs then
// relative to its top directory), automationDetails, and the toolchain that
// compiled in invocations and the driver's properties. The rules, sentence
// and path helpers are shared with scan-binary's SARIF (binarySarif.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findingRemedy, findingTitle, findingWhy, ISSUE_URL, RULES, RULE_HELP } from '../core/vocabulary';
import { findingFingerprint } from '../core/report/fingerprint';
import { isAtOrBelow } from '../core/util/pathWithin';
import type { Finding } from '../core/types';
import type { Report } from './format';
import type { GitProvenance } from './gitProvenance';

export const TOOL_URI = 'https://github.com/golang/go/issues/73259';

/** A message ends with a period (SARIF2001). */
export function sentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Lines of each source file, read once; undefined when it is not readable here. */
export function sourceLines(): (file: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
}

/** Fingerprints per finding, made unique when two findings share one (a suffix counts repeats). */
export function fingerprints(findings: Finding[], lines: (file: string) => string[] | undefined): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = findingFingerprint(f, path.isAbsolute(f.file) ? lines(f.file) : undefined);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}:${n}`;
  });
}

export interface SarifOptions {
  toolVersion: string;
  /** versionControlProvenance; undefined outside a git checkout. */
  git?: GitProvenance;
  /** automationDetails.id category, e.g. `linux-arm64` (default: the toolchain's target). */
  category?: string;
}

/** The rules of both finding kinds, with fullDescription and help from explain.ts (GitHub's ingestion rules). */
export function sarifRules(): object[] {
  return (Object.keys(RULES) as Finding['kind'][]).map((k) => ({
    id: k,
    name: RULES[k].name,
    shortDescription: { text: sentence(RULES[k].short) },
    fullDescription: { text: sentence(RULE_HELP[k].full) },
    help: { text: RULE_HELP[k].text, markdown: RULE_HELP[k].markdown },
    helpUri: ISSUE_URL,
    defaultConfiguration: { level: RULES[k].level },
    properties: {
      tags: ['correctness', 'arm64', 'go'],
      precision: 'very-high',
      'problem.severity': RULES[k].level === 'warning' ? 'warning' : 'recommendation',
    },
  }));
}

/** The driver (tool) object: name, versions, the rules; `properties` as given. */
export function sarifDriver(toolVersion: string, properties: object): object {
  return {
    name: 'preempt-guard',
    fullName: 'Preempt Guard for Go (arm64)',
    version: toolVersion,
    semanticVersion: toolVersion,
    informationUri: TOOL_URI,
    rules: sarifRules(),
    properties,
  };
}

/** versionControlProvenance of a run, mapped to SRCROOT; nothing outside a git checkout. */
export function sarifProvenance(git: GitProvenance | undefined): object {
  return git
    ? {
        versionControlProvenance: [
          {
            repositoryUri: git.repositoryUri,
            revisionId: git.revisionId,
            ...(git.branch ? { branch: git.branch } : {}),
            mappedTo: { uriBaseId: 'SRCROOT' },
          },
        ],
      }
    : {};
}

export function formatSarif(r: Report, opts: SarifOptions): string {
  const kinds = Object.keys(RULES) as Finding['kind'][];
  const srcRoot = opts.git && isAtOrBelow(r.root, opts.git.root) ? opts.git.root : r.root;
  const lines = sourceLines();
  const prints = fingerprints(r.findings, lines);
  const toolchain = r.toolchain;
  const category = opts.category ?? (toolchain ? `${toolchain.goos}-${toolchain.goarch}` : 'listing');
  const toolchainProps = toolchain
    ? { toolchain: toolchain.version, goPath: toolchain.path, goWhy: toolchain.why, goos: toolchain.goos, goarch: toolchain.goarch }
    : {};
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: sarifDriver(opts.toolVersion, toolchainProps) },
        automationDetails: { id: `preempt-guard/${category}/` },
        ...sarifProvenance(opts.git),
        originalUriBaseIds: { SRCROOT: { uri: dirUri(srcRoot) } },
        invocations: [
          {
            executionSuccessful: r.errors.length === 0,
            toolExecutionNotifications: r.errors.map((e) => ({
              level: 'error',
              message: { text: sentence(e.message) },
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
            properties: toolchainProps,
          },
        ],
        results: r.findings.map((f, i) => ({
          ruleId: f.kind,
          ruleIndex: kinds.indexOf(f.kind),
          level: RULES[f.kind].level,
          message: { text: sentence(`${findingTitle(f)}. ${findingWhy(f)} ${findingRemedy(f, toolchain?.version)}`) },
          locations: [
            {
              physicalLocation: { artifactLocation: artifact(f.file, srcRoot), region: { startLine: f.line } },
              logicalLocations: [{ fullyQualifiedName: f.function, kind: 'function' }],
            },
          ],
          partialFingerprints: { 'preemptGuardReturnSite/v1': prints[i] },
          properties: {
            frameSize: f.frameSize,
            leaf: f.leaf,
            offset: f.offset,
            instructions: f.instructions,
            fixedByToolchain: f.fixedByToolchain,
          },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

export function dirUri(dir: string): string {
  const u = pathToFileURL(dir).toString();
  return u.endsWith('/') ? u : `${u}/`;
}

/** Relative to the source root when inside it; a file: URI otherwise; as given when already relative. */
export function artifact(file: string, srcRoot: string): { uri: string; uriBaseId?: string } {
  if (!path.isAbsolute(file)) return { uri: file.split(path.sep).join('/') };
  if (isAtOrBelow(file, srcRoot)) return { uri: path.relative(srcRoot, file).split(path.sep).join('/'), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(file).toString() };
}
