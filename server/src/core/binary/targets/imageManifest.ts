// Which images an archive holds and their layers in order, from its JSON
// documents: `docker save`'s manifest.json (`[{Config, RepoTags, Layers}]`)
// or an OCI image layout (index.json -> manifest blobs, image indexes
// followed, arm64 platforms preferred; cycles, depth and the number of
// descriptors bounded). Pure: the archive reader hands in the
// small JSON entries it kept, keyed by their path in the archive.

import { ociIndexTooDeep, ociTooManyDescriptors } from '../../vocabulary/readers';
import { scanInputWords } from '../../vocabulary/scanInputs';

export interface ImageLayers {
  /** A tag or digest naming the image when the archive holds several; '' otherwise. */
  name: string;
  /** Archive paths of the layer blobs, base layer first. */
  layers: string[];
  /** Each layer's size as its descriptor names it (OCI), when known. */
  sizes?: (number | undefined)[];
}

export type ImageManifestResult = { images: ImageLayers[] } | { error: string };

interface Descriptor {
  mediaType?: string;
  digest?: string;
  platform?: { architecture?: string; os?: string };
  annotations?: Record<string, string>;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blobPath = (digest: string): string => `blobs/${digest.replace(':', '/')}`;

function fromDocker(manifest: unknown): ImageLayers[] | undefined {
  if (!Array.isArray(manifest)) return undefined;
  const images: ImageLayers[] = [];
  for (const m of manifest) {
    if (!isObject(m) || !Array.isArray(m.Layers)) continue;
    const tags = Array.isArray(m.RepoTags) ? m.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    images.push({
      name: tags[0] ?? (typeof m.Config === 'string' ? m.Config : ''),
      layers: m.Layers.filter((l): l is string => typeof l === 'string'),
    });
  }
  return images;
}

function descriptors(v: unknown): Descriptor[] {
  return isObject(v) && Array.isArray(v.manifests) ? (v.manifests.filter(isObject) as Descriptor[]) : [];
}

/** Bounds on an OCI layout's index tree: real images nest an index once or twice and list a few dozen descriptors. */
export const OCI_MAX_DEPTH = 4;
export const OCI_MAX_DESCRIPTORS = 10000;

class OciLimit extends Error {}

interface OciWalk {
  docs: Map<string, string>;
  /** Descriptors looked at so far (all levels). */
  seen: number;
}

function fromOci(index: unknown, walk: OciWalk, path: Set<string> = new Set()): ImageLayers[] {
  let ds = descriptors(index);
  // A multi-platform index: the arm64 images are the ones this hazard concerns.
  const arm = ds.filter((d) => d.platform?.architecture === 'arm64');
  if (arm.length) ds = arm;
  const images: ImageLayers[] = [];
  for (const d of ds) {
    if (++walk.seen > OCI_MAX_DESCRIPTORS) throw new OciLimit(ociTooManyDescriptors(OCI_MAX_DESCRIPTORS));
    if (typeof d.digest !== 'string') continue;
    const doc = parse(walk.docs.get(blobPath(d.digest)));
    if (isObject(doc) && Array.isArray(doc.manifests)) {
      // An index naming itself (or an ancestor) would expand without end.
      if (path.has(d.digest) || path.size >= OCI_MAX_DEPTH) throw new OciLimit(ociIndexTooDeep(OCI_MAX_DEPTH));
      path.add(d.digest);
      images.push(...fromOci(doc, walk, path));
      path.delete(d.digest);
    } else if (isObject(doc) && Array.isArray(doc.layers)) {
      const descs = (doc.layers as unknown[]).filter(isObject).filter((l) => typeof l.digest === 'string');
      images.push({
        name: d.annotations?.['org.opencontainers.image.ref.name'] ?? d.digest,
        layers: descs.map((l) => blobPath(l.digest as string)),
        sizes: descs.map((l) => (typeof l.size === 'number' ? l.size : undefined)),
      });
    }
  }
  return images;
}

/** The images of an archive whose small JSON entries are `docs` (archive path -> text). */
export function imagesOf(docs: Map<string, string>): ImageManifestResult {
  const docker = fromDocker(parse(docs.get('manifest.json')));
  let images: ImageLayers[];
  try {
    images = docker && docker.length ? docker : fromOci(parse(docs.get('index.json')), { docs, seen: 0 });
  } catch (e) {
    if (e instanceof OciLimit) return { error: e.message };
    throw e;
  }
  if (!images.length) {
    return docs.has('manifest.json') || docs.has('index.json')
      ? { error: scanInputWords.archiveWithoutManifest }
      : { error: scanInputWords.tarNotImage };
  }
  if (images.length === 1) images[0].name = '';
  return { images };
}
