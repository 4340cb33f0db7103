// Scans the images an image source names (an OCI layout directory or a
// registry reference): resolves the platform's manifests, reads each image's
// layers (cached per layer digest), and reports every Go arm64 executable
// with the image (reference, manifest digest, platform) and the layer (index,
// digest, the build step that made it) it came from. Blobs fetched from a
// registry live in a temp dir for the run, so a layer shared by several images
// is fetched once per run. Never throws: a source that cannot be read is one line.
import { rm } from 'node:fs/promises';
import type { BinaryReport } from '../types';
import { makeTempDir } from '../../util/tempDir';
import { imageWords } from '../../vocabulary/image';
import { ImageSourceError } from './errors';
import { readImage, type LayerCache } from './imageFiles';
import { formatImageSource, type ImageSource } from './imageSource';
import { OciLayoutStore } from './ociLayout';
import { RegistryStore } from './registry';
import { resolveImages, type PlatformRequest } from './resolve';
import { type BlobStore, platformText } from './types';

export interface ImageScanOptions {
  platform?: PlatformRequest;
  /** PEM text of extra CAs (--registry-ca). */
  ca?: string;
  insecure?: string[];
  cache?: LayerCache;
  maxBinaryBytes: number;
  scan(bytes: Uint8Array): Promise<BinaryReport>;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Blob bytes downloaded from registries, and layer bytes read (tests, progress). */
  onDownload?(bytes: number): void;
  onRead?(bytes: number): void;
  /** Bytes of candidate files held at once (tests assert they stay one binary's worth). */
  onHeld?(bytes: number): void;
  /** Blob directory shared by the sources of one run (created on first use, removed by `close`). */
  run?: ImageRun;
}

export interface ImageScanResult {
  binaries: BinaryReport[];
  skipped: number;
  /** One line per problem with the source as a whole. */
  errors: string[];
}

/** What the image sources of one run share: the temp dir of fetched blobs. */
export class ImageRun {
  private dir: Promise<string> | undefined;
  blobDir(): Promise<string> {
    this.dir ??= makeTempDir('blobs');
    return this.dir;
  }
  async close(): Promise<void> {
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }
}

async function storeFor(source: ImageSource, o: ImageScanOptions, run: ImageRun): Promise<BlobStore> {
  if (source.kind === 'oci') return new OciLayoutStore(source.dir, source.ref, source.digest);
  if (source.kind === 'registry')
    return new RegistryStore({
      host: source.host,
      repository: source.repository,
      tag: source.tag,
      digest: source.digest,
      ca: o.ca,
      insecure: o.insecure,
      blobDir: await run.blobDir(),
      signal: o.signal,
      env: o.env,
      onDownload: o.onDownload,
    });
  throw new ImageSourceError(imageWords.archiveNotHere(formatImageSource(source)));
}

export async function scanImageSource(source: ImageSource, o: ImageScanOptions): Promise<ImageScanResult> {
  const ref = formatImageSource(source);
  const run = o.run ?? new ImageRun();
  const out: ImageScanResult = { binaries: [], skipped: 0, errors: [] };
  try {
    const store = await storeFor(source, o, run);
    const images = await resolveImages(store, o.platform);
    for (const image of images) {
      try {
        const read = await readImage(store, image, {
          maxBinaryBytes: o.maxBinaryBytes,
          scan: o.scan,
          cache: o.cache,
          signal: o.signal,
          onRead: o.onRead,
          onHeld: o.onHeld,
        });
        out.skipped += read.skipped;
        const platform = platformText(image.platform);
        // Several images (an index, --platform all): the path names the manifest, so it reads back.
        const at = images.length > 1 ? `${ref.replace(/[:@][^/:@]*$/, '')}@${image.digest}` : ref;
        const inImage = 'inImage' in source ? source.inImage : undefined;
        for (const b of read.binaries)
          if (!inImage || b.path === inImage)
            out.binaries.push({
              ...b.report,
              path: `${at}:${b.path}`,
              image: { ref, digest: image.digest, platform },
              layer: { index: b.layer, digest: image.layers[b.layer].digest, createdBy: image.createdBy[b.layer] },
            });
        for (const e of read.errors)
          if (!inImage || e.path === inImage)
            out.binaries.push({
              path: `${at}:${e.path}`,
              format: null,
              goVersion: null,
              buildInfo: null,
              findings: [],
              errors: [e.message],
              functions: 0,
            });
      } catch (e) {
        if (!(e instanceof ImageSourceError)) throw e;
        out.errors.push(`${ref} (${platformText(image.platform)}): ${e.message}`);
      }
    }
    const wanted = 'inImage' in source ? source.inImage : undefined;
    if (wanted && !out.binaries.some((b) => b.path.endsWith(`:${wanted}`)) && !out.errors.length)
      out.errors.push(imageWords.notInImage(ref, wanted));
  } catch (e) {
    if (o.signal?.aborted) throw e;
    if (!(e instanceof ImageSourceError)) throw e;
    out.errors.push(e.message.startsWith(ref) ? e.message : `${ref}: ${e.message}`);
  } finally {
    if (!o.run) await run.close();
  }
  return out;
}
