// Output formats of `scan` and `analyze-listing`: text a person can act on,
// JSON for scripts (SARIF: sarif.ts; GitHub and GitLab CI: ciFormats.ts).
import path from 'node:path';
import { findingRemedy, findingTitle, findingWhy, hex } from '../core/vocabulary';
import type { BuildError, Finding, ToolchainInfo } from '../core/types';

export interface Report {
  toolchain?: ToolchainInfo;
  findings: Finding[];
  errors: BuildError[];
  /** Base for relative paths in text and SARIF. */
  root: string;
}

const rel = (root: string, file: string) => (path.isAbsolute(file) ? path.relative(root, file) || file : file);

export function formatText(r: Report): string {
  const out: string[] = [];
  if (r.toolchain) {
    const t = r.toolchain;
    out.push(
      `toolchain: ${t.version} (${t.path}; ${t.why}) GOOS=${t.goos} GOARCH=${t.goarch}` +
        `${t.nonLeafFixed ? ' - non-leaf epilogues are atomic with this toolchain' : ' - this toolchain splits non-leaf epilogues too'}`,
    );
    if (t.requested)
      out.push(`note: go.mod asks for ${t.requested}, but ${t.version} compiled (GOTOOLCHAIN=${process.env.GOTOOLCHAIN ?? 'auto'})`);
  }
  for (const f of r.findings) {
    out.push('', `${rel(r.root, f.file)}:${f.line}: ${f.kind}: ${findingTitle(f)}`);
    out.push(
      `  function ${f.function} (declared at line ${f.declLine}, ${f.leaf ? 'leaf' : 'non-leaf'}, frame ${f.frameSize} bytes), at ${hex(f.offsets[0])}: ${f.instructions[0]} / ${hex(f.offsets[1])}: ${f.instructions[1]}  [Go: ${f.pseudo}]`,
    );
    out.push(`  why: ${findingWhy(f)}`);
    out.push(`  fix: ${findingRemedy(f, r.toolchain?.version)}`);
  }
  for (const e of r.errors) {
    out.push(
      '',
      `error: ${e.file ? `${rel(r.root, e.file)}:${e.line ?? 0}: ` : ''}${e.message}${e.packagePath ? ` (package ${e.packagePath})` : ''}`,
    );
  }
  const sp = r.findings.filter((f) => f.kind === 'split-sp-update');
  out.push(
    '',
    `${sp.length} split SP update(s) (${sp.filter((f) => f.leaf).length} in leaf functions: need a code change), ` +
      `${r.findings.length - sp.length} split FP restore(s), ${r.errors.length} error(s)`,
  );
  return out.join('\n') + '\n';
}

export function formatJson(r: Report): string {
  const findings = r.findings.map((f) => ({
    kind: f.kind,
    function: f.function,
    package: f.packagePath,
    file: f.file,
    line: f.line,
    declLine: f.declLine,
    frameSize: f.frameSize,
    leaf: f.leaf,
    offset: f.offset,
    offsets: f.offsets,
    instructions: f.instructions,
    pseudo: f.pseudo,
    fixedByToolchain: f.fixedByToolchain,
  }));
  return JSON.stringify({ toolchain: r.toolchain ?? null, findings, errors: r.errors }, null, 2) + '\n';
}
