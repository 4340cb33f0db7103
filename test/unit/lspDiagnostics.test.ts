import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding } from '../../server/src/core/types';
import { declRange, mapFindings, returnRange, severityOf } from '../../server/src/lsp/diagnostics';
import { sourceName } from '../../server/src/core/util/symbolName';
import { ISSUE_URL, shortFunctionName, sizeText } from '../../server/src/core/vocabulary';
import type { Diagnostic } from 'vscode-languageserver';
import { listingFinding } from '../support/handMadeFindings';

const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

const SRC = [
  'package main', // 1
  '', // 2
  'func (s *Sock) Receive(n int) byte {', // 3
  '\tvar buf [65536]byte', // 4
  '\tif n > 3 {', // 5
  '\t\treturn buf[n]', // 6
  '\t}', // 7
  '\treturn buf[0]', // 8
  '}', // 9
  'func leafy() {', // 10
  '\tvar b [65536]byte', // 11
  '\t_ = b', // 12
  '}', // 13
];

/** A 65552-byte non-leaf method's split pop at +0x6c, return at main.go:6. */
const finding = (over: Partial<Finding>): Finding =>
  listingFinding({
    function: 'main.(*Sock).Receive',
    file: '/m/main.go',
    line: 6,
    declLine: 3,
    frameSize: 65552,
    offset: 0x6c,
    instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
    offsets: [0x6c, 0x70],
    pseudo: 'ADD\t$65552, RSP',
    ...over,
  });

const ctx = {
  severity: 'warning' as const,
  toolchainVersion: 'go1.24.4',
  lineText: (file: string, line: number) => (file === '/m/main.go' ? SRC[line] : undefined),
  uriOf: (file: string) => `file://${file}`,
};

