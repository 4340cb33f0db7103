// Output formats of `scan` and `analyze-listing`: text a person can act on,
// JSON for scripts, SARIF 2.1.0 for code scanning.
import path from 'node:path';
import { findingRemedy, findingTitle, findingWhy, hex, ISSUE_URL, RULES } from '../core/explain';
import type { BuildError, Finding, ToolchainInfo } from '../core/types';

export type Format = 'text' | 'json' | 'sarif';

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
    out.push(`toolchain: ${t.version} (${t.path}; ${t.why}) GOOS=${t.goos} GOARCH=${t.goarch}`
      + `${t.nonLeafFixed ? ' - non-leaf epilogues are atomic with this toolchain' : ' - this toolchain splits non-leaf epilogues too'}`);
    if (t.requested) out.push(`note: go.mod asks for ${t.requested}, but ${t.version} compiled (GOTOOLCHAIN=${process.env.GOTOOLCHAIN ?? 'auto'})`);
  }
  for (const f of r.findings) {
    out.push('', `${rel(r.root, f.file)}:${f.line}: ${f.kind}: ${findingTitle(f)}`);
    out.push(`  function ${f.function} (declared at line ${f.declLine}, ${f.leaf ? 'leaf' : 'non-leaf'}, frame ${f.frameSize} bytes), at ${hex(f.offsets[0])}: ${f.instructions[0]} / ${hex(f.offsets[1])}: ${f.instructions[1]}  [Go: ${f.pseudo}]`);
    out.push(`  why: ${findingWhy(f)}`);
    out.push(`  fix: ${findingRemedy(f, r.toolchain?.version)}`);
  }
  for (const e of r.errors) {
    out.push('', `error: ${e.file ? `${rel(r.root, e.file)}:${e.line ?? 0}: ` : ''}${e.message}${e.packagePath ? ` (package ${e.packagePath})` : ''}`);
  }
  const sp = r.findings.filter((f) => f.kind === 'split-sp-update');
  out.push('', `${sp.length} split SP update(s) (${sp.filter((f) => f.leaf).length} in leaf functions: need a code change), `
    + `${r.findings.length - sp.length} split FP restore(s), ${r.errors.length} error(s)`);
  return out.join('\n') + '\n';
}

export function formatJson(r: Report): string {
  const findings = r.findings.map((f) => ({
    kind: f.kind, function: f.function, package: f.packagePath, file: f.file, line: f.line, declLine: f.declLine,
    frameSize: f.frameSize, leaf: f.leaf, offset: f.offset, offsets: f.offsets, instructions: f.instructions,
    pseudo: f.pseudo, fixedByToolchain: f.fixedByToolchain,
  }));
  return JSON.stringify({ toolchain: r.toolchain ?? null, findings, errors: r.errors }, null, 2) + '\n';
}

export function formatSarif(r: Report, toolVersion: string): string {
  const kinds = Object.keys(RULES) as Finding['kind'][];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'preempt-guard',
          version: toolVersion,
          informationUri: ISSUE_URL,
          rules: kinds.map((k) => ({
            id: k, name: RULES[k].name,
            shortDescription: { text: RULES[k].short },
            helpUri: ISSUE_URL,
            defaultConfiguration: { level: RULES[k].level },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: `file://${r.root.endsWith('/') ? r.root : `${r.root}/`}` } },
      invocations: [{
        executionSuccessful: r.errors.length === 0,
        toolExecutionNotifications: r.errors.map((e) => ({ level: 'error', message: { text: e.message } })),
        properties: r.toolchain ? { toolchain: r.toolchain.version } : {},
      }],
      results: r.findings.map((f) => ({
        ruleId: f.kind,
        ruleIndex: kinds.indexOf(f.kind),
        level: RULES[f.kind].level,
        message: { text: `${findingTitle(f)}. ${findingWhy(f)} ${findingRemedy(f, r.toolchain?.version)}` },
        locations: [{
          physicalLocation: {
            artifactLocation: path.isAbsolute(f.file) ? { uri: rel(r.root, f.file), uriBaseId: 'SRCROOT' } : { uri: f.file },
            region: { startLine: f.line },
          },
          logicalLocations: [{ fullyQualifiedName: f.function, kind: 'function' }],
        }],
        partialFingerprints: { 'preemptGuard/v1': `${f.kind}:${f.function}:${f.line}` },
        properties: { frameSize: f.frameSize, leaf: f.leaf, offset: f.offset, instructions: f.instructions, fixedByToolchain: f.fixedByToolchain },
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
