// The pure parts of scan-binary's target handling: first-byte sniffing,
// image layer merging (whiteouts, opaque directories, replacement, hard
// links), image manifests, and mapping a binary's file paths to a checkout.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ByteView } from '../../server/src/core/binary/bytes';
import { parseFat } from '../../server/src/core/binary/macho';
import { imagesOf } from '../../server/src/core/binary/targets/imageManifest';
import { type LayerEntry, mergeLayers, normalizeLayerPath } from '../../server/src/core/binary/targets/layers';
import { hasGoBuildInfo, isGzipHead, isTarHead, sniffExecutable } from '../../server/src/core/binary/targets/sniff';
import { localSource, relativeToCwd } from '../../server/src/core/binary/targets/sourcePaths';

const file = (p: string, candidate = false): LayerEntry => ({ path: p, type: 'file', size: 1, candidate });
const dir = (p: string): LayerEntry => ({ path: p, type: 'dir', size: 0, candidate: false });
const finalPaths = (layers: LayerEntry[][]) => [...mergeLayers(layers).keys()].sort();

/** An ELF64 header: class, data, type, machine. */
function elf(machine: number, type = 2, cls = 2): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, cls, 1, 1]);
  b[16] = type;
  b[18] = machine;
  return b;
}

describe('binary targets: sniffing', () => {
  it('tells arm64 executables (ELF EXEC and DYN, Mach-O, fat) from other machines and from data', () => {
    assert.equal(sniffExecutable(elf(0xb7)), 'arm64');
    assert.equal(sniffExecutable(elf(0xb7, 3)), 'arm64');
    assert.equal(sniffExecutable(elf(0x3e)), 'other-arch');
    assert.equal(sniffExecutable(elf(0xb7, 2, 1)), 'other-arch');
    assert.equal(sniffExecutable(elf(0xb7, 1)), 'not-executable');
    const macho = new Uint8Array(32);
    const dv = new DataView(macho.buffer);
    dv.setUint32(0, 0xfeedfacf, true);
    dv.setUint32(4, 0x0100000c, true);
    dv.setUint32(12, 2, true);
    assert.equal(sniffExecutable(macho), 'arm64');
    dv.setUint32(4, 0x01000007, true);
    assert.equal(sniffExecutable(macho), 'other-arch');
    const fat = new Uint8Array(64);
    const fv = new DataView(fat.buffer);
    fv.setUint32(0, 0xcafebabe);
    fv.setUint32(4, 2);
    fv.setUint32(8, 0x01000007);
    fv.setUint32(28, 0x0100000c);
    assert.equal(sniffExecutable(fat), 'arm64');
    fv.setUint32(4, 52); // a Java class file's version
    assert.equal(sniffExecutable(fat), 'not-executable');
    assert.equal(sniffExecutable(Buffer.from('#!/bin/sh\necho hello world\n')), 'not-executable');
    assert.equal(sniffExecutable(new Uint8Array(3)), 'not-executable');
  });

  it('takes a fat header exactly when the container reader does (both forms, one slice-count limit)', () => {
    /** A fat header listing `count` slices, the last one arm64 (its bytes: none, so the reader's answer is a slice or an error). */
    const fatOf = (count: number, wide: boolean): Uint8Array => {
      const entry = wide ? 32 : 20;
      const b = new Uint8Array(8 + count * entry);
      const v = new DataView(b.buffer);
      v.setUint32(0, wide ? 0xcafebabf : 0xcafebabe);
      v.setUint32(4, count);
      for (let i = 0; i < count; i++) v.setUint32(8 + i * entry, i === count - 1 ? 0x0100000c : 0x01000007);
      return b;
    };
    for (const wide of [false, true]) {
      for (const count of [1, 2, 24, 25, 52]) {
        const bytes = fatOf(count, wide);
        const read = parseFat(new ByteView(bytes));
        const readerTakesIt = !('foreign' in read);
        assert.equal(readerTakesIt, count <= 24, `${count} slices, ${wide ? '64-bit' : '32-bit'} form`);
        assert.equal(
          sniffExecutable(bytes) === 'arm64',
          readerTakesIt,
          `${count} slices, ${wide ? '64-bit' : '32-bit'} form, whole header`,
        );
      }
    }
  });

  it('recognises tar and gzip heads and the Go build-info blob', () => {
    const t = new Uint8Array(512);
    t.set(Buffer.from('ustar'), 257);
    assert.ok(isTarHead(t));
    assert.ok(!isTarHead(new Uint8Array(512)));
    assert.ok(isGzipHead(Uint8Array.of(0x1f, 0x8b, 8)));
    assert.ok(hasGoBuildInfo(Buffer.concat([Buffer.alloc(100), Buffer.from('\xff Go buildinf:', 'latin1'), Buffer.alloc(10)])));
    assert.ok(!hasGoBuildInfo(Buffer.from('Go buildinf:')));
  });
});

