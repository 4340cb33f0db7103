// The image sources among scan-binary's PATH arguments: `oci:DIR`,
// `registry:…`/`docker://…` (scanned by core/binary/image), and the explicit
// archive forms `oci-archive:FILE`/`docker-archive:FILE` (the archive reader,
// as for a plain archive path). Decides which, and runs it with the run's
// shared options; a plain path is left to the caller.
import { readFile } from 'node:fs/promises';
import type { BinaryReport } from '../types';
import { ImageSourceError } from '../image/errors';
import { DiskLayerCache } from '../image/layerCache';
import { isOciLayout } from '../image/ociLayout';
import { type ImageSource, parseImageSource } from '../image/imageSource';
import { type PlatformRequest } from '../image/resolve';
import { ImageRun, scanImageSource, type ImageScanResult } from '../image/scanImage';
import { imageWords } from '../../vocabulary/image';
import { registryAccessWords } from '../../vocabulary/scanInputs';

/** What the image sources of a run share (from the CLI's flags or the editor's request). */
export interface ImageTargetOptions {
  platform?: PlatformRequest;
  /** File of PEM CAs to trust for registries (--registry-ca). */
  caFile?: string;
  insecure?: string[];
  /** The layer cache's folder; null: no cache (--no-cache). */
  cacheDir?: string | null;
  /** What cached results depend on (tool version, --all). */
  cacheFlavour?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onDownload?(bytes: number): void;
  onRead?(bytes: number): void;
}

export type ImageTarget = { source: ImageSource } | { archive: string } | { error: string } | undefined;

/** How a PATH argument is an image: a source to scan, an archive file to read, an error line, or not at all. */
export async function imageTargetOf(arg: string): Promise<ImageTarget> {
  const parsed = parseImageSource(arg);
  if (parsed && 'error' in parsed) return parsed;
  if (parsed) {
    const s = parsed.source;
    return s.kind === 'oci-archive' || s.kind === 'docker-archive' ? { archive: s.file } : { source: s };
  }
  // A directory holding `oci-layout` + `index.json` is an OCI layout, not a tree of files.
  if (await isOciLayout(arg)) return { source: { kind: 'oci', dir: arg } };
  return undefined;
}

/** The run's shared state: one blob dir, one layer cache, the CA read once. */
export class ImageTargets {
  private readonly run = new ImageRun();
  private cache: DiskLayerCache | undefined;
  private ca: Promise<string | undefined> | undefined;

  constructor(private readonly o: ImageTargetOptions) {
    if (o.cacheDir) this.cache = new DiskLayerCache(o.cacheDir, o.cacheFlavour ?? 'default');
  }

  get cacheHits(): number {
    return this.cache?.hits ?? 0;
  }

  private caText(): Promise<string | undefined> {
    const f = this.o.caFile;
    this.ca ??= f
      ? readFile(f, 'utf8').then(
          (t) => {
            if (!t.includes('-----BEGIN CERTIFICATE-----'))
              throw new ImageSourceError(imageWords.badCa(f, registryAccessWords.caWithoutCertificate));
            return t;
          },
          (e: NodeJS.ErrnoException) => {
            throw new ImageSourceError(imageWords.badCa(f, e.code === 'ENOENT' ? registryAccessWords.caMissing : (e.code ?? e.message)));
          },
        )
      : Promise.resolve(undefined);
    return this.ca;
  }

  async scan(source: ImageSource, maxBinaryBytes: number, scan: (bytes: Uint8Array) => Promise<BinaryReport>): Promise<ImageScanResult> {
    let ca: string | undefined;
    try {
      ca = await this.caText();
    } catch (e) {
      if (e instanceof ImageSourceError) return { binaries: [], skipped: 0, errors: [e.message] };
      throw e;
    }
    return scanImageSource(source, {
      platform: this.o.platform,
      ca,
      insecure: this.o.insecure,
      cache: this.cache,
      maxBinaryBytes,
      scan,
      signal: this.o.signal,
      env: this.o.env,
      onDownload: this.o.onDownload,
      onRead: this.o.onRead,
      run: this.run,
    });
  }

  close(): Promise<void> {
    return this.run.close();
  }
}
