// An OCI image layout directory (what `skopeo copy … oci:DIR`, `buildah push`,
// `docker buildx build --output type=oci,tar=false` and `crane` write):
// `oci-layout`, `index.json`, and content-addressed `blobs/sha256/<hex>`.
// Serves blobs by digest; a digest is checked for form before it becomes a
// path (no traversal out of the layout) and documents are verified against
// their descriptor's digest and size before they count.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { imageWords } from '../../vocabulary/image';
import { scanInputWords } from '../../vocabulary/scanInputs';
import { ImageSourceError } from './errors';
import type { BlobStore, Descriptor, RootDocument } from './types';

const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;
const INDEX_TYPE = 'application/vnd.oci.image.index.v1+json';
const REF_NAME = 'org.opencontainers.image.ref.name';
const MAX_INDEX_BYTES = 4 << 20;

/** Reads at most `limit` bytes of a regular file; throws ImageSourceError when it is larger or not a file. */
export async function readBounded(file: string, limit: number, what: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ImageSourceError(scanInputWords.notARegularFile(what));
    if (st.size > limit) throw new ImageSourceError(imageWords.tooLarge(what, st.size, limit));
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await fh.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

export const sha256 = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Checks a document's bytes against its descriptor (size first, then digest). */
export function verifyDocument(desc: Descriptor, bytes: Buffer): void {
  if (bytes.length !== desc.size) throw new ImageSourceError(imageWords.sizeMismatch(desc.digest, desc.size, bytes.length));
  const actual = sha256(bytes);
  if (actual !== desc.digest) throw new ImageSourceError(imageWords.digestMismatch(desc.digest, actual));
}

/** Whether `dir` looks like an OCI image layout (so a plain directory argument can be read as one). */
export async function isOciLayout(dir: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([stat(path.join(dir, 'oci-layout')), stat(path.join(dir, 'index.json'))]);
    return a.isFile() && b.isFile();
  } catch {
    return false;
  }
}

export class OciLayoutStore implements BlobStore {
  readonly label: string;

  constructor(
    private readonly dir: string,
    private readonly ref?: string,
    /** One manifest (or index) of the layout, by digest. */
    private readonly digest?: string,
  ) {
    this.label = `oci:${dir}${digest ? `@${digest}` : ref ? `:${ref}` : ''}`;
  }

  blobPath(digest: string): string {
    const m = DIGEST_RE.exec(digest);
    if (!m) throw new ImageSourceError(imageWords.badDigest(digest));
    return path.join(this.dir, 'blobs', 'sha256', m[1]);
  }

  async root(): Promise<RootDocument> {
    if (!(await isOciLayout(this.dir))) throw new ImageSourceError(imageWords.notLayout(this.dir));
    if (this.digest) {
      let doc: Buffer;
      try {
        doc = await readBounded(this.blobPath(this.digest), MAX_INDEX_BYTES, `blob ${this.digest}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageSourceError(imageWords.missingBlob(this.digest));
        throw e;
      }
      const actual = sha256(doc);
      if (actual !== this.digest) throw new ImageSourceError(imageWords.digestMismatch(this.digest, actual));
      return { bytes: doc, digest: this.digest, mediaType: '' };
    }
    const bytes = await readBounded(path.join(this.dir, 'index.json'), MAX_INDEX_BYTES, `${this.dir}/index.json`);
    if (!this.ref) return { bytes, digest: sha256(bytes), mediaType: INDEX_TYPE };
    // `oci:DIR:REF`: the manifests the index names REF (skopeo and buildah write the tag there).
    let index: { manifests?: { annotations?: Record<string, unknown> }[] };
    try {
      index = JSON.parse(bytes.toString('utf8')) as typeof index;
    } catch {
      throw new ImageSourceError(imageWords.notJson(`${this.dir}/index.json`));
    }
    const all = Array.isArray(index.manifests) ? index.manifests : [];
    const named = all.filter((m) => m?.annotations?.[REF_NAME] === this.ref);
    if (!named.length) {
      const refs = all.map((m) => m?.annotations?.[REF_NAME]).filter((r): r is string => typeof r === 'string');
      throw new ImageSourceError(imageWords.noRef(this.ref, refs.slice(0, 10)));
    }
    const filtered = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX_TYPE, manifests: named }));
    return { bytes: filtered, digest: sha256(bytes), mediaType: INDEX_TYPE };
  }

  async document(desc: Descriptor, limit: number): Promise<Buffer> {
    if (desc.size > limit) throw new ImageSourceError(imageWords.tooLarge(`blob ${desc.digest}`, desc.size, limit));
    let bytes: Buffer;
    try {
      bytes = await readBounded(this.blobPath(desc.digest), limit, `blob ${desc.digest}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageSourceError(imageWords.missingBlob(desc.digest));
      throw e;
    }
    verifyDocument(desc, bytes);
    return bytes;
  }

  async blobFile(desc: Descriptor): Promise<string> {
    const p = this.blobPath(desc.digest);
    try {
      if (!(await stat(p)).isFile()) throw new ImageSourceError(imageWords.missingBlob(desc.digest));
    } catch (e) {
      if (e instanceof ImageSourceError) throw e;
      throw new ImageSourceError(imageWords.missingBlob(desc.digest));
    }
    return p;
  }
}
