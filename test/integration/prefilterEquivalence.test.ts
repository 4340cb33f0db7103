// The fast paths of the binary scan report exactly what the full scan does:
// the pcsp pre-filter (only places where a function's frame drops by 4097+
// bytes are bit-tested) and the reading of a file by parts (sparseScan.ts)
// against a whole-file read with a search of the whole text
// (`fullScan: true`). On every binary of the test matrix (each installed
// toolchain, every shape, cgo builds), the committed binaries and the
// published Debian binaries (fetched when missing). `all: true`, so the
// runtime's own non-preemptible pairs are compared too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { scanBinary, type BinaryReport } from '../../server/src/core/binary';
import { scanFileByParts } from '../../server/src/core/binary/sparseScan';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { buildFixtureBinary, type BinaryShape } from '../support/goBinaries';
import { DEBIAN_DIR, debianGoBinaries, installDebianBinaries } from '../support/debianBinaries';
import { ALL_MINORS, FIXTURES } from '../support/paths';

const SHAPES: BinaryShape[] = ['plain', 'stripped', 'pie', 'trimpath', 'darwin', 'darwin-stripped', 'noshdr'];
const CGO_SHAPES: BinaryShape[] = ['cgo', 'cgo-pie'];
const CGO_MINORS = ['1.24', '1.27'];
const MODULES = ['framesbin', 'reproducer'];

/**
 * Full scan, pre-filtered scan of the same bytes, and (for ELF files) the scan by parts: all equal.
 * Returns the full scan's report.
 */
async function assertSameEveryWay(file: string): Promise<BinaryReport> {
  const bytes = readFileSync(file);
  const full = await scanBinary(bytes, file, { all: true, fullScan: true });
  assert.deepEqual(full.errors, [], file);
  assert.deepEqual(await scanBinary(bytes, file, { all: true }), full, `${file}: pre-filtered`);
  const parts = scanFileByParts(file, { all: true });
  // By parts where it can (ELF; no candidate in a function with an inline tree, whose data is not loaded): then the
  // report by parts is the full scan's. Otherwise the CLI reads the whole file.
  if (parts) assert.deepEqual(parts, full, `${file}: read by parts`);
  return full;
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
            const r = await assertSameEveryWay(file);
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
      assert.ok(files.some((f) => path.basename(f) === 'dockerd'));
      let findings = 0;
      for (const f of files) findings += (await assertSameEveryWay(f)).findings.length;
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
