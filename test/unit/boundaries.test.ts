// The rooms of the codebase, checked: the core imports neither `vscode*`, the
// protocol room (shared/) nor the server; the protocol room imports only the
// wire library and the core; the server never imports the client, the language
// server never the CLI; the client reaches into the server only through shared/
// (and pure core types and words).
// Parses every import/require/import() of the sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../support/paths';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|mts|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Module specifiers of a file: static imports/exports, require() and import() with a string literal, JSDoc import(). */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (let m; (m = re.exec(text));) out.push(m[1]);
  return out;
}

/** Imports of every file under dir, resolved to repository paths for relative ones. */
function edges(dir: string): { file: string; spec: string; target: string }[] {
  return sources(dir).flatMap((file) =>
    importsOf(readFileSync(path.join(REPO, file), 'utf8')).map((spec) => ({
      file,
      spec,
      target: spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)) : spec,
    })),
  );
}

const under = (target: string, dir: string) => target === dir || target.startsWith(`${dir}${path.sep}`);

describe('module boundaries', () => {
  it('the import scanner sees every form', () => {
    assert.deepEqual(
      importsOf(
        "import a from 'x';\nimport type { B } from \"../y\";\nexport * from './z';\nimport 'side';\nconst c = require('w');\nawait import('v');\n",
      ),
      ['x', '../y', './z', 'side', 'w', 'v'],
    );
  });

  it('the core imports no vscode*, no protocol (shared/), no server or client code', () => {
    const bad = edges('server/src/core').filter(
      (e) =>
        /^vscode/.test(e.spec) ||
        under(e.target, 'shared') ||
        under(e.target, path.join('server', 'src', 'lsp')) ||
        under(e.target, path.join('server', 'src', 'cli')) ||
        under(e.target, 'client'),
    );
    assert.deepEqual(
      bad.map((e) => `${e.file}: ${e.spec}`),
      [],
    );
  });

  it('the server imports nothing of the client, and no vscode (only vscode-languageserver*)', () => {
    const bad = edges('server/src').filter(
      (e) => under(e.target, 'client') || e.spec === 'vscode' || e.spec.startsWith('vscode-languageclient'),
    );
    assert.deepEqual(
      bad.map((e) => `${e.file}: ${e.spec}`),
      [],
    );
  });

  it('the language server imports nothing of the CLI (its project cannot: tsProjects.test.ts)', () => {
    const cli = path.join('server', 'src', 'cli');
    const bad = edges('server/src/lsp').filter((e) => under(e.target, cli) || e.target === cli);
    assert.deepEqual(
      bad.map((e) => `${e.file}: ${e.spec}`),
      [],
    );
  });

  it('the client reaches into the server only through the shared protocol room', () => {
    // The pure core types the protocol re-exports (the webview's JSDoc names them directly), and the one
    // vocabulary module the webviews share with the extension side.
    const allowed = [
      path.join('server', 'src', 'core', 'types'),
      path.join('server', 'src', 'core', 'repro', 'types'),
      path.join('server', 'src', 'core', 'vocabulary'),
    ];
    const bad = edges('client').filter((e) => under(e.target, 'server') && !allowed.includes(e.target));
    assert.deepEqual(
      bad.map((e) => `${e.file}: ${e.spec}`),
      [],
    );
  });
});

describe('the shared protocol room', () => {
  it('imports only the wire protocol library and the core, never the server or the client', () => {
    const bad = edges('shared').filter(
      (e) =>
        (!e.spec.startsWith('.') && e.spec !== 'vscode-languageserver-protocol') ||
        (e.spec.startsWith('.') && !under(e.target, path.join('server', 'src', 'core'))),
    );
    assert.deepEqual(
      bad.map((e) => `${e.file}: ${e.spec}`),
      [],
    );
  });
});
