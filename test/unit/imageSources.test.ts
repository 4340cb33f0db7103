// The pure parts of the image sources: the reference syntax (and reading back
// what output prints), the auth challenge, index resolution against hostile
// indexes (cycles, depth, counts) and platform choice, damaged layers, and the
// layer cache's refusal of a directory others can write.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { ImageSourceError } from '../../server/src/core/binary/image/errors';
import { formatImageSource, parseImageSource } from '../../server/src/core/binary/image/imageSource';
import { DiskLayerCache } from '../../server/src/core/binary/image/layerCache';
import { streamLayer } from '../../server/src/core/binary/image/layerRead';
import { parseChallenge } from '../../server/src/core/binary/image/registry';
import { parsePlatform, resolveImages } from '../../server/src/core/binary/image/resolve';
import type { BlobStore, Descriptor } from '../../server/src/core/binary/image/types';

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** An in-memory store: documents by digest, the root given. */
function memoryStore(root: object, docs: Buffer[]): BlobStore & { reads: number } {
  const byDigest = new Map(docs.map((d) => [digestOf(d), d]));
  const rootBytes = Buffer.from(JSON.stringify(root));
  const store = {
    label: 'memory',
    reads: 0,
    root: async () => ({ bytes: rootBytes, digest: digestOf(rootBytes), mediaType: '' }),
    document: async (d: Descriptor) => {
      store.reads++;
      const b = byDigest.get(d.digest);
      if (!b) throw new ImageSourceError(`missing ${d.digest}`);
      return b;
    },
    blobFile: async () => {
      throw new Error('not used');
    },
  };
  return store;
}
const json = (v: object) => Buffer.from(JSON.stringify(v));
const desc = (b: Buffer, mediaType: string, platform?: object): Descriptor & { platform?: never } =>
  ({ mediaType, digest: digestOf(b), size: b.length, ...(platform ? { platform } : {}) }) as Descriptor & { platform?: never };
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';

