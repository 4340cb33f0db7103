// SARIF 2.1.0 of `scan-binary`, held to the same bar as `scan`'s (passes
// `sarif-multitool validate --rule-kind "Gh;Sarif"`): the rules with their
// help, driver, provenance and path helpers come from sarif.ts; results sit in
// source files the way every scan-binary format locates them (binaryFormat.ts
// localFile: the checkout's file for -trimpath paths of the module being
// checked), relative to the git checkout when the scan runs in one.
// Findings in files outside it (the standard library, dependency modules, a
// build made elsewhere) keep only their logical location (the function), with
// the file and line as properties: a location outside the repository is one
// GitHub cannot show, and the validator (SARIF2007) rightly refuses it.
// Non-preemptible pairs (--all) are notes.
import type { TargetScanResult } from '../core/binary/targets/scanTargets';
import { binaryFindingMessage, hex, RULES } from '../core/vocabulary';
import { findingFingerprint } from '../core/report/fingerprint';
import { isAtOrBelow } from '../core/util/pathWithin';
import { localFile, type BinaryScanContext } from './binaryFormat';
import type { GitProvenance } from './gitProvenance';
import { artifact, dirUri, sarifDriver, sarifProvenance, sentence, sourceLines } from './sarif';

export interface BinarySarifOptions {
  toolVersion: string;
  /** The checkout the scan ran in (versionControlProvenance; URIs relative to its top). */
  git?: GitProvenance;
}

export function formatBinarySarif(r: TargetScanResult, ctx: BinaryScanContext, opts: BinarySarifOptions): string {
  const kinds = Object.keys(RULES) as (keyof typeof RULES)[];
  const base = ctx.module?.root ?? ctx.cwd;
  const srcRoot = opts.git && isAtOrBelow(base, opts.git.root) ? opts.git.root : base;
  const lines = sourceLines();
  const seen = new Map<string, number>();
  const results = r.binaries.flatMap((b) =>
    b.findings.map((f) => {
      const local = localFile(f.file, ctx);
      const inCheckout = local !== undefined && isAtOrBelow(local, srcRoot);
      const logical = [{ fullyQualifiedName: f.function, kind: 'function' }];
      const print = findingFingerprint(f, local ? lines(local) : undefined);
      const n = seen.get(print) ?? 0;
      seen.set(print, n + 1);
      return {
        ruleId: f.kind,
        ruleIndex: kinds.indexOf(f.kind),
        level: f.preemptible ? RULES[f.kind].level : 'note',
        message: { text: sentence(binaryFindingMessage(f, b.path, b.goVersion)) },
        locations: [
          inCheckout
            ? {
                physicalLocation: { artifactLocation: artifact(local, srcRoot), region: { startLine: Math.max(1, f.line) } },
                logicalLocations: logical,
              }
            : { logicalLocations: logical },
        ],
        partialFingerprints: { 'preemptGuardReturnSite/v1': n === 0 ? print : `${print}:${n}` },
        properties: {
          binary: b.path,
          goVersion: b.goVersion,
          module: f.module,
          sourceFile: f.file,
          sourceLine: f.line,
          frameSize: f.frameSize,
          leaf: f.leaf,
          preemptible: f.preemptible,
          address: hex(f.address),
          offset: f.offset,
          instructions: f.instructions,
          fixedByToolchain: f.fixedByToolchain,
        },
      };
    }),
  );
  const notes = [...r.errors, ...r.binaries.flatMap((b) => b.errors)];
  const toolchains = [...new Set(r.binaries.map((b) => b.goVersion).filter((v): v is string => !!v))];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: sarifDriver(opts.toolVersion, { toolchains }) },
        automationDetails: { id: 'preempt-guard/binary/' },
        ...sarifProvenance(opts.git),
        originalUriBaseIds: { SRCROOT: { uri: dirUri(srcRoot) } },
        invocations: [
          {
            executionSuccessful: notes.length === 0,
            toolExecutionNotifications: notes.map((m) => ({ level: 'error', message: { text: sentence(m) } })),
            properties: {
              toolchains,
              binaries: r.binaries.map((b) => ({ path: b.path, goVersion: b.goVersion, format: b.format })),
              skipped: r.skipped,
            },
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
