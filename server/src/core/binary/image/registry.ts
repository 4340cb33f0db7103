// Images in a registry, over the OCI Distribution API (v2): manifests by tag
// or digest, blobs by digest. Auth as registries ask for it: anonymous first,
// then the `WWW-Authenticate` challenge — Basic with the docker config's
// credentials, or Bearer through the realm's token endpoint (scope
// `repository:NAME:pull`). HTTPS always (a private CA with --registry-ca),
// plain HTTP only for hosts named by --insecure-registry. Redirects to blob
// storage are followed (Authorization dropped when the host changes); 429 and
// 5xx are retried with backoff. Blobs stream into a content-addressed
// directory (the cache, or a run's temp dir) and count only once their size
// and sha256 match the descriptor; a blob already there is not fetched again.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { imageWords } from '../../vocabulary/image';
import { type Credentials, credentialsFor } from './dockerConfig';
import { ImageSourceError } from './errors';
import { sha256, verifyDocument } from './ociLayout';
import type { BlobStore, Descriptor, RootDocument } from './types';

export interface RegistryOptions {
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** PEM of extra CAs to trust (--registry-ca). */
  ca?: string;
  /** Hosts allowed over plain HTTP (--insecure-registry). */
  insecure?: string[];
  /** Where verified blobs live: `<dir>/blobs/sha256/<hex>`. */
  blobDir: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Counts blob bytes downloaded (tests assert what the cache saves). */
  onDownload?(bytes: number): void;
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const MANIFEST_TYPES = new Set(ACCEPT.split(', '));
const MAX_MANIFEST_BYTES = 4 << 20;
const MAX_TOKEN_BYTES = 1 << 20;
const MAX_REDIRECTS = 5;
const RETRIES = 4;
const TIMEOUT_MS = 60_000;
const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** `Bearer realm="https://auth/token",service="reg",scope="repository:a:pull"` -> its parts. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(Basic|Bearer)\b\s*(.*)$/i.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) params[p[1].toLowerCase()] = p[2] ?? p[3];
  return { scheme: m[1].toLowerCase() as Challenge['scheme'], params };
}