describe('lsp diagnostics mapping', () => {
  it('names the function as written in the source', () => {
    assert.equal(sourceName('main.(*Sock).Receive'), 'Receive');
    assert.equal(sourceName('example.com/m/pkg.Big[go.shape.int]'), 'Big');
    assert.equal(sourceName('main.(*List[go.shape.int]).Push'), 'Push');
    assert.equal(sourceName('main.outer.func1'), 'func');
    assert.equal(sourceName('main.glob..func1'), 'func');
    assert.equal(sourceName('main.init.0'), 'init');
  });

  it('ranges: the return token, the function name, else the trimmed line', () => {
    assert.deepEqual(returnRange('\t\treturn buf[n]', 5), { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } });
    assert.deepEqual(returnRange('}', 8), { start: { line: 8, character: 0 }, end: { line: 8, character: 1 } });
    assert.deepEqual(returnRange('\tx := returned', 4), { start: { line: 4, character: 1 }, end: { line: 4, character: 14 } });
    assert.deepEqual(declRange('func (s *Sock) Receive(n int) byte {', 2, 'main.(*Sock).Receive'), {
      start: { line: 2, character: 15 },
      end: { line: 2, character: 22 },
    });
    assert.deepEqual(declRange('\tgo func() {', 7, 'main.main.func1'), {
      start: { line: 7, character: 4 },
      end: { line: 7, character: 8 },
    });
    assert.deepEqual(declRange(undefined, 7, 'main.x'), { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } });
  });

  it('severity follows the setting, the frame-pointer split one level lower', () => {
    assert.equal(severityOf('split-sp-update', 'warning'), DiagnosticSeverity.Warning);
    assert.equal(severityOf('split-fp-restore', 'warning'), DiagnosticSeverity.Information);
    assert.equal(severityOf('split-fp-restore', 'error'), DiagnosticSeverity.Warning);
    assert.equal(severityOf('split-fp-restore', 'hint'), DiagnosticSeverity.Hint);
  });

  it('maps a non-leaf function with two return sites: one short plain-text diagnostic per return, none on the declaration', () => {
    const [m] = mapFindings([finding({}), finding({ line: 8, offset: 0x90, offsets: [0x90, 0x94] })], ctx);
    assert.equal(m.sites.length, 2);
    const [r6, r8] = m.sites.map((x) => x.diagnostic);
    assert.deepEqual(r6.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } });
    assert.deepEqual(r8.range, { start: { line: 7, character: 1 }, end: { line: 7, character: 7 } });
    assert.equal(r6.severity, DiagnosticSeverity.Warning);
    assert.equal(r6.code, 'split-sp-update');
    assert.equal(r6.source, 'preempt-guard');
    assert.deepEqual(r6.codeDescription, { href: ISSUE_URL });
    assert.equal(text(r6), "Split SP pop in main.(*Sock).Receive's epilogue (64 KiB frame, non-leaf): a preemption here crashes the GC");
    assert.equal(text(r8), text(r6));
    const related = {
      location: { uri: 'file:///m/main.go', range: { start: { line: 2, character: 15 }, end: { line: 2, character: 22 } } },
      message: 'main.(*Sock).Receive declared here (64 KiB frame, non-leaf)',
    };
    assert.deepEqual(r6.relatedInformation, [related]);
    assert.deepEqual(r8.relatedInformation, [related]);
    assert.deepEqual(m.declRange, related.location.range);
  });

  it('leaf functions: the SP and frame-pointer splits of one return are one diagnostic; a frame-pointer split alone is Information', () => {
    const leaf = { function: 'example.com/deep/pkg.leafy', declLine: 10, line: 13, leaf: true, fixedByToolchain: false };
    const fp: Partial<Finding> = { kind: 'split-fp-restore', instructions: ['add x29, sp, #8', 'add x29, x29, #0x10, lsl #12'] };
    const mapped = mapFindings([finding({ ...leaf, ...fp }), finding({ ...leaf }), finding({ ...leaf, ...fp, line: 6 })], ctx);
    assert.equal(mapped.length, 1);
    const [m] = mapped;
    assert.deepEqual(
      m.sites.map((x) => [x.line, x.findings.map((f) => f.kind), x.diagnostic.code, x.diagnostic.severity, text(x.diagnostic)]),
      [
        [
          6,
          ['split-fp-restore'],
          'split-fp-restore',
          DiagnosticSeverity.Information,
          "Split FP restore in pkg.leafy's epilogue (64 KiB frame, leaf): frame-pointer unwinds may break",
        ],
        [
          13,
          ['split-sp-update', 'split-fp-restore'],
          'split-sp-update',
          DiagnosticSeverity.Warning,
          "Split SP pop in pkg.leafy's epilogue (64 KiB frame, leaf): a preemption here crashes the GC",
        ],
      ],
    );
    assert.deepEqual(m.declRange, { start: { line: 9, character: 5 }, end: { line: 9, character: 10 } });
    assert.deepEqual(m.sites[1].diagnostic.range, { start: { line: 12, character: 0 }, end: { line: 12, character: 1 } });
  });

  it('messages are one plain-text line of at most 120 characters, even for long generic names', () => {
    const long =
      'example.com/a/very/long/module/path/pkg.(*SomeQuiteLongReceiverTypeName[go.shape.struct { A int; B string }]).MethodWithALongName';
    for (const f of [finding({ function: long, frameSize: 8 << 20 }), finding({ function: long, kind: 'split-fp-restore', leaf: true })]) {
      const [m] = mapFindings([f], ctx);
      const msg = text(m.sites[0].diagnostic);
      assert.ok(msg.length <= 120, `${msg.length}: ${msg}`);
      assert.doesNotMatch(msg, /`|\*\*|\n|\]\(/, msg);
    }
    assert.equal(shortFunctionName('main.checksum'), 'main.checksum');
    assert.equal(shortFunctionName('example.com/frames.Generic[go.shape.uint8]'), 'frames.Generic[go.shape.uint8]');
    assert.equal(sizeText(131088), '128 KiB');
    assert.equal(sizeText(8 << 20), '8 MiB');
  });
});
