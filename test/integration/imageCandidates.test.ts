// Candidate binaries inside an image are held one at a time: six large copies
// of a real Go arm64 binary (go1.26's build of the e2e demo, padded with
// zeros to 20-25 MB each, so a single compressed slice can hold the end of one
// and the start of the next) in a docker-save archive, an OCI archive with a
// gzip layer, and an OCI layout directory (gzip and zstd layers). The readers'
// count of candidate bytes held at once never exceeds the largest binary plus
// one input slice's output, never two binaries; every copy gives the findings
// of the same bytes scanned as a file. And a `gzip -9` layer whose last entry
// is a large published binary (Debian trixie's dockerd, 69 MB, 23 findings) keeps that entry, read
// from docker-archive and from oci:DIR, with the file's findings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { scanBinary } from '../../server/src/core/binary/scan';
import type { BinaryReport } from '../../server/src/core/binary/types';
import { LAYER_SLICE } from '../../server/src/core/binary/targets/candidateBuffer';
import { readImageArchive } from '../../server/src/core/binary/targets/imageArchive';
import { scanImageSource } from '../../server/src/core/binary/image/scanImage';
import { DEBIAN_DIR, installDebianBinaries } from '../support/debianBinaries';
import { buildFixtureBinary } from '../support/goBinaries';
import { writeDockerSave, writeOciLayout } from '../support/imageArchives';
import { writeOciLayoutDir } from '../support/ociLayouts';
import { FIXTURES } from '../support/paths';

const MB = 1 << 20;
/** What can arrive after a file's end before the reader pauses: one slice's output (deflate: at most 1032 bytes per byte), plus a tar block. */
const SLACK = LAYER_SLICE * 1032 + 512;

const brief = (r: BinaryReport) =>
  r.findings.map((f) => `${f.function} ${f.file}:${f.line} leaf=${f.leaf} frame=${f.frameSize} preemptible=${f.preemptible}`).sort();

/** Peak of the bytes a reader reports holding. */
function heldMeter() {
  const m = { peak: 0, last: 0, onHeld: (n: number) => ((m.last = n), (m.peak = Math.max(m.peak, n))) };
  return m;
}

