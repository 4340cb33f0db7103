// Output of `scan-binary`: text a person can act on (binary, toolchain,
// module, each hazard with file:line, leaf or not, frame, the two
// instructions, the remedy, the mitigation once) and JSON for scripts (SARIF:
// binarySarif.ts; GitHub and GitLab CI: binaryCi.ts). Files are located in
// source (module-relative -trimpath paths of the module being checked map to
// its checkout) the same way for every format. Words come from core/vocabulary.
import path from 'node:path';
import type { BinaryFinding, BinaryReport } from '../core/binary/types';
import { localSource, relativeToCwd, type SourceModule } from '../core/binary/targets/sourcePaths';
import type { TargetScanResult } from '../core/binary/targets/scanTargets';
import { binaryRemedyLine, binaryScanSummary, findingTitle, hex, MITIGATION, NOT_PREEMPTIBLE_WHY } from '../core/vocabulary';

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

/** The file on this machine (absolute) when the binary's path maps to it: the checkout's file, or an absolute path. */
export function localFile(file: string, ctx: BinaryScanContext): string | undefined {
  return localSource(file, ctx.module ? [ctx.module] : []) ?? (path.isAbsolute(file) ? file : undefined);
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
      out.push(
        `    ${f.leaf ? 'leaf' : 'non-leaf'}, frame ${f.frameSize} bytes, module ${f.module ?? '(standard library)'}${f.moduleVersion && f.moduleVersion !== '(devel)' ? `@${f.moduleVersion}` : ''}, ` +
          `at ${hex(f.address)} (${f.function}+${hex(f.offset)}): ${f.instructions[0]} / ${f.instructions[1]}`,
      );
      if (!f.preemptible) out.push(`    ${NOT_PREEMPTIBLE_WHY[f.notPreemptible ?? 'unsafe-point']}`);
      else out.push(`    fix: ${binaryRemedyLine(f, b.goVersion)}`);
    }
    for (const e of b.errors) out.push(`  error: ${e}`);
    out.push('');
  }
  for (const e of r.errors) out.push(`error: ${e}`);
  const hz = hazards(r);
  if (hz.length) out.push(`mitigation: ${MITIGATION}`);
  const errors = r.errors.length + r.binaries.reduce((n, b) => n + b.errors.length, 0);
  out.push(
    binaryScanSummary(
      hz.length,
      hz.filter((f) => f.leaf && !f.fixedByToolchain).length,
      r.binaries.filter((b) => b.functions > 0).length,
      r.skipped,
      errors,
    ),
  );
  return out.join('\n') + '\n';
}

export function formatBinaryJson(r: TargetScanResult): string {
  const binaries = r.binaries.map((b) => ({
    path: b.path,
    format: b.format,
    goVersion: b.goVersion,
    mainModule: b.buildInfo?.main ? { path: b.buildInfo.main.path, version: b.buildInfo.main.version } : null,
    settings: b.buildInfo?.settings ?? {},
    ...(b.image ? { image: b.image } : {}),
    ...(b.layer ? { layer: b.layer } : {}),
    findings: b.findings.map((f) => ({
      kind: f.kind,
      function: f.function,
      module: f.module,
      moduleVersion: f.moduleVersion,
      file: f.file,
      line: f.line,
      declLine: f.declLine,
      frameSize: f.frameSize,
      leaf: f.leaf,
      preemptible: f.preemptible,
      ...(f.notPreemptible ? { notPreemptible: f.notPreemptible } : {}),
      address: f.address,
      offset: f.offset,
      instructions: f.instructions,
      fixedByToolchain: f.fixedByToolchain,
    })),
    errors: b.errors,
  }));
  return JSON.stringify({ binaries, skipped: r.skipped, errors: r.errors }, null, 2) + '\n';
}
