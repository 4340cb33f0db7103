// One analysis result -> what the server shows, on hand-made values: where
// findings go (module, dependency, standard library), go.mod diagnostics,
// quick fixes, the status.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocuments, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Finding, ToolchainInfo } from '../../server/src/core/types';
import { classify, dependencyName } from '../../server/src/lsp/classify';
import { CodeActionStore } from '../../server/src/lsp/codeActions';
import { moduleOutcome } from '../../server/src/lsp/moduleOutcome';
import { TextSource } from '../../server/src/lsp/textSource';
import { DEFAULT_SETTINGS } from '../../shared/protocol';
import { listingFinding } from '../support/handMadeFindings';

const uri = (f: string) => pathToFileURL(f).toString();
const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('lsp module outcome', () => {
  let root: string;
  let base: string;
  const tc = (over: Partial<ToolchainInfo> = {}): ToolchainInfo => ({
    path: '/go/bin/go',
    why: 'first go on PATH (/go/bin)',
    version: 'go1.24.4',
    goos: 'linux',
    goarch: 'arm64',
    nonLeafFixed: false,
    ...over,
  });
  const finding = (over: Partial<Finding>): Finding =>
    listingFinding({
      function: 'example.com/m.Big',
      packagePath: 'example.com/m',
      file: path.join(root, 'big.go'),
      line: 5,
      declLine: 3,
      frameSize: 65552,
      offset: 0x40,
      instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
      offsets: [0x40, 0x44],
      pseudo: 'ADD\t$65552, RSP',
      ...over,
    });
  const result = (findings: Finding[], over: Partial<AnalysisResult> = {}): AnalysisResult => ({
    toolchain: tc(),
    moduleRoot: root,
    findings,
    errors: [],
    functions: [],
    listingBytes: 1000,
    cancelled: false,
    ...over,
  });
  const source = () => new TextSource(new TextDocuments(TextDocument));

  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'pg-lsp-unit-'));
    root = path.join(base, 'm');
    mkdirSync(root);
    writeFileSync(path.join(root, 'go.mod'), 'module example.com/m\n\ngo 1.24\n');
    writeFileSync(path.join(root, 'big.go'), 'package m\n\nfunc Big() byte {\n\tvar b [65536]byte\n\treturn b[0]\n}\n');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('classifies module, dependency (on disk or not) and standard-library findings', () => {
    const dep = path.join(base, 'gopath', 'pkg', 'mod', 'github.com', 'x', 'y@v1.2.1', 'y.go');
    mkdirSync(path.dirname(dep), { recursive: true });
    writeFileSync(dep, 'package y\n');
    const fs = [
      finding({}),
      finding({ file: dep, packagePath: 'github.com/x/y', function: 'github.com/x/y.F' }),
      finding({ file: '/nowhere/z.go', packagePath: 'example.com/z', function: 'example.com/z.G' }),
      finding({ file: '/usr/lib/go-1.24/src/internal/foo/foo.go', packagePath: 'internal/foo', function: 'internal/foo.H' }),
    ];
    const c = classify(fs, root);
    assert.deepEqual([c.module.length, c.dependency.length, c.unlocated.length, c.stdlib.length], [1, 1, 1, 1]);
    assert.equal(dependencyName(c.dependency[0]), 'github.com/x/y@v1.2.1');
  });

  it('non-leaf findings with an affected toolchain: one diagnostic on the return (none on the declaration), go.mod warning, the upgrade fix on both', () => {
    const o = moduleOutcome(result([finding({})]), DEFAULT_SETTINGS, source(), { GOTOOLCHAIN: 'local' });
    const big = uri(path.join(root, 'big.go'));
    const gomod = uri(path.join(root, 'go.mod'));
    assert.deepEqual(
      o.diagnostics.get(big)?.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
      [[4, 1, 7]],
    );
    assert.equal(o.status.hazards, 1);
    const [g] = o.diagnostics.get(gomod)!;
    assert.equal(text(g), 'go1.24.4 splits the SP pop of 1 non-leaf epilogue here; toolchain go1.24.6 fixes it (quick fix)');
    assert.deepEqual(g.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 7 } });
    assert.equal(g.severity, 2);
    assert.equal(g.code, 'toolchain-splits-non-leaf');
    const store = new CodeActionStore();
    store.set(root, o.actions);
    // As an editor asks: with the diagnostics published on that line in the context.
    const on = (u: string, line: number) => (o.diagnostics.get(u) ?? []).filter((d) => d.range.start.line === line);
    const at = (u: string, line: number) =>
      store.lookup({
        textDocument: { uri: u },
        range: { start: { line, character: 0 }, end: { line, character: 1 } },
        context: { diagnostics: on(u, line) },
      });
    assert.deepEqual(
      at(big, 4).map((a) => a.title),
      ['Upgrade toolchain to go1.24.6'],
    );
    assert.deepEqual(
      at(gomod, 2).map((a) => a.title),
      ['Upgrade toolchain to go1.24.6'],
    );
    assert.deepEqual(at(big, 3), []);
    assert.deepEqual(at(gomod, 2)[0].edit, {
      documentChanges: [
        {
          textDocument: { uri: gomod, version: null },
          edits: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'toolchain go1.24.6\n' }],
        },
      ],
    });
    assert.deepEqual(
      store.lookup({
        textDocument: { uri: big },
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 1 } },
        context: { diagnostics: on(big, 4), only: ['refactor'] },
      }),
      [],
    );
    assert.deepEqual([o.status.state, o.status.findings, o.status.leafFindings, o.status.message], ['affected', 1, 0, undefined]);
  });

  it('only leaf findings: go.mod gets an Information (the toolchain still splits non-leaf epilogues), no upgrade fix', () => {
    const o = moduleOutcome(result([finding({ leaf: true, fixedByToolchain: false })]), DEFAULT_SETTINGS, source(), {});
    const [g] = o.diagnostics.get(uri(path.join(root, 'go.mod')))!;
    assert.equal(g.severity, 3);
    assert.equal(
      text(g),
      'go1.24.4 splits the SP pop of non-leaf epilogues with 64 KiB+ frames (none here now); toolchain go1.24.6 would keep it that way',
    );
    assert.equal(o.actions.size, 0);
  });

  it('a fixed toolchain: nothing on go.mod; go.mod asking for another toolchain is said in the status and on go.mod', () => {
    const clean = moduleOutcome(
      result([], { toolchain: tc({ version: 'go1.26.10', nonLeafFixed: true }) }),
      DEFAULT_SETTINGS,
      source(),
      {},
    );
    assert.equal(clean.diagnostics.size, 0);
    assert.deepEqual([clean.status.state, clean.status.findings], ['clean', 0]);
    const req = moduleOutcome(
      result([finding({ leaf: true, fixedByToolchain: false })], {
        toolchain: tc({ version: 'go1.26.10', nonLeafFixed: true, requested: 'go1.27.1' }),
      }),
      DEFAULT_SETTINGS,
      source(),
      { GOTOOLCHAIN: 'local' },
    );
    assert.equal(req.status.message, 'go.mod asks for go1.27.1, but go1.26.10 ran (GOTOOLCHAIN=local)');
    const [g] = req.diagnostics.get(uri(path.join(root, 'go.mod')))!;
    assert.deepEqual(
      [g.code, g.severity, text(g)],
      [
        'toolchain-not-requested',
        3,
        'go.mod asks for go1.27.1, but go1.26.10 ran (GOTOOLCHAIN=local): the findings shown come from go1.26.10',
      ],
    );
  });

  it('build errors: state failed, findings still shown; dependencies and the standard library summarised once', () => {
    const std = [
      finding({ file: '/usr/lib/go-1.24/src/internal/foo/foo.go', packagePath: 'internal/foo', function: 'internal/foo.H' }),
      finding({ file: '/usr/lib/go-1.24/src/internal/foo/foo.go', packagePath: 'internal/foo', function: 'internal/foo.H', line: 9 }),
    ];
    const dep = finding({ file: '/nowhere/z.go', packagePath: 'example.com/z', function: 'example.com/z.G' });
    const o = moduleOutcome(
      result([finding({}), dep, ...std], {
        errors: [
          { packagePath: 'example.com/m/bad', file: path.join(root, 'bad', 'bad.go'), line: 3, column: 9, message: 'undefined: x' },
          { packagePath: 'example.com/m/bad', message: 'too many errors' },
        ],
      }),
      DEFAULT_SETTINGS,
      source(),
      {},
    );
    assert.equal(o.status.state, 'failed');
    assert.equal(o.status.findings, 2, 'module + dependency, not the standard library');
    assert.equal(
      o.status.message,
      `go build failed: ${path.join(root, 'bad', 'bad.go')}:3:9: undefined: x (+1 more); findings of the packages that compiled are shown; ` +
        'dependencies: 1 in example.com/z (example.com/z.G); standard library of go1.24.4: 2 split epilogues',
    );
    assert.equal(o.diagnostics.get(uri(path.join(root, 'big.go')))?.length, 1);
    assert.equal(o.diagnostics.has(uri('/nowhere/z.go')), false, 'no diagnostics for files that do not exist');
    const gomod = o.diagnostics.get(uri(path.join(root, 'go.mod')))!;
    assert.deepEqual(
      gomod.map((d) => d.code),
      ['toolchain-splits-non-leaf', 'stdlib-findings'],
    );
    assert.equal(text(gomod[1]), 'The standard library of go1.24.4 has 2 split epilogues (internal/foo.H); they come with the toolchain');
    assert.ok(o.log.includes('split epilogues in the standard library of go1.24.4: 2 in internal/foo (internal/foo.H)'), o.log.join('\n'));
  });
});
