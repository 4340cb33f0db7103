// The binary reader against the listing engine: for every installed
// toolchain, fixture and binary shape (plain, stripped, PIE, -trimpath,
// darwin Mach-O, section-less ELF; cgo for two toolchains), scanBinary's
// preemptible hazards equal the split SP updates `scan` finds in the same
// module (function, return line, leaf, frame size). Also: the runtime's own
// assembly pairs appear only with `all`, and module attribution / build info
// of a binary with a replaced dependency.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeModule } from '../../server/src/core/listing/analyze';
import { openGoBinary, scanBinary, locatePc, type BinaryFinding } from '../../server/src/core/binary';
import type { Finding } from '../../server/src/core/types';
import { buildFixtureBinary, CROSS_CC, type BinaryShape } from '../support/goBinaries';
import { ALL_MINORS, FIXTURES, goBinary, testEnv, type Minor } from '../support/paths';
import { installedToolchain } from '../support/toolchains';

const SHAPES: BinaryShape[] = ['plain', 'stripped', 'pie', 'trimpath', 'darwin', 'noshdr'];
const CGO_MINORS: Minor[] = ['1.24', '1.27'];
const FIXED: Minor[] = ['1.25', '1.26', '1.27'];

/** Listing module, the module the binary is built from, and the function-name prefix the listing covers. */
const FIXTURES_UNDER_TEST = [
  { listing: 'frames', binary: 'framesbin', prefix: 'example.com/frames.' },
  { listing: 'reproducer', binary: 'reproducer', prefix: 'main.' },
];

/** go1.19's linker writes generic instantiations as `F[...]` in the pclntab; the listing has `F[go.shape.uint_0]`. */
const generic = (name: string) => name.replace(/\[.*\]$/, '[...]');
const key = (f: { function: string; line: number; leaf: boolean; frameSize: number }) =>
  `${generic(f.function)} line=${f.line} ${f.leaf ? 'leaf' : 'nonleaf'} frame=${f.frameSize}`;

async function listingHazards(dir: string, minor: Minor, cgo = false): Promise<Finding[]> {
  const r = await analyzeModule({ dir: path.join(FIXTURES, dir), go: goBinary(minor), env: testEnv(cgo ? { CC: CROSS_CC } : {}), cgo });
  assert.deepEqual(r.errors, []);
  return r.findings.filter((f) => f.kind === 'split-sp-update');
}

async function scanBuilt(minor: Minor, module: string, shape: BinaryShape, all = false) {
  const file = await buildFixtureBinary({ minor, module, shape });
  const r = await scanBinary(readFileSync(file), file, { all });
  assert.deepEqual(r.errors, [], `${module} ${shape}`);
  return r;
}

function assertSameHazards(got: BinaryFinding[], want: Finding[], minor: Minor): void {
  assert.deepEqual(got.map(key).sort(), want.map(key).sort());
  assert.ok(got.length > 0);
  for (const f of got) {
    const twin = want.find((w) => key(w) === key(f))!;
    assert.equal(path.basename(f.file), path.basename(twin.file));
    assert.deepEqual(f.instructions, twin.instructions);
    assert.deepEqual(f.offsets, [f.offset, f.offset + 4]);
    assert.equal(f.preemptible, true);
    assert.equal(f.fixedByToolchain, !f.leaf && !FIXED.includes(minor));
  }
}