describe('candidate binaries inside an image', function () {
  this.timeout(600000);
  let tmp: string;
  let copies: Buffer[];
  let expected: string[];
  const names = (n: number) => `usr/bin/app${n}`;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-candidates-'));
    const real = readFileSync(await buildFixtureBinary({ minor: '1.26', module: path.join(FIXTURES, 'e2e-demo'), shape: 'plain' }));
    copies = Array.from({ length: 6 }, (_, i) => {
      const b = Buffer.alloc((20 + i) * MB);
      real.copy(b);
      return b;
    });
    expected = brief(await scanBinary(copies[0], 'file'));
    assert.ok(expected.length > 0, 'the demo binary has findings');
    // Padding after the ELF image changes nothing the scan reads.
    assert.deepEqual(brief(await scanBinary(real, 'file')), expected);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const files = (from: number, to: number) => Object.fromEntries(copies.slice(from, to).map((b, i) => [names(from + i), b]));
  const largest = () => Math.max(...copies.map((b) => b.length));

  async function readArchive(file: string, meter = heldMeter()) {
    const got: Record<string, string[]> = {};
    const r = await readImageArchive(file, {
      maxBinaryBytes: 1 << 30,
      onBinary: async (b) => {
        got[b.path] = brief(await scanBinary(b.bytes, b.path));
      },
      onError: (p, m) => assert.fail(`${p}: ${m}`),
      onHeld: meter.onHeld,
    });
    assert.equal(r.error, undefined);
    return { got, meter };
  }

  async function readOciDir(dir: string, meter = heldMeter()) {
    const r = await scanImageSource(
      { kind: 'oci', dir },
      { maxBinaryBytes: 1 << 30, scan: (b) => scanBinary(b, ''), onHeld: meter.onHeld },
    );
    assert.deepEqual(r.errors, []);
    return { got: Object.fromEntries(r.binaries.map((b) => [b.path.slice(b.path.lastIndexOf(':') + 1), brief(b)])), meter };
  }

  const assertOneAtATime = (what: string, got: Record<string, string[]>, meter: ReturnType<typeof heldMeter>) => {
    assert.deepEqual(
      got,
      Object.fromEntries(copies.map((_, i) => [`/${names(i)}`, expected])),
      `${what}: every copy has the file's findings`,
    );
    const sum = copies.reduce((n, b) => n + b.length, 0);
    assert.ok(meter.peak >= largest(), `${what}: the largest binary was held whole (${meter.peak})`);
    assert.ok(
      meter.peak <= largest() + SLACK,
      `${what}: held at most one binary plus one slice's output: ${(meter.peak / MB).toFixed(1)} MB of ${(sum / MB).toFixed(0)} MB`,
    );
    assert.equal(meter.last, 0, `${what}: everything released`);
  };

  it('docker-archive (plain layers): one binary held at a time, the file findings for each', async () => {
    const file = path.join(tmp, 'docker.tar');
    await writeDockerSave(file, [files(0, 3), files(3, 6)]);
    const { got, meter } = await readArchive(file);
    rmSync(file);
    assertOneAtATime('docker-archive', got, meter);
  });

  it('oci-archive (gzip layers): one binary held at a time, the file findings for each', async () => {
    const file = path.join(tmp, 'oci.tar');
    await writeOciLayout(file, [files(0, 3), files(3, 6)], { gzip: true });
    const { got, meter } = await readArchive(file);
    rmSync(file);
    assertOneAtATime('oci-archive', got, meter);
  });

  it('oci:DIR (a gzip and a zstd layer): one binary held at a time, the file findings for each', async () => {
    const dir = path.join(tmp, 'layout');
    await writeOciLayoutDir(dir, [
      {
        platform: { os: 'linux', architecture: 'arm64' },
        layers: [
          { compression: 'gzip', createdBy: 'COPY a /', files: files(0, 3) },
          { compression: 'zstd', createdBy: 'COPY b /', files: files(3, 6) },
        ],
      },
    ]);
    const { got, meter } = await readOciDir(dir);
    rmSync(dir, { recursive: true, force: true });
    assertOneAtATime('oci:DIR', got, meter);
  });

  it('a gzip -9 layer whose last entry is a large published binary keeps it (docker-archive and oci:DIR)', async () => {
    installDebianBinaries();
    const big = path.join(DEBIAN_DIR, 'docker.io_trixie', 'usr', 'sbin', 'dockerd');
    const bigBytes = readFileSync(big);
    const want = { '/usr/bin/dockerd': brief(await scanBinary(bigBytes, big)) };
    assert.ok(want['/usr/bin/dockerd'].length > 0, 'dockerd has findings');
    // The layer: a small file, then the binary as the last entry; compressed by gzip itself at -9.
    const src = path.join(tmp, 'gzip9');
    execFileSync('mkdir', ['-p', path.join(src, 'etc'), path.join(src, 'usr', 'bin')]);
    writeFileSync(path.join(src, 'etc', 'motd'), 'hello\n');
    writeFileSync(path.join(src, 'usr', 'bin', 'dockerd'), bigBytes, { mode: 0o755 });
    const layerTar = path.join(tmp, 'gzip9.tar');
    tar.c({ cwd: src, file: layerTar, portable: true, sync: true }, ['etc/motd', 'usr/bin/dockerd']);
    const blob = execFileSync('gzip', ['-9', '-n', '-c', layerTar], { maxBuffer: 256 * MB });
    assert.deepEqual([...blob.subarray(0, 2)], [0x1f, 0x8b]);

    const archive = path.join(tmp, 'gzip9-docker.tar');
    await writeDockerSave(archive, [blob]);
    const fromArchive = await readArchive(archive);
    assert.deepEqual(fromArchive.got, want);

    const dir = path.join(tmp, 'gzip9-layout');
    await writeOciLayoutDir(dir, [
      { platform: { os: 'linux', architecture: 'arm64' }, layers: [{ compression: 'gzip', createdBy: 'ADD rootfs.tar.gz /', blob }] },
    ]);
    const fromDir = await readOciDir(dir);
    assert.deepEqual(fromDir.got, want);
  });
});
