// Builds the fixtures with every installed toolchain and asserts the exact
// findings, per the measured table in the domain notes: leaf epilogues split
// in every toolchain, non-leaf ones up to go1.24, none in go1.26.
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeModule } from '../../server/src/core/listing/analyze';
import type { Finding } from '../../server/src/core/types';
import { ALL_MINORS, FIXTURES, goBinary, testEnv, type Minor } from '../support/paths';

const OLD: Minor[] = ['1.19', '1.21', '1.22', '1.23'];
const UP_TO_124: Minor[] = [...OLD, '1.24'];
/** go1.19 restores R29 after popping the frame (SUB $8, RSP, R29): no split FP restore. */
const FP_SPLITTING: Minor[] = ['1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27'];
/** The non-leaf fix (go1.23.12 / go1.24.6 / go1.25.0): Debian's go1.23.5 and go1.24.4 predate it. */
const FIXED: Minor[] = ['1.25', '1.26', '1.27'];

/** function (without package), kind, return line -> toolchains that produce it. */
const FRAMES: [string, 'sp' | 'fp', number, readonly Minor[]][] = [
  ['LeafAbove64K', 'sp', 45, ALL_MINORS],
  ['LeafAbove64K', 'fp', 45, FP_SPLITTING],
  ['LeafManyReturns', 'sp', 69, ALL_MINORS],
  ['LeafManyReturns', 'sp', 72, ALL_MINORS],
  ['LeafManyReturns', 'sp', 74, ALL_MINORS],
  ['LeafManyReturns', 'fp', 69, FP_SPLITTING],
  ['LeafManyReturns', 'fp', 72, FP_SPLITTING],
  ['LeafManyReturns', 'fp', 74, FP_SPLITTING],
  ['(*Buffer).Fill', 'sp', 10, ALL_MINORS],
  ['(*Buffer).Fill', 'fp', 10, FP_SPLITTING],
  ['MakeClosure.func1', 'sp', 18, ALL_MINORS],
  ['MakeClosure.func1', 'fp', 18, FP_SPLITTING],
  ['Generic[go.shape.uint]', 'sp', 28, ALL_MINORS],
  ['Generic[go.shape.uint]', 'fp', 28, FP_SPLITTING],
  // 1 MiB + 32: split by the older assemblers, built in a register from go1.24 on.
  ['LeafLarge', 'sp', 59, OLD],
  ['LeafLarge', 'fp', 59, ['1.21', '1.22', '1.23']],
  // 69632 = 17 * 4096 pops with one shifted ADD; its FP restore (69624) still splits.
  ['LeafMultiple4K', 'fp', 52, FP_SPLITTING],
  // Non-leaf: split until the fix (go1.23.12 / go1.24.6 / go1.25.0), atomic in go1.25.12 and later.
  ['NonLeafAbove64K', 'sp', 11, UP_TO_124],
  ['NonLeafLarge', 'sp', 27, OLD],
  // go1.21 spills a temporary here, so the frame is 69648, not 69632: split.
  ['NonLeafMultiple4K', 'sp', 19, ['1.21']],
];

const short = (f: Finding) => f.function.replace('example.com/frames.', '').replace('go.shape.uint_0', 'go.shape.uint');
const key = (fn: string, kind: string, line: number) => `${fn} ${kind} ${line}`;

async function scan(dir: string, minor: Minor) {
  return analyzeModule({ dir: path.join(FIXTURES, dir), go: goBinary(minor), env: testEnv() });
}

