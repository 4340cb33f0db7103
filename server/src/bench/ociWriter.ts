// Writes OCI image layouts for the image benchmark and the image tests: a
// content-addressed blob store (`blobs/sha256/<hex>`), an image manifest over
// a config and layer descriptors, and the layout's `oci-layout` + `index.json`.
// Only what those callers need; the product reads layouts, it never writes one.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BlobDescriptor {
  digest: string;
  size: number;
}
export interface MediaDescriptor extends BlobDescriptor {
  mediaType: string;
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

/** The blob store of the layout at `dir`: `put` writes a blob under its sha256 and returns its descriptor. */
export function ociBlobStore(dir: string): { put(bytes: Buffer): BlobDescriptor } {
  const blobs = path.join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  return {
    put(bytes) {
      const hex = createHash('sha256').update(bytes).digest('hex');
      writeFileSync(path.join(blobs, hex), bytes);
      return { digest: `sha256:${hex}`, size: bytes.length };
    },
  };
}

/** Writes the image config (a JSON object) and the manifest over it and `layers`; returns the manifest's descriptor. */
export function putImageManifest(store: { put(bytes: Buffer): BlobDescriptor }, config: object, layers: MediaDescriptor[]): BlobDescriptor {
  const cfg = store.put(Buffer.from(JSON.stringify(config)));
  return store.put(
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, ...cfg }, layers })),
  );
}

/** Writes `oci-layout` and an `index.json` listing `manifests` (descriptors with their media type, platform, annotations). */
export function writeLayoutIndex(dir: string, manifests: object[]): void {
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}