describe('binary targets: image layers', () => {
  it('normalises tar paths and refuses ones escaping the root', () => {
    assert.equal(normalizeLayerPath('./usr//bin/app/'), 'usr/bin/app');
    assert.equal(normalizeLayerPath('/etc/passwd'), 'etc/passwd');
    assert.equal(normalizeLayerPath('../etc/passwd'), undefined);
    assert.equal(normalizeLayerPath('./'), undefined);
  });

  it('a later layer replaces a file and a whiteout deletes one of an earlier layer', () => {
    const fs = mergeLayers([
      [dir('usr'), dir('usr/bin'), file('usr/bin/app', true), file('usr/bin/old', true), file('etc/conf')],
      [file('usr/bin/.wh.old'), file('etc/conf', true)],
    ]);
    assert.deepEqual([...fs.keys()].sort(), ['etc/conf', 'usr', 'usr/bin', 'usr/bin/app']);
    assert.equal(fs.get('etc/conf')?.layer, 1);
    assert.equal(fs.get('etc/conf')?.candidate, true);
    assert.equal(fs.get('usr/bin/app')?.layer, 0);
  });

  it('a whiteout of a directory removes everything below it; the same layer may re-create the name', () => {
    assert.deepEqual(finalPaths([[dir('opt'), dir('opt/x'), file('opt/x/a'), file('opt/x/b'), file('opt/y')], [file('opt/.wh.x')]]), [
      'opt',
      'opt/y',
    ]);
    assert.deepEqual(finalPaths([[file('app')], [file('.wh.app'), file('app', true)]]), ['app']);
  });

  it("an opaque marker hides the lower layers' children of a directory but keeps its own layer's", () => {
    assert.deepEqual(
      finalPaths([
        [dir('srv'), file('srv/a'), file('srv/b'), file('other')],
        [dir('srv'), file('srv/.wh..wh..opq'), file('srv/c')],
      ]),
      ['other', 'srv', 'srv/c'],
    );
  });

  it("a file replacing a directory takes the directory's contents with it", () => {
    assert.deepEqual(finalPaths([[dir('d'), file('d/a')], [file('d')]]), ['d']);
  });

  it('hard links read their data from the target, in the same or a lower layer', () => {
    const fs = mergeLayers([
      [file('bin/a', true)],
      [
        file('bin/b', true),
        { path: 'bin/c', type: 'hardlink', size: 0, candidate: false, linkTarget: 'bin/b' },
        { path: 'bin/d', type: 'hardlink', size: 0, candidate: false, linkTarget: 'bin/a' },
      ],
    ]);
    assert.deepEqual(
      { ...fs.get('bin/c'), path: undefined },
      { path: undefined, type: 'hardlink', size: 0, candidate: true, linkTarget: 'bin/b', layer: 1, dataPath: 'bin/b' },
    );
    assert.equal(fs.get('bin/d')?.layer, 0);
    assert.equal(fs.get('bin/d')?.dataPath, 'bin/a');
  });
});

describe('binary targets: image manifests', () => {
  it('docker save: layers in manifest order', () => {
    const docs = new Map([
      ['manifest.json', JSON.stringify([{ Config: 'c.json', RepoTags: ['a:1'], Layers: ['l1/layer.tar', 'l2/layer.tar'] }])],
    ]);
    assert.deepEqual(imagesOf(docs), { images: [{ name: '', layers: ['l1/layer.tar', 'l2/layer.tar'] }] });
  });

  it('OCI layout: follows an image index to the arm64 manifest', () => {
    const docs = new Map([
      ['index.json', JSON.stringify({ manifests: [{ digest: 'sha256:idx' }] })],
      [
        'blobs/sha256/idx',
        JSON.stringify({
          manifests: [
            { digest: 'sha256:amd', platform: { architecture: 'amd64' } },
            { digest: 'sha256:arm', platform: { architecture: 'arm64' } },
          ],
        }),
      ],
      ['blobs/sha256/arm', JSON.stringify({ layers: [{ digest: 'sha256:l1', size: 1234 }, { digest: 'sha256:l2' }] })],
      ['blobs/sha256/amd', JSON.stringify({ layers: [{ digest: 'sha256:x' }] })],
    ]);
    // The descriptors' sizes come along: a layer blob shorter than its descriptor is reported as truncated.
    assert.deepEqual(imagesOf(docs), { images: [{ name: '', layers: ['blobs/sha256/l1', 'blobs/sha256/l2'], sizes: [1234, undefined] }] });
  });

  it('says what is wrong with a tar that is not an image', () => {
    assert.match((imagesOf(new Map()) as { error: string }).error, /not a container image .*extract it and scan the directory/);
    assert.match((imagesOf(new Map([['manifest.json', '{']])) as { error: string }).error, /without a readable image manifest/);
  });
});

describe('binary targets: source paths', () => {
  const mod = { root: '/src/app', modulePath: 'example.com/app' };
  it('maps -trimpath module-relative paths of the open module to the checkout', () => {
    assert.equal(localSource('example.com/app/x/y.go', [mod]), '/src/app/x/y.go');
    assert.equal(
      localSource('example.com/app/main.go', [mod, { root: '/src/app/sub', modulePath: 'example.com/app/x' }]),
      '/src/app/main.go',
    );
    assert.equal(localSource('example.com/app/x/y.go', [mod, { root: '/src/x', modulePath: 'example.com/app/x' }]), '/src/x/y.go');
  });
  it('leaves dependencies, other modules, the standard library and escaping paths alone', () => {
    assert.equal(localSource('example.com/app@v1.2.0/y.go', [mod]), undefined);
    assert.equal(localSource('example.com/application/y.go', [mod]), undefined);
    assert.equal(localSource('runtime/proc.go', [mod]), undefined);
    assert.equal(localSource('example.com/app/../../etc/passwd', [mod]), undefined);
  });
  it('keeps absolute paths inside a module, and makes paths relative to the working directory', () => {
    assert.equal(localSource('/src/app/x/y.go', [mod]), '/src/app/x/y.go');
    assert.equal(localSource('/home/ci/app/y.go', [mod]), undefined);
    assert.equal(relativeToCwd('/src/app/x/y.go', '/src/app'), path.join('x', 'y.go'));
    assert.equal(relativeToCwd('/elsewhere/y.go', '/src/app'), '/elsewhere/y.go');
  });
});
