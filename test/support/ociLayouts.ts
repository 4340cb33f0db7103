// OCI image layout directories built in the tests, as `skopeo copy … oci:DIR`
// writes them: content-addressed blobs, an image index naming one manifest per
// platform, each manifest with its config (platform, history `created_by`) and
// layers compressed as asked (plain tar, gzip, or zstd by Debian's `zstd`).
// Returns every digest, so tests can assert which layer brought a binary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OCI_INDEX, OCI_MANIFEST, ociBlobStore, putImageManifest, writeLayoutIndex } from '../../server/src/bench/ociWriter';
import { type LayerSpec, packLayer } from './imageArchives';

export type Compression = 'tar' | 'gzip' | 'zstd';
export interface LayerPlan {
  /** The layer's files, or `blob`: the exact bytes of a layer written before (a shared base layer). */
  files?: LayerSpec;
  blob?: Buffer;
  compression: Compression;
  createdBy: string;
}
export interface ImagePlan {
  platform: { os: string; architecture: string; variant?: string };
  layers: LayerPlan[];
}
export interface WrittenImage {
  manifest: string;
  layers: string[];
}

const MEDIA: Record<Compression, string> = {
  tar: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

/** Writes an OCI layout at `dir` whose index.json names one index (tag `ref`) over the images. */
export async function writeOciLayoutDir(dir: string, images: ImagePlan[], ref = '1.0'): Promise<{ index: string; images: WrittenImage[] }> {
  const { put } = ociBlobStore(dir);
  const work = mkdtempSync(path.join(tmpdir(), 'pg-ocidir-'));
  const written: WrittenImage[] = [];
  const manifests = [];
  try {
    for (const img of images) {
      const layers = [];
      for (const [i, l] of img.layers.entries()) {
        if (l.blob) {
          layers.push({ mediaType: MEDIA[l.compression], ...put(l.blob) });
          continue;
        }
        const tarFile = path.join(work, `layer${i}.tar`);
        await packLayer(l.files ?? {}, tarFile, l.compression === 'gzip');
        if (l.compression === 'zstd') execFileSync('zstd', ['-q', '-f', '--rm', tarFile, '-o', `${tarFile}.zst`]);
        const bytes = readFileSync(l.compression === 'zstd' ? `${tarFile}.zst` : tarFile);
        layers.push({ mediaType: MEDIA[l.compression], ...put(bytes) });
        rmSync(l.compression === 'zstd' ? `${tarFile}.zst` : tarFile, { force: true });
      }
      const manifest = putImageManifest(
        { put },
        {
          ...img.platform,
          rootfs: { type: 'layers', diff_ids: [] },
          history: [
            { created_by: '/bin/sh -c #(nop)  LABEL an=empty-step', empty_layer: true },
            ...img.layers.map((l) => ({ created_by: l.createdBy })),
          ],
        },
        layers,
      );
      manifests.push({ mediaType: OCI_MANIFEST, ...manifest, platform: img.platform });
      written.push({ manifest: manifest.digest, layers: layers.map((l) => l.digest) });
    }
    const index = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests })));
    writeLayoutIndex(dir, [{ mediaType: OCI_INDEX, ...index, annotations: { 'org.opencontainers.image.ref.name': ref } }]);
    return { index: index.digest, images: written };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
