// Damaged image archives are reported, never read as smaller clean images:
// a docker-save archive cut anywhere is "truncated" (or complete), a gzip
// layer cut short or corrupted names the layer and how far it was read (the
// binaries before the damage still reported), a layer shorter than its
// descriptor says so, and a `gzip -9` layer whose last entry is large is read
// whole.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readImageArchive } from '../../server/src/core/binary/targets/imageArchive';
import { writeDockerSave, writeOciLayout } from '../support/imageArchives';

/** What the archive reader looks at: an arm64 ELF header, Go's build-info magic, a tag; then `size` bytes of (pseudo-random, when `seed`) filler. */
function fakeGoArm64(tag: string, size = 4096, seed = 0): Buffer {
  const b = Buffer.alloc(size);
  if (seed) for (let i = 4096, x = seed; i < size; i++) b[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  b[16] = 2;
  b[18] = 0xb7;
  b.write('\xff Go buildinf:', 1024, 'latin1');
  b.write(tag, 2048);
  return b;
}

async function read(file: string) {
  const got: string[] = [];
  const r = await readImageArchive(file, {
    maxBinaryBytes: 1 << 30,
    onBinary: async (b) => {
      got.push(`${b.path}=${Buffer.from(b.bytes).toString('latin1', 2048, 2052)}:${b.bytes.length}`);
    },
    onError: (p, m) => got.push(`${p}: ${m}`),
  });
  return { ...r, got: got.sort() };
}

describe('damaged image archives', function () {
  this.timeout(300000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-damaged-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a docker-save archive cut at any point is truncated, or complete', async () => {
    const file = path.join(dir, 'docker.tar');
    await writeDockerSave(file, [{ 'usr/bin/a': fakeGoArm64('AAAA') }, { 'usr/bin/b': fakeGoArm64('BBBB') }]);
    const whole = readFileSync(file);
    const complete = await read(file);
    assert.deepEqual(complete.got, ['/usr/bin/a=AAAA:4096', '/usr/bin/b=BBBB:4096']);
    assert.equal(complete.error, undefined);
    const cut = path.join(dir, 'cut.tar');
    let truncated = 0;
    for (let at = 512; at < whole.length; at += 512) {
      writeFileSync(cut, whole.subarray(0, at));
      const r = await read(cut);
      if (r.error === undefined) assert.deepEqual(r.got, complete.got, `cut at ${at}: complete or an error`);
      else {
        assert.match(r.error, /^truncated: /, `cut at ${at}`);
        truncated++;
      }
    }
    assert.ok(truncated > 10);
  });

  const three = () => [
    {
      'usr/bin/a': fakeGoArm64('AAAA', 300000, 1),
      'usr/bin/b': fakeGoArm64('BBBB', 300000, 2),
      'usr/bin/c': fakeGoArm64('CCCC', 300000, 3),
    },
  ];

  it('a gzip layer cut short: the layer named, how far it was read, shorter than its descriptor', async () => {
    const file = path.join(dir, 'cut-layer.tar');
    let full = 0;
    await writeOciLayout(file, three(), {
      gzip: true,
      damage: (_, b) => {
        full = b.length;
        return b.subarray(0, Math.floor(b.length * 0.6));
      },
    });
    const r = await read(file);
    assert.match(
      r.error ?? '',
      new RegExp(
        `^truncated: layer blobs/sha256/[0-9a-f]{64} holds ${Math.floor(full * 0.6)} bytes of the ${full} bytes its descriptor names`,
      ),
    );
    assert.match(
      r.error ?? '',
      /layer blobs\/sha256\/[0-9a-f]{64} is damaged \(.*unexpected end of file\) after \d+ bytes of it were read: files after that point were not scanned/,
    );
    // The binaries before the cut are still read.
    assert.deepEqual(r.got, ['/usr/bin/a=AAAA:300000']);
  });

  it('a gzip layer corrupted in the middle is damaged, not silently shorter', async () => {
    const file = path.join(dir, 'corrupt-layer.tar');
    await writeOciLayout(file, three(), {
      gzip: true,
      damage: (_, b) => {
        const c = Buffer.from(b);
        c.fill(0x5a, Math.floor(c.length * 0.5), Math.floor(c.length * 0.5) + 2000);
        return c;
      },
    });
    const r = await read(file);
    assert.match(r.error ?? '', /^layer blobs\/sha256\/[0-9a-f]{64} is damaged \(.+\) after \d+ bytes of it were read/);
  });

  it('a gzip -9 layer whose last entry is large is read whole', async () => {
    const file = path.join(dir, 'gzip9.tar');
    await writeOciLayout(file, [{ 'usr/bin/a': fakeGoArm64('AAAA'), 'usr/bin/z': fakeGoArm64('ZZZZ', 16 << 20, 7) }], {
      gzip: true,
      transform: (_, b) => gzipSync(gunzipSync(b), { level: 9 }),
    });
    const r = await read(file);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.got, ['/usr/bin/a=AAAA:4096', `/usr/bin/z=ZZZZ:${16 << 20}`]);
  });
});