describe('engine on real toolchains', function () {
  this.timeout(300000);

  for (const minor of ALL_MINORS) {
    describe(`go${minor}`, () => {
      it('frames fixture: exactly the expected split epilogues', async () => {
        const r = await scan('frames', minor);
        assert.deepEqual(r.errors, []);
        assert.match(r.toolchain.version, new RegExp(`^go${minor.replace('.', '\\.')}\\.\\d+$`));
        assert.equal(r.toolchain.nonLeafFixed, FIXED.includes(minor));
        const got = r.findings.map((f) => key(short(f), f.kind === 'split-sp-update' ? 'sp' : 'fp', f.line)).sort();
        const want = FRAMES.filter(([, , , ms]) => ms.includes(minor))
          .map(([fn, k, line]) => key(fn, k, line))
          .sort();
        assert.deepEqual(got, want);
        for (const f of r.findings) {
          assert.equal(f.offsets[1], f.offsets[0] + 4);
          assert.equal(
            f.file,
            path.join(
              FIXTURES,
              'frames',
              short(f).startsWith('NonLeaf') ? 'nonleaf.go' : /Fill|Closure|Generic/.test(short(f)) ? 'shapes.go' : 'leaf.go',
            ),
          );
          assert.equal(f.leaf, !short(f).startsWith('NonLeaf'));
          assert.equal(f.fixedByToolchain, !f.leaf && f.kind === 'split-sp-update');
          if (f.kind === 'split-sp-update') assert.match(f.instructions[0], /^add sp, sp, #0x[0-9a-f]+$/);
          if (f.kind === 'split-sp-update') assert.match(f.instructions[1], /^add sp, sp, #0x[0-9a-f]+, lsl #12$/);
        }
        const above = r.findings.find((f) => short(f) === 'LeafAbove64K' && f.kind === 'split-sp-update')!;
        assert.deepEqual(
          [above.frameSize, above.declLine, above.instructions],
          [65552, 42, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']],
        );
      });

      it('seed reproducer: main.big_stack, leaf, frame 65552', async () => {
        const r = await scan('reproducer', minor);
        const sp = r.findings.filter((f) => f.kind === 'split-sp-update');
        assert.deepEqual(
          sp.map((f) => [f.function, f.leaf, f.frameSize, f.line, f.declLine, f.instructions]),
          [['main.big_stack', true, 65552, 22, 11, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']]],
        );
      });
    });
  }

  it('go.work: one build covers every used module', async () => {
    const r = await scan('workspace', '1.24');
    assert.deepEqual(
      r.findings
        .filter((f) => f.kind === 'split-sp-update')
        .map((f) => [f.function, f.leaf, path.relative(FIXTURES, f.file), f.line])
        .sort(),
      [
        ['example.com/api.Handle', false, 'workspace/api/api.go', 12],
        ['example.com/worker.Crunch', true, 'workspace/worker/worker.go', 8],
      ],
    );
    const fixed = await scan('workspace', '1.26');
    assert.deepEqual(
      fixed.findings.filter((f) => f.kind === 'split-sp-update').map((f) => f.function),
      ['example.com/worker.Crunch'],
    );
  });

  it('a package that does not compile is reported; the others still are analysed', async () => {
    const r = await scan('brokenpkg', '1.26');
    assert.deepEqual(
      r.errors.map((e) => [e.packagePath, path.relative(FIXTURES, e.file ?? ''), e.line, e.message]),
      [['example.com/brokenpkg/broken', 'brokenpkg/broken/broken.go', 5, 'undefined: undefinedName']],
    );
    assert.deepEqual(
      r.findings.map((f) => [f.function, f.kind, f.line]),
      [
        ['example.com/brokenpkg/ok.Checksum', 'split-fp-restore', 8],
        ['example.com/brokenpkg/ok.Checksum', 'split-sp-update', 8],
      ],
    );
  });

  it('a package with a hand-written .s file builds and its Go functions are analysed', async () => {
    const r = await scan('asmpkg', '1.24');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.findings.map((f) => [f.function, f.kind, f.line]),
      [
        ['example.com/asmpkg.Window', 'split-fp-restore', 11],
        ['example.com/asmpkg.Window', 'split-sp-update', 11],
      ],
    );
  });

  it('-trimpath (through GOFLAGS) paths are mapped back to files on disk', async () => {
    const r = await analyzeModule({ dir: path.join(FIXTURES, 'reproducer'), go: goBinary('1.24'), env: testEnv({ GOFLAGS: '-trimpath' }) });
    assert.deepEqual(
      r.findings.map((f) => f.file),
      [path.join(FIXTURES, 'reproducer', 'main.go'), path.join(FIXTURES, 'reproducer', 'main.go')],
    );
  });
});
