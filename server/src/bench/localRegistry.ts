// A real OCI registry for the tests and `npm run bench:binary`: Debian's
// docker-registry (the CNCF distribution registry, v2) on 127.0.0.1 with a
// temporary config and storage, plain HTTP or TLS with htpasswd Basic auth (a
// throwaway CA made here with openssl). Started by its user, stopped by it;
// ready when it logs that it listens. Images are pushed with Debian's skopeo.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Registry {
  host: string;
  /** PEM file of the CA that signed the registry's certificate (TLS only). */
  caFile?: string;
  /** A directory skopeo takes as --dest-cert-dir (holds ca.crt). */
  certDir?: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A throwaway CA and a server certificate for 127.0.0.1, by openssl (argument arrays). */
function makeCerts(dir: string): { ca: string; cert: string; key: string } {
  const ca = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  const key = path.join(dir, 'server.key');
  const csr = path.join(dir, 'server.csr');
  const cert = path.join(dir, 'server.crt');
  const ext = path.join(dir, 'ext.cnf');
  const q = { stdio: 'ignore' as const };
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=preempt-guard test CA'],
    q,
  );
  execFileSync('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1'], q);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  execFileSync(
    'openssl',
    ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext],
    q,
  );
  return { ca, cert, key };
}

export async function startRegistry(
  opts: { tls?: boolean; htpasswd?: string; tokenAuth?: { realm: string; service: string; issuer: string; rootCertBundle: string } } = {},
): Promise<Registry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const lines = [
    'version: 0.1',
    'log: { level: info, formatter: text }',
    `storage: { filesystem: { rootdirectory: ${JSON.stringify(path.join(dir, 'data'))} }, delete: { enabled: true } }`,
    'http:',
    `  addr: ${host}`,
  ];
  let certs: ReturnType<typeof makeCerts> | undefined;
  let certDir: string | undefined;
  if (opts.tls) {
    certs = makeCerts(dir);
    lines.push(`  tls: { certificate: ${JSON.stringify(certs.cert)}, key: ${JSON.stringify(certs.key)} }`);
    certDir = path.join(dir, 'certs.d');
    mkdirSync(certDir);
    execFileSync('cp', [certs.ca, path.join(certDir, 'ca.crt')]);
  }
  if (opts.htpasswd) {
    writeFileSync(path.join(dir, 'htpasswd'), opts.htpasswd);
    lines.push(`auth: { htpasswd: { realm: pg-test-realm, path: ${JSON.stringify(path.join(dir, 'htpasswd'))} } }`);
  } else if (opts.tokenAuth) {
    const t = opts.tokenAuth;
    lines.push(
      `auth: { token: { realm: ${JSON.stringify(t.realm)}, service: ${JSON.stringify(t.service)}, issuer: ${JSON.stringify(t.issuer)}, rootcertbundle: ${JSON.stringify(t.rootCertBundle)} } }`,
    );
  }
  const config = path.join(dir, 'config.yml');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer) => {
      log += c.toString();
      if (/listening on/.test(log)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`docker-registry exited (${code}) before listening:\n${log.slice(-2000)}`)));
    child.once('error', reject);
  });
  return {
    host,
    caFile: certs?.ca,
    certDir,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Pushes an OCI layout (every platform of its index) to the registry with skopeo, blobs unchanged.
 * Asynchronous: a token server in this process must keep answering while skopeo runs.
 */
export async function pushLayout(layoutDir: string, ref: string, registry: Registry, creds?: string): Promise<void> {
  const dest = [
    registry.certDir ? `--dest-cert-dir=${registry.certDir}` : '--dest-tls-verify=false',
    ...(creds ? [`--dest-creds=${creds}`] : []),
  ];
  await promisify(execFile)(
    'skopeo',
    ['copy', '--quiet', '--all', '--preserve-digests', ...dest, `oci:${layoutDir}:1.0`, `docker://${registry.host}/${ref}`],
    { env: { ...process.env, HOME: tmpdir() } },
  );
}
