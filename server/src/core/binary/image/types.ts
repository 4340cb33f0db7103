// The values the image readers pass around: OCI content descriptors, the
// platform an image was built for, and a store that serves blobs by digest
// (an OCI layout directory, or a registry's blobs fetched into a local
// content-addressed directory). No behaviour here.

export interface Descriptor {
  mediaType: string;
  /** `sha256:<64 hex>` (other algorithms are refused when read). */
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** A root document (an index or a manifest) and the digest that names it. */
export interface RootDocument {
  bytes: Buffer;
  digest: string;
  mediaType: string;
}

export interface BlobStore {
  /** How errors name this store (`oci:/path`, `registry:host/repo`). */
  readonly label: string;
  /** The document a reference names: index.json of a layout (filtered by ref), a registry tag or digest. */
  root(): Promise<RootDocument>;
  /** A small JSON blob (manifest, index, config), verified against its descriptor, at most `limit` bytes. */
  document(desc: Descriptor, limit: number): Promise<Buffer>;
  /** A local file holding the verified blob (registries fetch it once per run, or once into the cache). */
  blobFile(desc: Descriptor): Promise<string>;
}

/** One image of the source: its manifest and what it says about itself. */
export interface ResolvedImage {
  /** The manifest's digest (the image's identity). */
  digest: string;
  platform: Platform;
  layers: Descriptor[];
  /** `created_by` of each non-empty layer from the config's history, where it says so. */
  createdBy: (string | undefined)[];
}

export const platformText = (p: Platform): string => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