describe('binary reader matches the listing engine', function () {
  this.timeout(600000);

  for (const minor of ALL_MINORS) {
    describe(`go${minor}`, () => {
      for (const fx of FIXTURES_UNDER_TEST) {
        let listing: Promise<Finding[]> | undefined;
        for (const shape of SHAPES) {
          it(`${fx.binary} ${shape}: same hazards as scan of ${fx.listing}`, async () => {
            listing ??= listingHazards(fx.listing, minor);
            const r = await scanBuilt(minor, fx.binary, shape);
            assert.equal(r.format, shape === 'darwin' ? 'macho' : 'elf');
            assert.match(r.goVersion ?? '', new RegExp(`^go${minor.replace('.', '\\.')}\\.\\d+$`));
            assert.ok(
              r.findings.every((f) => f.function.startsWith(fx.prefix)),
              r.findings.map((f) => f.function).join(', '),
            );
            assertSameHazards(r.findings, await listing, minor);
            if (shape === 'trimpath') assert.ok(r.findings.every((f) => !path.isAbsolute(f.file)));
            else assert.ok(r.findings.every((f) => f.file.startsWith(path.join(FIXTURES, fx.listing))));
          });
        }
      }

      it('runtime assembly pairs: only with all=true, never preemptible', async () => {
        const plain = await scanBuilt(minor, 'reproducer', 'stripped');
        const all = await scanBuilt(minor, 'reproducer', 'stripped', true);
        const runtimeAsm = (f: BinaryFinding) => /^(runtime\.call\d+|(runtime\.)?debugCall65536)$/.test(f.function);
        assert.equal(plain.findings.filter(runtimeAsm).length, 0);
        const asm = all.findings.filter(runtimeAsm);
        assert.ok(asm.some((f) => /debugCall65536$/.test(f.function)));
        // The reflect-call trampolines are linked into the reproducer from go1.23 on, and atomic again from go1.26.
        assert.equal(
          asm.some((f) => f.function === 'runtime.call65536'),
          minor === '1.23' || minor === '1.24',
        );
        for (const f of asm) assert.deepEqual([f.preemptible, f.notPreemptible], [false, 'assembly']);
        assert.deepEqual(all.findings.filter((f) => f.preemptible).map(key), plain.findings.map(key));
      });

      it('locatePc names the second half of the split pair', async () => {
        const file = await buildFixtureBinary({ minor, module: 'reproducer', shape: 'stripped' });
        const bin = openGoBinary(readFileSync(file));
        assert.ok(!('error' in bin));
        const [hazard] = (await scanBuilt(minor, 'reproducer', 'stripped')).findings;
        const loc = await locatePc(bin, 'main.big_stack', hazard.offsets[1]);
        assert.ok(!('error' in loc));
        assert.deepEqual(
          [loc.line, loc.instruction, loc.frameSize, loc.splitSecondHalfOf?.address],
          [22, 'add sp, sp, #0x10, lsl #12', 65552, hazard.address],
        );
        assert.equal(path.basename(loc.file), 'main.go');
      });
    });
  }

  for (const minor of CGO_MINORS) {
    it(`go${minor} cgo (external link): same hazards as scan`, async () => {
      const r = await scanBuilt(minor, 'cgo', 'cgo');
      assertSameHazards(r.findings, await listingHazards('cgo', minor, true), minor);
      assert.equal(r.buildInfo?.settings.CGO_ENABLED, '1');
    });
    it(`go${minor} cgo, PIE, external link, stripped (a distribution's package): same hazards as scan`, async () => {
      const r = await scanBuilt(minor, 'cgo', 'cgo-pie');
      assertSameHazards(r.findings, await listingHazards('cgo', minor, true), minor);
      assert.equal(r.buildInfo?.settings['-buildmode'], 'pie');
      assert.deepEqual(r.errors, []);
    });
  }

  it('a replaced dependency: module attribution and build info (go1.24, go1.27)', async () => {
    const old = await scanBuilt('1.24', 'binarydeps', 'trimpath');
    assert.deepEqual(old.findings.map((f) => [f.function, f.module, f.moduleVersion, f.file, f.leaf, f.fixedByToolchain]).sort(), [
      ['example.com/dep.G[go.shape.string]', 'example.com/dep', 'v1.2.3', 'example.com/dep@v1.2.3/dep.go', true, false],
      ['example.com/dep.Leaf', 'example.com/dep', 'v1.2.3', 'example.com/dep@v1.2.3/dep.go', true, false],
      ['example.com/dep.NonLeaf', 'example.com/dep', 'v1.2.3', 'example.com/dep@v1.2.3/dep.go', false, true],
      ['main.bigLeaf', 'example.com/app', '(devel)', 'example.com/app/main.go', true, false],
    ]);
    const bi = old.buildInfo!;
    assert.equal(bi.goVersion, installedToolchain('1.24').version);
    assert.equal(bi.path, 'example.com/app');
    assert.deepEqual(bi.main, { path: 'example.com/app', version: '(devel)' });
    assert.deepEqual(bi.deps, [{ path: 'example.com/dep', version: 'v1.2.3', replace: { path: './dep', version: '(devel)' } }]);
    assert.deepEqual(
      [bi.settings.GOOS, bi.settings.GOARCH, bi.settings.CGO_ENABLED, bi.settings['-trimpath']],
      ['linux', 'arm64', '0', 'true'],
    );
    const fixed = await scanBuilt('1.27', 'binarydeps', 'plain');
    assert.deepEqual(fixed.findings.map((f) => f.function).sort(), [
      'example.com/dep.G[go.shape.string]',
      'example.com/dep.Leaf',
      'main.bigLeaf',
    ]);
  });
});
