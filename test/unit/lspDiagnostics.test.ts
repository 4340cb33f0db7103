import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding } from '../../server/src/core/types';
import { declRange, mapFindings, returnRange, severityOf } from '../../server/src/lsp/diagnostics';
import { sourceName } from '../../server/src/core/util/symbolName';
import { ISSUE_URL } from '../../server/src/core/vocabulary';
import type { Diagnostic } from 'vscode-languageserver';

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

function finding(over: Partial<Finding>): Finding {
  return {
    kind: 'split-sp-update',
    function: 'main.(*Sock).Receive',
    packagePath: 'main',
    file: '/m/main.go',
    line: 6,
    declLine: 3,
    frameSize: 65552,
    leaf: false,
    offset: 0x6c,
    instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
    offsets: [0x6c, 0x70],
    pseudo: 'ADD\t$65552, RSP',
    fixedByToolchain: true,
    ...over,
  };
}

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

  it('maps a non-leaf function with two return sites', () => {
    const [m] = mapFindings([finding({}), finding({ line: 8, offset: 0x90, offsets: [0x90, 0x94] })], ctx);
    assert.equal(m.returns.length, 2);
    const [r6, r8] = m.returns;
    assert.deepEqual(r6.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } });
    assert.deepEqual(r8.range, { start: { line: 7, character: 1 }, end: { line: 7, character: 7 } });
    assert.equal(r6.severity, DiagnosticSeverity.Warning);
    assert.equal(r6.code, 'split-sp-update');
    assert.equal(r6.source, 'preempt-guard');
    assert.deepEqual(r6.codeDescription, { href: ISSUE_URL });
    assert.equal(
      text(r6),
      'Split stack-pointer update in the epilogue of main.(*Sock).Receive (frame 65552 bytes): `add sp, sp, #0x10` then `add sp, sp, #0x10, lsl #12`. ' +
        "If async preemption (SIGURG) lands between the two instructions, the garbage collector's stack unwinder sees SP moved part-way and reads a garbage return address: " +
        'the process dies with `fatal error: traceback did not unwind completely`, `fatal error: unknown caller pc`, or `SIGSEGV ... addr=0x118` in runtime.(*unwinder).next (golang/go#73259). ' +
        'Non-leaf function: upgrading the toolchain from go1.24.4 to go1.24.6 or later fixes it (`toolchain go1.24.6` in go.mod).',
    );
    assert.deepEqual(r6.relatedInformation, [
      {
        location: { uri: 'file:///m/main.go', range: { start: { line: 2, character: 15 }, end: { line: 2, character: 22 } } },
        message: 'main.(*Sock).Receive declared here (non-leaf, frame 65552 bytes)',
      },
    ]);
    assert.deepEqual(m.decl.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 22 } });
    assert.ok(
      text(m.decl).startsWith(
        'main.(*Sock).Receive (non-leaf, frame 65552 bytes): 2 return sites pop the frame with a split stack-pointer update',
      ),
      text(m.decl),
    );
    assert.deepEqual(
      m.decl.relatedInformation?.map((r) => r.location.range.start.line),
      [5, 7],
    );
  });

  it('leaf functions: the remedy is a code change, the fp split is one level lower, one decl per function', () => {
    const leaf = { function: 'main.leafy', declLine: 10, line: 13, leaf: true, fixedByToolchain: false };
    const mapped = mapFindings(
      [
        finding({ ...leaf, kind: 'split-fp-restore', instructions: ['add x29, sp, #8', 'add x29, x29, #0x10, lsl #12'] }),
        finding({ ...leaf }),
      ],
      ctx,
    );
    assert.equal(mapped.length, 1);
    const [m] = mapped;
    assert.deepEqual(
      m.returns.map((d) => [d.code, d.severity]),
      [
        ['split-sp-update', DiagnosticSeverity.Warning],
        ['split-fp-restore', DiagnosticSeverity.Information],
      ],
    );
    assert.match(text(m.returns[0]), /Leaf function: a toolchain upgrade does not help/);
    assert.match(text(m.returns[1]), /^Split frame-pointer restore in the leaf epilogue of main\.leafy/);
    assert.equal(m.decl.severity, DiagnosticSeverity.Warning);
    assert.equal(m.decl.code, 'split-sp-update');
    assert.match(text(m.decl), /^main\.leafy \(leaf, frame 65552 bytes\): 1 return site pops/);
    assert.deepEqual(m.decl.range, { start: { line: 9, character: 5 }, end: { line: 9, character: 10 } });
    assert.deepEqual(m.returns[0].range, { start: { line: 12, character: 0 }, end: { line: 12, character: 1 } });
  });
});
