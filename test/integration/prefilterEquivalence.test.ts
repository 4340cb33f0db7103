// The fast paths of the binary scan report exactly what the full scan does:
// the pcsp pre-filter (only places where a function's frame drops by 4097+
// bytes are bit-tested) and the reading of a file by parts (sparseScan.ts)
// against a whole-file read with a search of the whole text
// (`fullScan: true`). On every binary of the test matrix (each installed
// toolchain, every shape, cgo builds), the committed binaries and the
// published Debian binaries (fetched when missing). `all: true`, so the
// runtime's own non-preemptible pairs are compared too. The published
// binaries are all read by parts, dockerd too (whose candidates sit in
// functions with inline trees), holding less than half of it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { scanBinary, type BinaryReport } from '../../server/src/core/binary';
import { prefilteredAddresses } from '../../server/src/core/binary/detect';
import { openGoBinary } from '../../server/src/core/binary/goBinary';
import { FUNCDATA_INL_TREE } from '../../server/src/core/binary/inline';
import { scanFileByParts, type PartsRead } from '../../server/src/core/binary/sparseScan';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { buildFixtureBinary, type BinaryShape } from '../support/goBinaries';
import { DEBIAN_DIR, debianGoBinaries, installDebianBinaries } from '../support/debianBinaries';
import { ALL_MINORS, FIXTURES } from '../support/paths';

const SHAPES: BinaryShape[] = ['plain', 'stripped', 'pie', 'trimpath', 'darwin', 'darwin-stripped', 'noshdr'];
const CGO_SHAPES: BinaryShape[] = ['cgo', 'cgo-pie'];
const BY_PARTS: BinaryShape[] = ['plain', 'stripped', 'pie', 'trimpath', 'cgo', 'cgo-pie'];
const CGO_MINORS = ['1.24', '1.27'];
const MODULES = ['framesbin', 'reproducer'];

/**
 * Full scan, pre-filtered scan of the same bytes, and (for ELF files) the scan by parts: all equal.
 * `heldShare`: the file must be read by parts, holding less than this share of it. Returns the full scan's report.
 */
async function assertSameEveryWay(file: string, heldShare?: number): Promise<BinaryReport> {
  const bytes = readFileSync(file);
  const full = await scanBinary(bytes, file, { all: true, fullScan: true });
  assert.deepEqual(full.errors, [], file);
  assert.deepEqual(await scanBinary(bytes, file, { all: true }), full, `${file}: pre-filtered`);
  const read: PartsRead = { held: 0, searched: 0 };
  const parts = scanFileByParts(file, { all: true }, read);
  // By parts where it can (ELF with its build info section): then the report by parts is the full
  // scan's. Otherwise the CLI reads the whole file.
  if (parts) assert.deepEqual(parts, full, `${file}: read by parts`);
  if (heldShare !== undefined) {
    assert.ok(parts, `${file}: read by parts`);
    assert.ok(read.held > 0 && read.held < bytes.length * heldShare, `${file}: ${read.held} of ${bytes.length} bytes held`);
  }
  return full;
}

/** How many pre-filter candidates sit in functions with an inline tree (the tree lives outside the pclntab). */
function candidatesWithInlineTrees(file: string): number {
  const bin = openGoBinary(readFileSync(file));
  if ('error' in bin) throw new Error(bin.error);
  return (prefilteredAddresses(bin) ?? []).filter((pc) => {
    const fn = bin.funcs.at(pc);
    return fn !== undefined && bin.funcs.funcdataOffset(fn, FUNCDATA_INL_TREE) !== undefined;
  }).length;
}

describe('pre-filter and partial reads give the full scan’s findings', function () {
  this.timeout(900_000);

  describe('the test matrix', () => {
    for (const minor of ALL_MINORS) {
      const shapes = CGO_MINORS.includes(minor) ? [...SHAPES, ...CGO_SHAPES] : SHAPES;
      it(`go${minor}: ${MODULES.join(', ')} × ${shapes.join(', ')}`, async () => {
        for (const module of MODULES) {
          for (const shape of shapes) {
            const file = await buildFixtureBinary({ minor, module, shape });
            // ELF files with section headers are read by parts (Mach-O and section-less files whole).
            const r = await assertSameEveryWay(file, BY_PARTS.includes(shape) ? 1 : undefined);
            assert.ok(r.findings.length > 0, `${module} ${shape}: the fixtures hold split pairs`);
          }
        }
      });
    }
  });

  it('the committed binaries', async () => {
    const dir = path.join(FIXTURES, 'binaries');
    const files = readdirSync(dir).filter((n) => n.includes('arm64'));
    assert.ok(files.length >= 2);
    for (const n of files) await assertSameEveryWay(path.join(dir, n));
  });

  describe('published Debian binaries', () => {
    let files: string[] = [];
    before(function () {
      this.timeout(900_000);
      installDebianBinaries();
      files = debianGoBinaries();
    });
    it('dockerd, docker-proxy, kubectl, runc, containerd and its tools', async () => {
      assert.ok(files.length >= 8, `found ${files.length} Go arm64 binaries`);
      const dockerd = files.find((f) => path.basename(f) === 'dockerd');
      assert.ok(dockerd);
      assert.ok(candidatesWithInlineTrees(dockerd) > 0, 'dockerd has candidates in functions with inline trees');
      let findings = 0;
      for (const f of files) findings += (await assertSameEveryWay(f, f === dockerd ? 0.5 : 1)).findings.length;
      assert.ok(findings > 0);
    });
    it('the directory of the packages, scanned file after file (one buffer reused), as the files one by one', async () => {
      const dir = await scanTargets([DEBIAN_DIR], { all: true });
      assert.deepEqual(dir.errors, []);
      // By the file itself: a binary reached through a link may be reported under the link's path.
      const byFile = new Map(dir.binaries.map((b) => [realpathSync(b.path), b]));
      assert.deepEqual([...byFile.keys()].sort(), [...files].sort());
      for (const f of files) {
        const got = byFile.get(f)!;
        const { linkedFrom: _link, ...report } = got;
        void _link;
        assert.deepEqual({ ...report, path: f }, await scanBinary(readFileSync(f), f, { all: true, fullScan: true }), f);
      }
    });
  });
});
