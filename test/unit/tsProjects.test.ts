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
  it('the root builds nothing itself and references the six projects', () => {
    assert.deepEqual(root.fileNames, []);
    assert.deepEqual([...projects.keys()].sort(), [
      'tsconfig.client.json',
      'tsconfig.core.json',
      'tsconfig.server.json',
      'tsconfig.shared.json',
      'tsconfig.test.json',
      'tsconfig.webview.json',
    ]);
  });

  it('no DOM for the core, the protocol, the server and the client; no Node or vscode for the webviews', () => {
    for (const name of ['tsconfig.core.json', 'tsconfig.shared.json', 'tsconfig.server.json', 'tsconfig.client.json']) {
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
});