async function readBody(res: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res) {
    n += (c as Buffer).length;
    if (n > limit) {
      res.destroy();
      throw new ImageSourceError(imageWords.tooLarge(what, n, limit));
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export class RegistryStore implements BlobStore {
  readonly label: string;
  private creds: Credentials | undefined | null = null; // null: not looked up yet
  private authorization: string | undefined;

  constructor(private readonly o: RegistryOptions) {
    this.label = `registry:${o.host}/${o.repository}${o.digest ? `@${o.digest}` : `:${o.tag ?? 'latest'}`}`;
  }

  private base(): string {
    const plain = this.o.insecure?.includes(this.o.host);
    return `${plain ? 'http' : 'https'}://${this.o.host}`;
  }

  /** One request, no auth logic: redirects followed, retries on 429/5xx and connection resets. */
  private async send(url: string, headers: Record<string, string>, redirects = 0): Promise<IncomingMessage> {
    const u = new URL(url);
    if (u.protocol === 'http:' && !this.o.insecure?.includes(u.host))
      throw new ImageSourceError(imageWords.registryPlainHttpRefused(u.host));
    for (let attempt = 0; ; attempt++) {
      let res: IncomingMessage;
      try {
        res = await new Promise<IncomingMessage>((resolve, reject) => {
          const lib = u.protocol === 'https:' ? https : http;
          const req = lib.get(u, { headers, ca: this.o.ca, timeout: TIMEOUT_MS, signal: this.o.signal }, resolve);
          req.on('timeout', () => req.destroy(new Error('timed out')));
          req.on('error', reject);
        });
      } catch (e) {
        if (this.o.signal?.aborted) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        const transient = code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE';
        if (transient && attempt < RETRIES) {
          await delay(250 * 2 ** attempt, undefined, { signal: this.o.signal });
          continue;
        }
        // A TLS handshake with a plain-HTTP server fails on its first bytes.
        if (u.protocol === 'https:' && (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER'))
          throw new ImageSourceError(imageWords.registryNoTls(this.label, u.host));
        throw new ImageSourceError(imageWords.registryUnreachable(this.label, code ?? (e instanceof Error ? e.message : String(e))));
      }
      const status = res.statusCode ?? 0;
      if ((status === 429 || status >= 500) && attempt < RETRIES) {
        res.resume();
        const after = Number(res.headers['retry-after']);
        const wait = Number.isFinite(after) && after >= 0 ? Math.min(after, 10) * 1000 : 250 * 2 ** attempt;
        await delay(wait, undefined, { signal: this.o.signal });
        continue;
      }
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) throw new ImageSourceError(imageWords.registryTooManyRedirects(this.label));
        const next = new URL(res.headers.location, u);
        const h = { ...headers };
        // Blob storage (S3, a CDN) gets no registry credentials.
        if (next.host !== u.host) delete h.Authorization;
        return this.send(next.toString(), h, redirects + 1);
      }
      return res;
    }
  }

  private async credentials(): Promise<Credentials | undefined> {
    if (this.creds === null) this.creds = await credentialsFor(this.o.host, this.o.env);
    return this.creds;
  }

  private basic(c: Credentials): string {
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  /** Answers a 401's challenge: sets `authorization` for the next try; false when nothing more can be tried. */
  private async answer(challenge: Challenge | undefined): Promise<boolean> {
    if (!challenge) return false;
    const c = await this.credentials();
    if (challenge.scheme === 'basic') {
      if (!c || this.authorization) return false;
      this.authorization = this.basic(c);
      return true;
    }
    if (this.authorization?.startsWith('Bearer ')) return false;
    const realm = challenge.params.realm;
    if (!realm) return false;
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${this.o.repository}:pull`);
    const res = await this.send(url.toString(), c ? { Authorization: this.basic(c) } : {});
    if (res.statusCode !== 200) {
      res.resume();
      throw new ImageSourceError(imageWords.registryDenied(this.label, res.statusCode ?? 0, realm, this.tried(c)));
    }
    const body = JSON.parse((await readBody(res, MAX_TOKEN_BYTES, 'token answer')).toString('utf8')) as {
      token?: unknown;
      access_token?: unknown;
    };
    const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : undefined;
    if (!token) throw new ImageSourceError(imageWords.registryDenied(this.label, 200, realm, this.tried(c)));
    this.authorization = `Bearer ${token}`;
    return true;
  }

  private tried(c: Credentials | undefined): string {
    return c ? imageWords.credentialsFrom(c.source) : imageWords.credentialsNone;
  }

  /** GET with the auth dance; resolves to a 200 response (others become ImageSourceError). */
  private async get(pathPart: string, accept: string | undefined, what: string): Promise<IncomingMessage> {
    const url = `${this.base()}/v2/${this.o.repository}/${pathPart}`;
    for (let round = 0; round < 3; round++) {
      const headers: Record<string, string> = {};
      if (accept) headers.Accept = accept;
      if (this.authorization) headers.Authorization = this.authorization;
      const res = await this.send(url, headers);
      const status = res.statusCode ?? 0;
      if (status === 200) return res;
      res.resume();
      if (status === 401) {
        const challenge = parseChallenge(res.headers['www-authenticate']);
        if (await this.answer(challenge)) continue;
        const realm = challenge?.params.realm ?? this.o.host;
        throw new ImageSourceError(imageWords.registryDenied(this.label, status, realm, this.tried(await this.credentials())));
      }
      if (status === 403)
        throw new ImageSourceError(imageWords.registryDenied(this.label, status, this.o.host, this.tried(await this.credentials())));
      if (status === 404) throw new ImageSourceError(imageWords.registryNotFound(this.label, what));
      throw new ImageSourceError(imageWords.registryHttp(this.label, status, what));
    }
    throw new ImageSourceError(imageWords.registryDenied(this.label, 401, this.o.host, this.tried(await this.credentials())));
  }

  async root(): Promise<RootDocument> {
    const ref = this.o.digest ?? this.o.tag ?? 'latest';
    const res = await this.get(`manifests/${ref}`, ACCEPT, `manifest ${ref}`);
    const bytes = await readBody(res, MAX_MANIFEST_BYTES, `manifest ${ref}`);
    const digest = sha256(bytes);
    if (this.o.digest && digest !== this.o.digest) throw new ImageSourceError(imageWords.digestMismatch(this.o.digest, digest));
    const mediaType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    return { bytes, digest, mediaType: MANIFEST_TYPES.has(mediaType) ? mediaType : '' };
  }

  async document(desc: Descriptor, limit: number): Promise<Buffer> {
    if (!DIGEST_RE.test(desc.digest)) throw new ImageSourceError(imageWords.badDigest(desc.digest));
    if (desc.size > limit) throw new ImageSourceError(imageWords.tooLarge(`blob ${desc.digest}`, desc.size, limit));
    const kind = MANIFEST_TYPES.has(desc.mediaType) ? 'manifests' : 'blobs';
    const res = await this.get(
      `${kind}/${desc.digest}`,
      kind === 'manifests' ? ACCEPT : undefined,
      `${kind === 'manifests' ? 'manifest' : 'blob'} ${desc.digest}`,
    );
    const bytes = await readBody(res, limit, `blob ${desc.digest}`);
    verifyDocument(desc, bytes);
    return bytes;
  }

  async blobFile(desc: Descriptor): Promise<string> {
    const m = DIGEST_RE.exec(desc.digest);
    if (!m) throw new ImageSourceError(imageWords.badDigest(desc.digest));
    const dir = path.join(this.o.blobDir, 'blobs', 'sha256');
    const file = path.join(dir, m[1]);
    try {
      // Only verified blobs are ever renamed into place.
      if ((await stat(file)).size === desc.size) return file;
    } catch {
      /* not fetched yet */
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
    try {
      const res = await this.get(`blobs/${desc.digest}`, undefined, `blob ${desc.digest}`);
      const hash = createHash('sha256');
      let n = 0;
      const out = createWriteStream(part, { mode: 0o600 });
      try {
        for await (const c of res) {
          n += (c as Buffer).length;
          if (n > desc.size) {
            res.destroy();
            throw new ImageSourceError(imageWords.sizeMismatch(desc.digest, desc.size, n));
          }
          hash.update(c as Buffer);
          this.o.onDownload?.((c as Buffer).length);
          if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
      } finally {
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }
      if (n !== desc.size) throw new ImageSourceError(imageWords.sizeMismatch(desc.digest, desc.size, n));
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== desc.digest) throw new ImageSourceError(imageWords.digestMismatch(desc.digest, actual));
      await rename(part, file);
      return file;
    } finally {
      await rm(part, { force: true });
    }
  }
}
