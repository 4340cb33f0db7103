// From a source's root document to the images to scan: image indexes (OCI and
// Docker manifest lists) are followed to the manifests of the requested
// platform — linux/arm64 (any variant) by default, `os/arch[/variant]`, or
// every arm64 manifest with `all` — and each manifest's config gives the
// platform (when the index does not) and the history that says which build
// step made each layer. Bounded against hostile indexes: depth, descriptor
// count, document sizes, and no digest is expanded twice (cycles).
import { imageWords } from '../../vocabulary/image';
import { ImageSourceError } from './errors';
import { type BlobStore, type Descriptor, type Platform, platformText, type ResolvedImage, type RootDocument } from './types';

export const MAX_DOCUMENT_BYTES = 4 << 20;
const MAX_DEPTH = 4;
const MAX_DESCRIPTORS = 512;
const MAX_LAYERS = 256;

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const MANIFEST_TYPES = new Set(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']);

/** `all`, or an os/arch[/variant] to match; undefined = linux/arm64, any variant. */
export type PlatformRequest = 'all' | Platform | undefined;

export function parsePlatform(text: string): PlatformRequest | { error: string } {
  if (text === 'all') return 'all';
  const [os, architecture, variant, ...rest] = text.split('/');
  if (!os || !architecture || rest.length) return { error: imageWords.badPlatform(text) };
  return { os, architecture, variant };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ImageSourceError(imageWords.notJson(what));
  }
  if (!isObject(v)) throw new ImageSourceError(imageWords.notJson(what));
  return v;
}

function asPlatform(v: unknown): Platform | undefined {
  if (!isObject(v) || typeof v.os !== 'string' || typeof v.architecture !== 'string') return undefined;
  return { os: v.os, architecture: v.architecture, variant: typeof v.variant === 'string' ? v.variant : undefined };
}

function asDescriptor(v: unknown): Descriptor | undefined {
  if (!isObject(v) || typeof v.digest !== 'string' || typeof v.size !== 'number') return undefined;
  if (!Number.isSafeInteger(v.size) || v.size < 0) return undefined;
  return {
    mediaType: typeof v.mediaType === 'string' ? v.mediaType : '',
    digest: v.digest,
    size: v.size,
    platform: asPlatform(v.platform),
    annotations: isObject(v.annotations)
      ? Object.fromEntries(Object.entries(v.annotations).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : undefined,
  };
}

function matches(p: Platform, want: PlatformRequest): boolean {
  if (want === 'all') return p.architecture === 'arm64';
  if (!want) return p.os === 'linux' && p.architecture === 'arm64';
  return p.os === want.os && p.architecture === want.architecture && (!want.variant || p.variant === want.variant);
}

interface Walk {
  store: BlobStore;
  want: PlatformRequest;
  seen: Set<string>;
  descriptors: number;
  /** Platforms offered but not asked for (for the "no linux/arm64 image" line). */
  offered: Set<string>;
  images: ResolvedImage[];
}

async function fromManifest(w: Walk, doc: Record<string, unknown>, digest: string, hinted: Platform | undefined): Promise<void> {
  const configDesc = asDescriptor(doc.config);
  const layersRaw = Array.isArray(doc.layers) ? doc.layers : undefined;
  if (!configDesc || !layersRaw) throw new ImageSourceError(imageWords.badManifest(digest));
  if (layersRaw.length > MAX_LAYERS) throw new ImageSourceError(imageWords.tooManyLayers(digest, layersRaw.length, MAX_LAYERS));
  const layers = layersRaw.map(asDescriptor);
  if (layers.some((l) => !l)) throw new ImageSourceError(imageWords.badManifest(digest));
  const config = parseJson(await w.store.document(configDesc, MAX_DOCUMENT_BYTES), `config ${configDesc.digest}`);
  const platform = hinted ?? asPlatform(config) ?? { os: 'unknown', architecture: 'unknown' };
  if (!matches(platform, w.want)) {
    w.offered.add(platformText(platform));
    return;
  }
  // history[] has one row per build step; empty_layer rows made no layer.
  const history = Array.isArray(config.history) ? config.history.filter(isObject) : [];
  const createdBy = history.filter((h) => h.empty_layer !== true).map((h) => (typeof h.created_by === 'string' ? h.created_by : undefined));
  w.images.push({ digest, platform, layers: layers as Descriptor[], createdBy: createdBy.length === layers.length ? createdBy : [] });
}

async function visit(
  w: Walk,
  doc: Record<string, unknown>,
  digest: string,
  mediaType: string,
  depth: number,
  hinted?: Platform,
): Promise<void> {
  const kind = INDEX_TYPES.has(mediaType) || (!mediaType && Array.isArray(doc.manifests)) ? 'index' : 'manifest';
  if (kind === 'manifest') return fromManifest(w, doc, digest, hinted);
  if (depth >= MAX_DEPTH) throw new ImageSourceError(imageWords.indexTooDeep(MAX_DEPTH));
  const listed = Array.isArray(doc.manifests) ? doc.manifests : [];
  if (w.descriptors + listed.length > MAX_DESCRIPTORS) throw new ImageSourceError(imageWords.tooManyDescriptors(MAX_DESCRIPTORS));
  const children = listed.map(asDescriptor).filter((d): d is Descriptor => !!d);
  for (const d of children) {
    if (++w.descriptors > MAX_DESCRIPTORS) throw new ImageSourceError(imageWords.tooManyDescriptors(MAX_DESCRIPTORS));
    if (w.seen.has(d.digest)) continue; // a cycle, or the same manifest listed twice
    w.seen.add(d.digest);
    // Attestations and other artifacts (unknown/unknown) are not images.
    if (d.platform && d.platform.architecture === 'unknown') continue;
    if (d.platform && !matches(d.platform, w.want)) {
      w.offered.add(platformText(d.platform));
      continue;
    }
    if (!INDEX_TYPES.has(d.mediaType) && !MANIFEST_TYPES.has(d.mediaType) && d.mediaType) continue;
    const child = parseJson(await w.store.document(d, MAX_DOCUMENT_BYTES), `manifest ${d.digest}`);
    const childType = d.mediaType || (typeof child.mediaType === 'string' ? child.mediaType : '');
    await visit(w, child, d.digest, childType, depth + 1, d.platform);
  }
}

/** The images of `store` for the requested platform; throws ImageSourceError with one line. */
export async function resolveImages(store: BlobStore, want: PlatformRequest, root?: RootDocument): Promise<ResolvedImage[]> {
  const r = root ?? (await store.root());
  const doc = parseJson(r.bytes, `${store.label} manifest`);
  const mediaType = r.mediaType || (typeof doc.mediaType === 'string' ? doc.mediaType : '');
  const w: Walk = { store, want, seen: new Set([r.digest]), descriptors: 0, offered: new Set(), images: [] };
  await visit(w, doc, r.digest, mediaType, 0);
  if (!w.images.length)
    throw new ImageSourceError(imageWords.noPlatform(want === 'all' || !want ? 'linux/arm64' : platformText(want), [...w.offered]));
  return w.images;
}
