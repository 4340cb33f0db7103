// The image archive reader on archives built here (docker save and OCI
// layouts, gzip'd and plain layers) holding stand-in executables: an arm64
// ELF header plus Go's build-info magic is all the reader looks at; the real
// binaries go through the CLI in test/integration/scanBinaryCli.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageArchive } from '../../server/src/core/binary/targets/imageArchive';
import { type LayerSpec, writeDockerSave, writeOciLayout } from '../support/imageArchives';

function fakeGoArm64(tag: string, go = true): Buffer {
  const b = Buffer.alloc(4096);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  b[16] = 2;
  b[18] = 0xb7;
  if (go) b.write('\xff Go buildinf:', 1024, 'latin1');
  b.write(tag, 2048);
  return b;
}

async function read(file: string, max = 1 << 30) {
  const got: { path: string; tag: string }[] = [];
  const errors: string[] = [];
  const r = await readImageArchive(file, {
    maxBinaryBytes: max,
    onBinary: async (b) => {
      got.push({ path: b.path, tag: Buffer.from(b.bytes).toString('latin1', 2048, 2052) });
    },
    onError: (p, m) => errors.push(`${p}: ${m}`),
  });
  return { ...r, got: got.sort((a, b) => a.path.localeCompare(b.path)), errors };
}

describe('image archive reader', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-img-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const layers = (): LayerSpec[] => [
    {
      'usr/bin/app': fakeGoArm64('APP1'),
      'usr/bin/gone': fakeGoArm64('GONE'),
      'usr/bin/sh': fakeGoArm64('CSH_', false),
      'etc/motd': 'hello\n',
      'srv/old/tool': fakeGoArm64('OLDT'),
    },
    {
      'usr/bin/app': fakeGoArm64('APP2'),
      'usr/bin/.wh.gone': '',
      'srv/.wh..wh..opq': '',
      'srv/new': fakeGoArm64('NEW_'),
      'usr/local/bin/app-link': { hardlinkTo: 'usr/bin/app' },
    },
  ];
  const expected = [
    { path: '/srv/new', tag: 'NEW_' },
    { path: '/usr/bin/app', tag: 'APP2' },
    { path: '/usr/local/bin/app-link', tag: 'APP2' },
  ];

  it('docker save: final filesystem after replacement, whiteout, opaque dir, hard link', async () => {
    const f = path.join(dir, 'docker.tar');
    await writeDockerSave(f, layers());
    const r = await read(f);
    assert.deepEqual(r.got, expected);
    assert.equal(r.skipped, 2); // etc/motd, the C shell
    assert.equal(r.error, undefined);
  });

  it("OCI layout with gzip'd layers, and with plain layers", async () => {
    for (const gzip of [true, false]) {
      const f = path.join(dir, `oci-${gzip}.tar`);
      await writeOciLayout(f, layers(), { gzip });
      const r = await read(f);
      assert.deepEqual(r.got, expected, `gzip ${gzip}`);
      assert.equal(r.skipped, 2);
    }
  });

  it('reports candidates over the size limit instead of reading them', async () => {
    const f = path.join(dir, 'limit.tar');
    await writeDockerSave(f, [{ app: fakeGoArm64('BIG_') }]);
    const r = await read(f, 1000);
    assert.deepEqual(r.got, []);
    assert.match(r.errors[0], /^\/app: 0 MB, larger than the 0 MB limit/);
  });

  it('a tar that is not an image, a missing layer, garbage: one line each', async () => {
    const plain = path.join(dir, 'plain.tar');
    await writeDockerSave(plain, [{ a: 'x' }]);
    const notImage = path.join(dir, 'notimage.tar');
    const tar = await import('tar');
    writeFileSync(path.join(dir, 'x.txt'), 'x');
    await tar.c({ cwd: dir, file: notImage }, ['x.txt']);
    assert.match((await read(notImage)).error ?? '', /not a container image/);
    const missing = path.join(dir, 'missing.tar');
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify([{ Config: 'c.json', Layers: ['abc/layer.tar'] }]));
    await tar.c({ cwd: dir, file: missing }, ['manifest.json']);
    assert.match((await read(missing)).error ?? '', /^image archive is incomplete: layer abc\/layer.tar is missing or not a tar/);
    const garbage = path.join(dir, 'garbage.tar');
    writeFileSync(garbage, Buffer.alloc(10000, 7));
    assert.match((await read(garbage)).error ?? '', /not a container image/);
  });
});
