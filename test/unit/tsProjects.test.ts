// The TypeScript projects (tsconfig.json's references) keep the rooms apart:
// the core, the protocol room, the server and the client compile without the
// DOM, the webview pages without Node, and every TypeScript source of the
// repository belongs to exactly one project (a file in none would never be
// type-checked). Reads the configurations with the compiler's own parser.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO } from '../support/paths';

function project(file: string): ts.ParsedCommandLine {
  const read = ts.readConfigFile(path.join(REPO, file), (p) => ts.sys.readFile(p));
  assert.equal(read.error, undefined, `${file}: ${JSON.stringify(read.error?.messageText)}`);
  return ts.parseJsonConfigFileContent(read.config, ts.sys, REPO, undefined, path.join(REPO, file));
}

const root = project('tsconfig.json');
const projects = new Map((root.projectReferences ?? []).map((r) => [path.relative(REPO, r.path), project(path.relative(REPO, r.path))]));
const libs = (p: ts.ParsedCommandLine) => (p.options.lib ?? []).map((l) => l.toLowerCase());

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

describe('TypeScript projects', () => {
  it('the root builds nothing itself and references one project per room', () => {
    assert.deepEqual(root.fileNames, []);
    assert.deepEqual([...projects.keys()].sort(), [
      'tsconfig.bench.json',
      'tsconfig.cli.json',
      'tsconfig.client.json',
      'tsconfig.core.json',
      'tsconfig.lsp.json',
      'tsconfig.shared.json',
      'tsconfig.test.json',
      'tsconfig.webview.json',
    ]);
  });

  it('no DOM for the core, the protocol, the server and the client; no Node or vscode for the webviews', () => {
    for (const name of [
      'tsconfig.core.json',
      'tsconfig.shared.json',
      'tsconfig.lsp.json',
      'tsconfig.cli.json',
      'tsconfig.bench.json',
      'tsconfig.client.json',
    ]) {
      const p = projects.get(name)!;
      assert.ok(!libs(p).some((l) => l.includes('dom')), `${name}: ${libs(p).join(', ')}`);
    }
    const web = projects.get('tsconfig.webview.json')!;
    assert.ok(libs(web).some((l) => l.includes('dom')));
    assert.deepEqual(web.options.types, []);
    assert.deepEqual(projects.get('tsconfig.core.json')!.options.types, ['node']);
  });

  it('strict, with unused locals and parameters and implicit returns as errors, in every project', () => {
    for (const [name, p] of projects) {
      for (const o of ['strict', 'noUnusedLocals', 'noUnusedParameters', 'noImplicitReturns', 'composite'] as const)
        assert.equal(p.options[o], true, `${name}: ${o}`);
    }
  });

  it('every TypeScript source belongs to exactly one project', () => {
    const owners = new Map<string, string[]>();
    for (const [name, p] of projects)
      for (const f of p.fileNames) {
        const rel = path.relative(REPO, f);
        if (!rel.endsWith('.d.ts')) owners.set(rel, [...(owners.get(rel) ?? []), name]);
      }
    const all = ['shared', 'server/src', 'client/src', 'test'].flatMap(sources).filter((f) => !f.endsWith('.d.ts'));
    assert.deepEqual(
      all.filter((f) => owners.get(f)?.length !== 1).map((f) => `${f}: ${owners.get(f)?.join(', ') ?? 'no project'}`),
      [],
    );
    assert.ok(all.length > 100, `only ${all.length} sources found`);
  });

  it('the language server importing the CLI is a compile error; importing the core is not', function () {
    this.timeout(60000);
    // The lsp project's options and references (as tsc -b builds it) for one file of server/src/lsp held in
    // memory: what that file may import is what any lsp file may (the project's own files aside).
    const lsp = projects.get('tsconfig.lsp.json')!;
    const probe = path.join(REPO, 'server', 'src', 'lsp', 'importProbe.ts');
    const diagnosticsOf = (text: string): string[] => {
      const host = ts.createCompilerHost(lsp.options);
      const readFile = host.readFile.bind(host);
      const fileExists = host.fileExists.bind(host);
      const getSourceFile = host.getSourceFile.bind(host);
      host.readFile = (f) => (f === probe ? text : readFile(f));
      host.fileExists = (f) => f === probe || fileExists(f);
      host.getSourceFile = (f, v, onError, create) =>
        f === probe ? ts.createSourceFile(f, text, v, true) : getSourceFile(f, v, onError, create);
      const program = ts.createProgram({
        rootNames: [probe],
        // Node's types are not needed by the two probes (and would take seconds to load).
        options: { ...lsp.options, noEmit: true, types: [] },
        projectReferences: lsp.projectReferences,
        host,
      });
      const file = program.getSourceFile(probe)!;
      return [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
        .filter((d) => d.file === undefined || d.file.fileName === probe || /cli/.test(d.file.fileName))
        .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    };
    const intoCli = diagnosticsOf("import { REPRODUCE_OPTIONS } from '../cli/reproduceOptions';\nexport const o = REPRODUCE_OPTIONS;\n");
    assert.ok(
      intoCli.some((d) => d.startsWith('TS6307') && d.includes('server/src/cli/reproduceOptions.ts')),
      `expected TS6307 (not listed within the file list of project), got: ${intoCli.join('; ')}`,
    );
    assert.deepEqual(diagnosticsOf("import { remedyKey } from '../core/hazard';\nexport const r = remedyKey;\n"), []);
  });
});
