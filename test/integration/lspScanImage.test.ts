// What "Scan Container Image…" asks the language server, against a real
// registry: Debian's docker-registry over TLS with htpasswd Basic auth, the
// image pushed by skopeo, the credentials in the user's Docker config and the
// private CA given to the server the way an editor user gives it to Node
// (NODE_EXTRA_CA_CERTS: the editor has no --registry-ca). The findings come
// back with the image, the layer that brought the binary, and the workspace's
// own main.go lines; wrong credentials are one line naming the realm.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import type { ScanBinaryResult } from '../../shared/protocol';
import { pushLayout, type Registry, startRegistry } from '../../server/src/bench/localRegistry';
import { buildFixtureBinary } from '../support/goBinaries';
import { serverEnv, serverSessions } from '../support/lspFixtures';
import { writeOciLayoutDir } from '../support/ociLayouts';

describe('LSP preemptGuard/scanBinary on a registry image (TLS, Basic auth)', function () {
  this.timeout(300_000);
  const { start } = serverSessions();
  let tmp: string;
  let registry: Registry;
  let topLayer: string;
  const ref = () => `registry:${registry.host}/team/app:1.0`;
  const dockerConfig = (auth: string) => {
    const dir = mkdtempSync(path.join(tmp, 'docker-config-'));
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(auth).toString('base64') } } }),
    );
    return dir;
  };
  const session = (auth: string) =>
    start('e2e-demo', {
      env: serverEnv({ NODE_EXTRA_CA_CERTS: registry.caFile, DOCKER_CONFIG: dockerConfig(auth), XDG_CACHE_HOME: path.join(tmp, 'cache') }),
    });

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-lsp-image-'));
    const app = readFileSync(await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' }));
    const layout = path.join(tmp, 'layout');
    const written = await writeOciLayoutDir(layout, [
      {
        platform: { os: 'linux', architecture: 'arm64' },
        layers: [
          { compression: 'gzip', createdBy: 'ADD rootfs.tar /', files: { 'etc/motd': 'hello\n' } },
          { compression: 'zstd', createdBy: 'COPY app /usr/bin/app', files: { 'usr/bin/app': app } },
        ],
      },
    ]);
    topLayer = written.images[0].layers[1];
    registry = await startRegistry({ tls: true, htpasswd: `ci:${bcrypt.hashSync('s3cret', 8)}\n` });
    await pushLayout(layout, 'team/app:1.0', registry, 'ci:s3cret');
  });
  after(async () => {
    await registry?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the hazards of the binary in the image, with its layer, on the workspace lines', async () => {
    const { dir, client } = await session('ci:s3cret');
    const r = (await client.request('preemptGuard/scanBinary', { path: ref() })) as ScanBinaryResult;
    assert.deepEqual(r.errors, []);
    assert.equal(r.binaries.length, 1);
    const b = r.binaries[0];
    assert.equal(b.path, `${ref()}:/usr/bin/app`);
    assert.deepEqual(b.errors, []);
    assert.equal(b.image?.platform, 'linux/arm64');
    assert.match(b.image?.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(
      { index: b.layer?.index, digest: b.layer?.digest, createdBy: b.layer?.createdBy },
      {
        index: 1,
        digest: topLayer,
        createdBy: 'COPY app /usr/bin/app',
      },
    );
    assert.deepEqual(
      b.findings.map((f) => `${f.function} ${f.localFile && path.relative(dir, f.localFile)}:${f.line}`),
      ['main.checksum main.go:17', 'main.fill main.go:31', 'main.fill main.go:35'],
    );
  });

  it('wrong credentials: one line naming the realm and where the credentials came from', async () => {
    const { client } = await session('ci:wrong');
    const r = (await client.request('preemptGuard/scanBinary', { path: ref() })) as ScanBinaryResult;
    const lines = [...r.errors, ...r.binaries.flatMap((b) => b.errors)];
    assert.equal(lines.length, 1, JSON.stringify(r));
    assert.match(lines[0], /access denied \(HTTP 401\) by pg-test-realm; credentials tried: .*config\.json auths/);
    assert.ok(!lines[0].includes('\n'));
  });
});
