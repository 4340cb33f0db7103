// Images where they live: an OCI layout directory (multi-platform index, a
// gzip and a zstd layer, a binary replaced in a later layer, a whiteout) and
// the same image pushed with skopeo to a real registry (Debian's
// docker-registry) over plain HTTP and over TLS with htpasswd Basic auth.
// The same findings whether the binary is read as a file, from the layout or
// from the registry; the right platform and layer; digests verified; a shared
// layer read once thanks to the layer cache (counted, not timed).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import bcrypt from 'bcryptjs';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { buildFixtureBinary, programModule } from '../support/goBinaries';
import { type ImagePlan, writeOciLayoutDir } from '../support/ociLayouts';
import { pushLayout, type Registry, startRegistry } from '../../server/src/bench/localRegistry';
import { startTokenServer, type TokenServer } from '../support/tokenServer';
import { CLI, FIXTURES, REPO, testEnv } from '../support/paths';

interface JsonFinding {
  function: string;
  file: string;
  line: number;
  leaf: boolean;
  frameSize: number;
  binary: string;
}
interface JsonBinary {
  path: string;
  goVersion: string;
  /** The findings whose `binary` is this one (the report lists them flat). */
  findings: JsonFinding[];
  image?: { ref: string; digest: string; platform: string };
  layer?: { index: number; digest: string; createdBy?: string };
}
interface JsonOut {
  binaries: JsonBinary[];
  skipped: number;
  /** Error messages (the report's `errors[].message`). */
  errors: string[];
}
interface JsonReport {
  binaries: Omit<JsonBinary, 'findings'>[];
  findings: JsonFinding[];
  skipped: number;
  errors: { message: string }[];
}
/** The report's flat findings grouped under their binaries. */
function perBinary(text: string): JsonOut {
  const r = JSON.parse(text) as JsonReport;
  return {
    binaries: r.binaries.map((b) => ({ ...b, findings: r.findings.filter((f) => f.binary === b.path) })),
    skipped: r.skipped,
    errors: r.errors.map((e) => e.message),
  };
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, 'scan-binary', ...args], { env: testEnv(env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** The CLI without blocking this process (a token server in it must answer the CLI's requests). */
function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'scan-binary', ...args], { env: testEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
function json(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: JsonOut; stderr: string } {
  const r = cli([...args, '--format', 'json', '--no-cache'], env);
  return { code: r.code, out: perBinary(r.stdout), stderr: r.stderr };
}
const brief = (b: JsonBinary) => b.findings.map((f) => `${f.function} ${f.line} ${f.leaf ? 'leaf' : 'non-leaf'} ${f.frameSize}`).sort();

describe('scan-binary: images in OCI layouts and registries', function () {
  this.timeout(600000);
  let tmp: string;
  let layout: string;
  let written: Awaited<ReturnType<typeof writeOciLayoutDir>>;
  let newBin: Buffer;
  let oldBin: Buffer;
  let fileFindings: { app: string[]; tool: string[] };

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pg-images-'));
    // Two toolchains, two hazard sets: go1.24 splits leaf and non-leaf epilogues, go1.26 only the leaf one.
    oldBin = readFileSync(await buildFixtureBinary({ minor: '1.24', module: path.join(FIXTURES, 'e2e-demo'), shape: 'plain' }));
    newBin = readFileSync(await buildFixtureBinary({ minor: '1.26', module: path.join(FIXTURES, 'e2e-demo'), shape: 'stripped' }));
    writeFileSync(path.join(tmp, 'app'), newBin);
    writeFileSync(path.join(tmp, 'tool'), oldBin);
    const files = json([path.join(tmp, 'app'), path.join(tmp, 'tool')]).out;
    fileFindings = { app: brief(files.binaries[0]), tool: brief(files.binaries[1]) };
    assert.ok(fileFindings.app.length > 0 && fileFindings.tool.length > fileFindings.app.length, JSON.stringify(fileFindings));
    const arm64: ImagePlan = {
      platform: { os: 'linux', architecture: 'arm64' },
      layers: [
        {
          compression: 'gzip',
          createdBy: 'ADD base.tar /',
          files: { 'usr/bin/app': oldBin, 'usr/bin/gone': oldBin, 'etc/motd': 'hello\n' },
        },
        {
          compression: 'zstd',
          createdBy: 'COPY app tool /usr/',
          files: { 'usr/bin/app': newBin, 'usr/bin/.wh.gone': '', 'usr/local/bin/tool': oldBin },
        },
      ],
    };
    const amd64: ImagePlan = {
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [{ compression: 'gzip', createdBy: 'ADD base.tar /', files: { 'usr/bin/app': 'not arm64\n' } }],
    };
    layout = path.join(tmp, 'layout');
    written = await writeOciLayoutDir(layout, [amd64, arm64]);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const expectImage = (out: JsonOut, refPrefix: string) => {
    assert.deepEqual(out.errors, []);
    const arm = written.images[1];
    assert.deepEqual(
      out.binaries.map((b) => [
        b.path.slice(b.path.lastIndexOf(':') + 1),
        b.layer?.index,
        b.layer?.digest,
        b.layer?.createdBy,
        b.image?.platform,
        b.image?.digest,
      ]),
      [
        ['/usr/bin/app', 1, arm.layers[1], 'COPY app tool /usr/', 'linux/arm64', arm.manifest],
        ['/usr/local/bin/tool', 1, arm.layers[1], 'COPY app tool /usr/', 'linux/arm64', arm.manifest],
      ],
    );
    assert.ok(
      out.binaries.every((b) => b.path.startsWith(refPrefix)),
      out.binaries.map((b) => b.path).join(' '),
    );
    assert.deepEqual(brief(out.binaries[0]), fileFindings.app);
    assert.deepEqual(brief(out.binaries[1]), fileFindings.tool);
  };

  it('reads an OCI layout directory: linux/arm64 picked from the index, the replaced binary from its layer, the whiteout applied', () => {
    const r = json([`oci:${layout}`]);
    assert.equal(r.code, 1, r.stderr);
    expectImage(r.out, `oci:${layout}:/`);
    // A directory holding oci-layout + index.json is read as a layout too.
    expectImage(json([layout]).out, `oci:${layout}:/`);
  });

  it('text output groups the binaries under their image, each with the layer it came from', () => {
    const r = cli([`oci:${layout}`, '--no-cache']);
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('Image '));
    assert.equal(lines[head], `Image oci:${layout} (linux/arm64) ${written.images[1].manifest}`);
    assert.equal(lines.filter((l) => l.startsWith('Image ')).length, 1);
    assert.equal(lines.filter((l) => l === `  from layer 1 ${written.images[1].layers[1]}: COPY app tool /usr/`).length, 2);
  });

  it('reads back what it prints: oci:DIR:/usr/bin/app selects that one binary', () => {
    const r = json([`oci:${layout}:/usr/bin/app`]);
    assert.deepEqual(
      r.out.binaries.map((b) => b.path),
      [`oci:${layout}:/usr/bin/app`],
    );
    assert.deepEqual(brief(r.out.binaries[0]), fileFindings.app);
  });

  it('a platform the index does not hold is one line naming what it holds, exit 2', () => {
    const r = cli([`oci:${layout}`, '--platform', 'linux/s390x', '--no-cache']);
    assert.equal(r.code, 2);
    assert.match(r.stdout + r.stderr, /no linux\/s390x image in this index: linux\/amd64, linux\/arm64/);
    const amd = json([`oci:${layout}`, '--platform', 'linux/amd64']);
    assert.equal(amd.out.binaries.length, 0);
    assert.match(amd.out.errors.join('\n'), /no Go arm64 executable in this image/);
  });

  it('refuses a tampered blob: the layer does not match its digest', () => {
    const copy = path.join(tmp, 'tampered');
    spawnSync('cp', ['-r', layout, copy]);
    const blob = path.join(copy, 'blobs', 'sha256', written.images[1].layers[1].slice('sha256:'.length));
    const bytes = readFileSync(blob);
    bytes[bytes.length - 20] ^= 0xff;
    writeFileSync(blob, bytes);
    const r = json([`oci:${copy}`]);
    assert.equal(r.code, 2);
    assert.equal(r.out.binaries.length, 0);
    assert.match(r.out.errors.join('\n'), new RegExp(`blob ${written.images[1].layers[1]} does not match its digest`));
  });

  it('--format openvex: one statement per binary, valid against the OpenVEX 0.2.0 schema; affected / not_affected / under_investigation', async () => {
    const tiny = await buildFixtureBinary({
      minor: '1.27',
      module: programModule('vex-tiny', 'package main\n\nfunc main() {}\n'),
      shape: 'plain',
    });
    writeFileSync(path.join(tmp, 'broken'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]));
    const r = cli([`oci:${layout}`, tiny, '--format', 'openvex', '--no-cache']);
    const doc = JSON.parse(r.stdout) as {
      statements: {
        status: string;
        products: { '@id': string; subcomponents?: { '@id': string }[] }[];
        justification?: string;
        action_statement?: string;
      }[];
    };
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(path.join(REPO, 'docs', 'schemas', 'openvex-0.2.0.schema.json'), 'utf8')) as object,
    );
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.deepEqual(
      doc.statements.map((s) => [
        s.status,
        s.products[0]['@id'].replace(/@sha256:[0-9a-f]+/, '@DIGEST'),
        s.products[0].subcomponents?.[0]['@id'],
      ]),
      [
        ['affected', 'pkg:oci/layout@DIGEST?arch=arm64&os=linux', 'pkg:golang/example.com/e2edemo'],
        ['affected', 'pkg:oci/layout@DIGEST?arch=arm64&os=linux', 'pkg:golang/example.com/e2edemo'],
        ['not_affected', 'pkg:golang/preemptguard.local/repro', undefined],
      ],
    );
    assert.match(doc.statements[0].action_statement ?? '', /main\.checksum \(change the code/);
    assert.equal(doc.statements[2].justification, 'vulnerable_code_not_present');
    // A binary that could not be read is under investigation, and the document still validates.
    const broken = JSON.parse(cli([path.join(tmp, 'broken'), '--format', 'openvex'], {}).stdout) as { statements: { status: string }[] };
    assert.deepEqual(
      broken.statements.map((s) => s.status),
      ['under_investigation'],
    );
    assert.ok(validate(broken), JSON.stringify(validate.errors));
  });

  describe('a registry over plain HTTP (no auth)', () => {
    let registry: Registry;
    before(async () => {
      registry = await startRegistry();
      await pushLayout(layout, 'team/app:1.0', registry);
    });
    after(async () => registry?.stop());

    it('gives the same findings as the file and the layout, with image digest, platform and layer', () => {
      const ref = `registry:${registry.host}/team/app:1.0`;
      const r = json([ref, '--insecure-registry', registry.host]);
      assert.equal(r.code, 1, r.stderr);
      expectImage(r.out, `${ref}:/`);
      // docker:// is the same reference; @digest of the arm64 manifest reads back.
      const byDigest = json([
        `docker://${registry.host}/team/app@${written.images[1].manifest}:/usr/bin/app`,
        '--insecure-registry',
        registry.host,
      ]);
      assert.deepEqual(byDigest.out.errors, []);
      assert.deepEqual(brief(byDigest.out.binaries[0]), fileFindings.app);
    });

    it('never speaks plain HTTP unless told to', () => {
      const r = cli([`registry:${registry.host}/team/app:1.0`, '--no-cache']);
      assert.equal(r.code, 2);
      assert.match(r.stdout + r.stderr, /does not answer over TLS: if it serves plain HTTP, pass --insecure-registry 127\.0\.0\.1:\d+/);
    });

    it('a missing tag is a 404 naming the reference', () => {
      const r = cli([`registry:${registry.host}/team/app:nope`, '--insecure-registry', registry.host, '--no-cache']);
      assert.equal(r.code, 2);
      assert.match(r.stdout + r.stderr, /team\/app:nope: manifest nope not found \(HTTP 404\)/);
    });

    it('the layer cache: a second image sharing the base layer reads only its own layer', async () => {
      // A second image: the same base layer, another top layer.
      const second = path.join(tmp, 'second');
      const plan: ImagePlan = {
        platform: { os: 'linux', architecture: 'arm64' },
        layers: [
          {
            compression: 'gzip',
            createdBy: 'ADD base.tar /',
            blob: readFileSync(path.join(layout, 'blobs', 'sha256', written.images[1].layers[0].slice('sha256:'.length))),
          },
          { compression: 'gzip', createdBy: 'COPY other /opt/', files: { 'opt/other.txt': 'x\n' } },
        ],
      };
      const w2 = await writeOciLayoutDir(second, [plan]);
      assert.equal(w2.images[0].layers[0], written.images[1].layers[0], 'the base layer is byte-identical');
      await pushLayout(second, 'team/other:1.0', registry);
      const cacheDir = mkdtempSync(path.join(tmp, 'cache-'));
      const scan = async (refs: string[]) => {
        const counts = { downloaded: 0, read: 0 };
        const r = await scanTargets(refs, {
          images: {
            insecure: [registry.host],
            cacheDir,
            cacheFlavour: 'test',
            onDownload: (n) => (counts.downloaded += n),
            onRead: (n) => (counts.read += n),
          },
        });
        return { r, counts };
      };
      const size = (d: string) => readFileSync(path.join(layout, 'blobs', 'sha256', d.slice(7))).length;
      const other = `registry:${registry.host}/team/other:1.0`;
      const first = await scan([other]);
      assert.deepEqual(first.r.errors, []);
      assert.equal(
        first.counts.downloaded,
        size(w2.images[0].layers[0]) + readFileSync(path.join(second, 'blobs', 'sha256', w2.images[0].layers[1].slice(7))).length,
      );
      // Another image on the same base: the base layer is neither downloaded nor read (its entries are cached);
      // its own top layer is downloaded once and read twice (survey, then the binaries).
      const app = await scan([`registry:${registry.host}/team/app:1.0`]);
      assert.deepEqual(app.r.errors, []);
      const top = size(written.images[1].layers[1]);
      assert.equal(app.counts.downloaded, top);
      assert.equal(app.counts.read, 2 * top);
      assert.equal(app.r.binaries.length, 2);
      // The nightly re-scan of the first image: nothing downloaded or read, the same binaries from the cached scans.
      const again = await scan([other]);
      assert.deepEqual(again.counts, { downloaded: 0, read: 0 });
      assert.deepEqual(
        again.r.binaries.map((b) => [b.path.slice(b.path.lastIndexOf(':') + 1), b.layer?.index]),
        [
          ['/usr/bin/app', 0],
          ['/usr/bin/gone', 0],
        ],
      );
      assert.deepEqual(brief(again.r.binaries[0] as unknown as JsonBinary), fileFindings.tool);
      assert.deepEqual(
        again.r.binaries.map((b) => b.findings.length),
        first.r.binaries.map((b) => b.findings.length),
      );
      // The cache holds one entry per layer read: the shared base, and each image's top layer.
      assert.equal(readdirSync(path.join(cacheDir, 'layers', 'test')).length, 3);
    });
  });

  describe('a registry over TLS with htpasswd Basic auth', () => {
    let registry: Registry;
    let dockerConfig: string;
    before(async () => {
      registry = await startRegistry({ tls: true, htpasswd: `ci:${bcrypt.hashSync('s3cret', 8)}\n` });
      await pushLayout(layout, 'secure/app:1.0', registry, 'ci:s3cret');
      dockerConfig = mkdtempSync(path.join(tmp, 'docker-config-'));
    });
    after(async () => registry?.stop());
    const withAuth = (auth: string) => {
      writeFileSync(
        path.join(dockerConfig, 'config.json'),
        JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(auth).toString('base64') } } }),
      );
      return { DOCKER_CONFIG: dockerConfig };
    };

    it('pulls with the docker config credentials and the private CA', () => {
      const ref = `registry:${registry.host}/secure/app:1.0`;
      const r = json([ref, '--registry-ca', registry.caFile!], withAuth('ci:s3cret'));
      assert.equal(r.code, 1, r.stderr);
      expectImage(r.out, `${ref}:/`);
    });

    it('wrong credentials: one line naming the realm and the credential source', () => {
      const r = cli([`registry:${registry.host}/secure/app:1.0`, '--registry-ca', registry.caFile!, '--no-cache'], withAuth('ci:wrong'));
      assert.equal(r.code, 2);
      const line = (r.stdout + r.stderr).split('\n').find((l) => /access denied/.test(l)) ?? '';
      assert.match(line, /access denied \(HTTP 401\) by pg-test-realm; credentials tried: .*config\.json auths/);
    });

    it('without the CA the certificate is refused', () => {
      const r = cli([`registry:${registry.host}/secure/app:1.0`, '--no-cache'], withAuth('ci:s3cret'));
      assert.equal(r.code, 2);
      assert.match(r.stdout + r.stderr, /cannot reach the registry \(.*(CERT|certificate|SELF_SIGNED|UNABLE_TO_VERIFY).*\)/i);
    });
  });

  describe('a registry behind a bearer-token server (the WWW-Authenticate challenge)', () => {
    let registry: Registry;
    let tokens: TokenServer;
    let dockerConfig: string;
    before(async () => {
      const dir = mkdtempSync(path.join(tmp, 'token-'));
      tokens = await startTokenServer(dir, 'robot', 'tok3n');
      registry = await startRegistry({
        tokenAuth: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certFile },
      });
      await pushLayout(layout, 'bearer/app:1.0', registry, 'robot:tok3n');
      dockerConfig = mkdtempSync(path.join(tmp, 'docker-config-'));
    });
    after(async () => {
      await registry?.stop();
      await tokens?.stop();
    });
    const creds = (user: string, password: string) => {
      writeFileSync(
        path.join(dockerConfig, 'config.json'),
        JSON.stringify({ auths: { [`https://${registry.host}`]: { username: user, password } } }),
      );
      return { DOCKER_CONFIG: dockerConfig };
    };

    it('follows the challenge to the token endpoint with the docker config credentials', async () => {
      const ref = `registry:${registry.host}/bearer/app:1.0`;
      const before = tokens.issued;
      const r = await cliAsync(
        [ref, '--format', 'json', '--no-cache', '--insecure-registry', registry.host, '--insecure-registry', new URL(tokens.realm).host],
        creds('robot', 'tok3n'),
      );
      assert.equal(r.code, 1, r.stdout + r.stderr);
      expectImage(perBinary(r.stdout), `${ref}:/`);
      assert.ok(tokens.issued > before);
    });

    it('a plain-HTTP token realm is refused unless named by --insecure-registry', () => {
      const r = cli(
        [`registry:${registry.host}/bearer/app:1.0`, '--insecure-registry', registry.host, '--no-cache'],
        creds('robot', 'tok3n'),
      );
      assert.equal(r.code, 2);
      assert.match(r.stdout + r.stderr, /refusing plain HTTP \(pass --insecure-registry 127\.0\.0\.1:\d+ to allow it\)/);
    });

    it('refused by the token endpoint: one line naming the realm and the credentials tried', async () => {
      const r = await cliAsync(
        [
          `registry:${registry.host}/bearer/app:1.0`,
          '--insecure-registry',
          registry.host,
          '--insecure-registry',
          new URL(tokens.realm).host,
          '--no-cache',
        ],
        creds('robot', 'nope'),
      );
      assert.equal(r.code, 2);
      const line = (r.stdout + r.stderr).split('\n').find((l) => /access denied/.test(l)) ?? '';
      assert.ok(line.includes(`access denied (HTTP 401) by ${tokens.realm}; credentials tried:`), r.stdout + r.stderr);
      const anon = await cliAsync(
        [
          `registry:${registry.host}/bearer/app:1.0`,
          '--insecure-registry',
          registry.host,
          '--insecure-registry',
          new URL(tokens.realm).host,
          '--no-cache',
        ],
        {
          DOCKER_CONFIG: mkdtempSync(path.join(tmp, 'empty-')),
        },
      );
      assert.match(anon.stdout + anon.stderr, /credentials tried: none \(anonymous\)/);
    });
  });
});
