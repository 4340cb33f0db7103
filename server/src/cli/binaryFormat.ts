// Output of `scan-binary`: text a person can act on (binary, toolchain,
// module, each hazard with file:line, leaf or not, frame, the two
// instructions, the remedy, the mitigation once), JSON for scripts, SARIF
// 2.1.0 located in source files (module-relative -trimpath paths of the
// module being checked map to its checkout). Words come from core/explain.ts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BinaryFinding, BinaryReport } from '../core/binary/types';
import { localSource, relativeToCwd, type SourceModule } from '../core/binaryTargets/sourcePaths';
import type { TargetScanResult } from '../core/binaryTargets/scanTargets';
import {
  binaryFindingMessage, binaryScanSummary, findingRemedy, findingTitle, hex, ISSUE_URL, MITIGATION, NOT_PREEMPTIBLE_WHY, remedyShort, RULES,
} from '../core/explain';

export interface BinaryScanContext {
  /** Base for relative paths (the working directory). */
  cwd: string;
  /** The module the user is in, when any: its -trimpath paths map to the checkout. */
  module?: SourceModule;
}

/** The file as this machine knows it: a path in the checkout (relative to cwd when inside it), else as the binary says. */
export function displayFile(file: string, ctx: BinaryScanContext): string {
  const local = localSource(file, ctx.module ? [ctx.module] : []);
  return local ? relativeToCwd(local, ctx.cwd) : file;
}

const hazards = (r: TargetScanResult): BinaryFinding[] => r.binaries.flatMap((b) => b.findings.filter((f) => f.preemptible));

function header(b: BinaryReport): string {
  if (!b.format && !b.goVersion) return `${b.path}:`;
  const bi = b.buildInfo;
  const parts = [b.goVersion ?? 'Go version unknown'];
  if (bi?.main) parts.push(`module ${bi.main.path}${bi.main.version ? ` ${bi.main.version}` : ''}`);
  else if (bi?.path) parts.push(`package ${bi.path}`);
  if (bi?.settings.GOOS) parts.push(`${bi.settings.GOOS}/${bi.settings.GOARCH ?? '?'}`);
  if (b.format) parts.push(b.format);
  if (b.functions) parts.push(`${b.functions} functions`);
  return `${b.path}: ${parts.join(', ')}`;
}

export function formatBinaryText(r: TargetScanResult, ctx: BinaryScanContext): string {
  const out: string[] = [];
  for (const b of r.binaries) {
    out.push(header(b));
    for (const f of b.findings) {
      const where = `${displayFile(f.file, ctx)}:${f.line}`;
      out.push(`  ${where}: ${f.kind}: ${findingTitle(f)}`);
      out.push(`    ${f.leaf ? 'leaf' : 'non-leaf'}, frame ${f.frameSize} bytes, module ${f.module ?? '(standard library)'}${f.moduleVersion && f.moduleVersion !== '(devel)' ? `@${f.moduleVersion}` : ''}, `
        + `at ${hex(f.address)} (${f.function}+${hex(f.offset)}): ${f.instructions[0]} / ${f.instructions[1]}`);
      if (!f.preemptible) out.push(`    ${NOT_PREEMPTIBLE_WHY[f.notPreemptible ?? 'unsafe-point']}`);
      else out.push(`    fix: ${remedyShort(f, b.goVersion ?? undefined)}. ${findingRemedy(f, b.goVersion ?? undefined, { rebuild: true })}`);
    }
    for (const e of b.errors) out.push(`  error: ${e}`);
    out.push('');
  }
  for (const e of r.errors) out.push(`error: ${e}`);
  const hz = hazards(r);
  if (hz.length) out.push(`mitigation: ${MITIGATION}`);
  const errors = r.errors.length + r.binaries.reduce((n, b) => n + b.errors.length, 0);
  out.push(binaryScanSummary(hz.length, hz.filter((f) => f.leaf && !f.fixedByToolchain).length, r.binaries.filter((b) => b.functions > 0).length, r.skipped, errors));
  return out.join('\n') + '\n';
}

export function formatBinaryJson(r: TargetScanResult): string {
  const binaries = r.binaries.map((b) => ({
    path: b.path,
    format: b.format,
    goVersion: b.goVersion,
    mainModule: b.buildInfo?.main ? { path: b.buildInfo.main.path, version: b.buildInfo.main.version } : null,
    settings: b.buildInfo?.settings ?? {},
    findings: b.findings.map((f) => ({
      kind: f.kind, function: f.function, module: f.module, moduleVersion: f.moduleVersion, file: f.file, line: f.line, declLine: f.declLine,
      frameSize: f.frameSize, leaf: f.leaf, preemptible: f.preemptible, ...(f.notPreemptible ? { notPreemptible: f.notPreemptible } : {}),
      address: f.address, offset: f.offset, instructions: f.instructions, fixedByToolchain: f.fixedByToolchain,
    })),
    errors: b.errors,
  }));
  return JSON.stringify({ binaries, skipped: r.skipped, errors: r.errors }, null, 2) + '\n';
}

function artifactLocation(file: string, ctx: BinaryScanContext): { uri: string; uriBaseId?: string } {
  const local = localSource(file, ctx.module ? [ctx.module] : []) ?? (path.isAbsolute(file) ? file : undefined);
  if (!local) return { uri: file };
  const rel = relativeToCwd(local, ctx.cwd);
  return path.isAbsolute(rel) ? { uri: pathToFileURL(rel).href } : { uri: rel.split(path.sep).join('/'), uriBaseId: 'SRCROOT' };
}

export function formatBinarySarif(r: TargetScanResult, ctx: BinaryScanContext, toolVersion: string): string {
  const kinds = Object.keys(RULES) as (keyof typeof RULES)[];
  const results = r.binaries.flatMap((b) => b.findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: kinds.indexOf(f.kind),
    level: f.preemptible ? RULES[f.kind].level : 'note',
    message: { text: binaryFindingMessage(f, b.path, b.goVersion) },
    locations: [{
      physicalLocation: { artifactLocation: artifactLocation(f.file, ctx), region: { startLine: f.line } },
      logicalLocations: [{ fullyQualifiedName: f.function, kind: 'function' }],
    }],
    partialFingerprints: { 'preemptGuard/v1': `${f.kind}:${f.function}:${f.line}` },
    properties: {
      binary: b.path, goVersion: b.goVersion, module: f.module, frameSize: f.frameSize, leaf: f.leaf, preemptible: f.preemptible,
      address: hex(f.address), offset: f.offset, instructions: f.instructions, fixedByToolchain: f.fixedByToolchain,
    },
  })));
  const notes = [...r.errors, ...r.binaries.flatMap((b) => b.errors)];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'preempt-guard', version: toolVersion, informationUri: ISSUE_URL,
          rules: kinds.map((k) => ({ id: k, name: RULES[k].name, shortDescription: { text: RULES[k].short }, helpUri: ISSUE_URL, defaultConfiguration: { level: RULES[k].level } })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(ctx.cwd.endsWith(path.sep) ? ctx.cwd : `${ctx.cwd}${path.sep}`).href } },
      invocations: [{
        executionSuccessful: notes.length === 0,
        toolExecutionNotifications: notes.map((m) => ({ level: 'error', message: { text: m } })),
        properties: { binaries: r.binaries.map((b) => ({ path: b.path, goVersion: b.goVersion, format: b.format })), skipped: r.skipped },
      }],
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