function image(arch: string, os = 'linux', variant?: string) {
  const config = json({ os, architecture: arch, ...(variant ? { variant } : {}), history: [{ created_by: 'ADD x /' }] });
  const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'a'.repeat(64)}`, size: 10 };
  const manifest = json({
    schemaVersion: 2,
    mediaType: MANIFEST,
    config: desc(config, 'application/vnd.oci.image.config.v1+json'),
    layers: [layer],
  });
  return { config, manifest };
}

describe('image sources', () => {
  describe('the reference syntax', () => {
    it('parses every form and prints what it reads back', () => {
      const cases: [string, string][] = [
        ['registry:127.0.0.1:5000/team/app:1.0', 'registry:127.0.0.1:5000/team/app:1.0'],
        ['docker://ghcr.example/a/b', 'registry:ghcr.example/a/b:latest'],
        [`registry:localhost/app@sha256:${'0'.repeat(64)}`, `registry:localhost/app@sha256:${'0'.repeat(64)}`],
        ['oci:/srv/layout', 'oci:/srv/layout'],
        ['oci:/srv/layout:v2', 'oci:/srv/layout:v2'],
        [`oci:/srv/layout@sha256:${'1'.repeat(64)}`, `oci:/srv/layout@sha256:${'1'.repeat(64)}`],
        ['oci-archive:/tmp/i.tar', 'oci-archive:/tmp/i.tar'],
        ['docker-archive:i.tar', 'docker-archive:i.tar'],
      ];
      for (const [input, printed] of cases) {
        const r = parseImageSource(input);
        assert.ok(r && 'source' in r, input);
        assert.equal(formatImageSource(r.source), printed, input);
      }
      assert.equal(parseImageSource('/usr/bin/app'), undefined);
      assert.equal(parseImageSource('image.tar:/usr/bin/app'), undefined);
    });

    it('reads the path in the image that output prints after the reference', () => {
      const r = parseImageSource('registry:127.0.0.1:5000/team/app:1.0:/usr/local/bin/tool');
      assert.ok(r && 'source' in r && r.source.kind === 'registry');
      assert.deepEqual([r.source.tag, r.source.inImage], ['1.0', '/usr/local/bin/tool']);
      const o = parseImageSource('oci:/srv/layout:v2:/usr/bin/app');
      assert.ok(o && 'source' in o && o.source.kind === 'oci');
      assert.deepEqual([o.source.dir, o.source.ref, o.source.inImage], ['/srv/layout', 'v2', '/usr/bin/app']);
    });

    it('malformed references are one line naming what is wrong', () => {
      for (const [input, re] of [
        ['registry:app:1.0', /names no registry host/],
        ['registry:app/x', /'app' is not a registry host/],
        ['registry:r.example/UPPER', /not a valid repository name/],
        ['registry:r.example/a@sha256:zz', /not a sha256 digest/],
        ['registry:r.example/a:bad tag', /not a valid tag/],
      ] as const) {
        const r = parseImageSource(input);
        assert.ok(r && 'error' in r, input);
        assert.match(r.error, re);
      }
    });
  });

  it('parses registry auth challenges', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' },
    });
    assert.deepEqual(parseChallenge('Basic realm="pg"'), { scheme: 'basic', params: { realm: 'pg' } });
    assert.equal(parseChallenge('Negotiate'), undefined);
    assert.equal(parseChallenge(undefined), undefined);
  });

  describe('resolving an index', () => {
    it('picks linux/arm64 (any variant) by default, another platform on request, every arm64 with all', async () => {
      const arm = image('arm64', 'linux', 'v8');
      const amd = image('amd64');
      const mac = image('arm64', 'darwin');
      const index = {
        schemaVersion: 2,
        mediaType: INDEX,
        manifests: [
          desc(amd.manifest, MANIFEST, { os: 'linux', architecture: 'amd64' }),
          desc(arm.manifest, MANIFEST, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
          desc(mac.manifest, MANIFEST, { os: 'darwin', architecture: 'arm64' }),
        ],
      };
      const docs = [arm.config, arm.manifest, amd.config, amd.manifest, mac.config, mac.manifest];
      const pick = async (want: string | undefined) =>
        (await resolveImages(memoryStore(index, docs), want === undefined ? undefined : (parsePlatform(want) as never))).map(
          (i) => `${i.platform.os}/${i.platform.architecture}${i.platform.variant ? `/${i.platform.variant}` : ''} ${i.createdBy[0]}`,
        );
      assert.deepEqual(await pick(undefined), ['linux/arm64/v8 ADD x /']);
      assert.deepEqual(await pick('darwin/arm64'), ['darwin/arm64 ADD x /']);
      assert.deepEqual(await pick('all'), ['linux/arm64/v8 ADD x /', 'darwin/arm64 ADD x /']);
      await assert.rejects(pick('linux/s390x'), /no linux\/s390x image in this index: darwin\/arm64, linux\/amd64, linux\/arm64\/v8/);
      assert.match((parsePlatform('linux') as { error: string }).error, /write os\/arch\[\/variant\]/);
    });

    it('an index without arm64 says what it holds', async () => {
      const amd = image('amd64');
      const index = {
        schemaVersion: 2,
        mediaType: INDEX,
        manifests: [desc(amd.manifest, MANIFEST, { os: 'linux', architecture: 'amd64' })],
      };
      await assert.rejects(
        resolveImages(memoryStore(index, [amd.config, amd.manifest]), undefined),
        /^ImageSourceError: no linux\/arm64 image in this index: linux\/amd64$/,
      );
    });

    it('hostile indexes end: a self-referencing index, deep nesting, too many descriptors', async () => {
      // Content addressing rules out true cycles of verified documents; what remains is the same child listed
      // over and over (and the root listed by its child): each digest is expanded once.
      const leaf = image('arm64');
      const child = json({ schemaVersion: 2, mediaType: INDEX, manifests: [desc(leaf.manifest, MANIFEST)] });
      const repeated = { schemaVersion: 2, mediaType: INDEX, manifests: Array.from({ length: 500 }, () => desc(child, INDEX)) };
      const rep = memoryStore(repeated, [child, leaf.manifest, leaf.config]);
      assert.equal((await resolveImages(rep, undefined)).length, 1);
      assert.equal(rep.reads, 3);
      // Nesting: each index names the next.
      let inner = image('arm64').manifest;
      const docs = [image('arm64').config, inner];
      let innerType = MANIFEST;
      for (let i = 0; i < 8; i++) {
        const next = json({ schemaVersion: 2, mediaType: INDEX, manifests: [desc(inner, innerType)] });
        docs.push(next);
        inner = next;
        innerType = INDEX;
      }
      await assert.rejects(
        resolveImages(memoryStore(JSON.parse(inner.toString()) as object, docs), undefined),
        /nests deeper than 4 levels/,
      );
      // One index listing the same bogus manifest 100k times: bounded count, not 100k reads.
      const many = {
        schemaVersion: 2,
        mediaType: INDEX,
        manifests: Array.from({ length: 100_000 }, (_, i) => ({
          mediaType: MANIFEST,
          digest: `sha256:${i.toString(16).padStart(64, '0')}`,
          size: 2,
        })),
      };
      const store = memoryStore(many, []);
      await assert.rejects(resolveImages(store, undefined), /ImageSourceError/);
      assert.ok(store.reads <= 1, `read ${store.reads} documents`);
    });
  });

  describe('damaged layers', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'pg-layer-unit-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function layer(files: Record<string, Buffer>): Promise<Buffer> {
      const src = path.join(dir, 'src');
      rmSync(src, { recursive: true, force: true });
      for (const [n, b] of Object.entries(files)) {
        const f = path.join(src, n);
        await import('node:fs').then((fs) => fs.mkdirSync(path.dirname(f), { recursive: true }));
        writeFileSync(f, b);
      }
      const out = path.join(dir, 'l.tar');
      tar.c({ cwd: src, file: out, portable: true, sync: true }, Object.keys(files));
      return gzipSync(await import('node:fs').then((fs) => fs.readFileSync(out)));
    }
    async function read(bytes: Buffer, size = bytes.length, digest = digestOf(bytes)) {
      const file = path.join(dir, 'blob');
      writeFileSync(file, bytes);
      const names: string[] = [];
      await streamLayer({
        file,
        desc: { mediaType: '', digest, size },
        index: 3,
        onEntry: (e) => {
          names.push(e.path);
          e.resume();
        },
      });
      return names;
    }

    it('reads a whole layer; a cut one is refused by its size, a corrupt one (right digest) names the layer and the bytes read', async () => {
      const whole = await layer({ 'a/one': Buffer.alloc(300_000, 1), 'b/two': Buffer.alloc(300_000, 2) });
      assert.deepEqual(await read(whole), ['a/one', 'b/two']);
      const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
      await assert.rejects(read(cut, whole.length, digestOf(whole)), /is \d+ bytes, its descriptor says \d+ \(truncated or tampered\)/);
      // A blob published corrupt (its digest is of the corrupt bytes): the damage is an error, never a short list.
      await assert.rejects(read(cut), /layer 3 \(sha256:[0-9a-f]+\) is damaged after \d+ bytes/);
      const flipped = Buffer.from(whole);
      flipped[Math.floor(flipped.length / 2)] ^= 0x55;
      await assert.rejects(read(flipped), /layer 3 .* is damaged/);
      await assert.rejects(read(Buffer.from('{"not":"a layer"}')), /neither tar, gzip nor zstd/);
    });
  });

  it('the layer cache refuses a directory that others can write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-cache-unit-'));
    try {
      const digest = `sha256:${'c'.repeat(64)}`;
      const mine = new DiskLayerCache(path.join(dir, 'ok'), 'v');
      await mine.put(digest, { entries: [{ path: 'usr/bin/app', type: 'file', size: 1, candidate: true }], reports: {} });
      assert.equal((await mine.get(digest))?.entries[0].path, 'usr/bin/app');
      const shared = path.join(dir, 'shared');
      await new DiskLayerCache(shared, 'v').put(digest, { entries: [], reports: {} });
      chmodSync(shared, 0o777);
      const other = new DiskLayerCache(shared, 'v');
      assert.equal(await other.get(digest), undefined);
      // A corrupt entry is a miss, not an error.
      writeFileSync(path.join(dir, 'ok', 'layers', 'v', `${'c'.repeat(64)}.json`), '{"entries": 5');
      assert.equal(await new DiskLayerCache(path.join(dir, 'ok'), 'v').get(digest), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
