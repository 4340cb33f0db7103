// The words of the image sources (OCI layout directories, registries, image
// indexes): every line a person reads when an image cannot be read, and how a
// binary found in an image is named (which image, platform and layer).

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

export const imageWords = {
  badPlatform: (text: string) => `--platform '${text}': write os/arch[/variant] (linux/arm64, darwin/arm64, linux/arm64/v8) or all`,
  notJson: (what: string) => `${what} is not a JSON object`,
  badManifest: (digest: string) => `image manifest ${digest} has no config or layer list`,
  tooManyLayers: (digest: string, n: number, max: number) => `image manifest ${digest} lists ${n} layers (more than ${max}): not read`,
  indexTooDeep: (max: number) => `image index nests deeper than ${max} levels: not read`,
  tooManyDescriptors: (max: number) => `image index lists more than ${max} manifests in all: not read`,
  noPlatform: (wanted: string, offered: string[]) =>
    `no ${wanted} image in this index${offered.length ? `: ${offered.sort().join(', ')}` : ''}`,
  notLayout: (dir: string) => `${dir} is not an OCI image layout (no oci-layout and index.json)`,
  noRef: (ref: string, refs: string[]) => `no image named '${ref}' in this layout${refs.length ? ` (it has: ${refs.join(', ')})` : ''}`,
  badDigest: (digest: string) => `'${digest}' is not a sha256 digest`,
  missingBlob: (digest: string) => `blob ${digest} is missing from the layout`,
  digestMismatch: (digest: string, actual: string) => `blob ${digest} does not match its digest (its content hashes to ${actual}): refused`,
  sizeMismatch: (digest: string, expected: number, actual: number) =>
    `blob ${digest} is ${actual} bytes, its descriptor says ${expected} (truncated or tampered): refused`,
  tooLarge: (what: string, size: number, max: number) => `${what} is ${mb(size)}, more than the ${mb(max)} limit: not read`,
  damagedLayer: (index: number, digest: string, read: number, why: string) =>
    `layer ${index} (${digest}) is damaged after ${read} bytes (${why}): binaries past that point are not read`,
  unknownCompression: (index: number, digest: string) => `layer ${index} (${digest}) is neither tar, gzip nor zstd: not read`,
  registryHttp: (ref: string, status: number, what: string) => `${ref}: ${what} answered HTTP ${status}`,
  registryNotFound: (ref: string, what: string) => `${ref}: ${what} not found (HTTP 404): check the repository name and tag`,
  registryDenied: (ref: string, status: number, realm: string, tried: string) =>
    `${ref}: access denied (HTTP ${status}) by ${realm}; credentials tried: ${tried}`,
  registryUnreachable: (ref: string, why: string) => `${ref}: cannot reach the registry (${why})`,
  registryNoTls: (ref: string, host: string) =>
    `${ref}: the registry does not answer over TLS: if it serves plain HTTP, pass --insecure-registry ${host}`,
  registryTooManyRedirects: (ref: string) => `${ref}: more than 5 redirects fetching a blob`,
  registryPlainHttpRefused: (host: string) => `${host}: refusing plain HTTP (pass --insecure-registry ${host} to allow it)`,
  credentialHelperFailed: (helper: string, why: string) => `docker-credential-${helper} failed: ${why}`,
  credentialsNone: 'none (anonymous)',
  credentialsFrom: (source: string) => source,
  notInImage: (ref: string, file: string) => `${ref}: no Go arm64 executable at ${file} in this image`,
  badCa: (file: string, why: string) => `--registry-ca ${file}: ${why}`,
  inflatesTooMuch: (ratio: number) => `more than ${ratio} times its compressed size`,
  endsInsideEntry: 'the stream ends inside an entry',
  archiveNotHere: (source: string) => `${source}: archives are read by the archive reader`,
  archiveLayerMissing: (layer: string) => `image archive is incomplete: layer ${layer} is missing or not a tar (truncated download?)`,
};

/** A candidate executable larger than the limit for a Go binary. */
export function binaryTooLarge(size: number, max: number): string {
  return `${(size / 1e6).toFixed(0)} MB, larger than the ${(max / 1e6).toFixed(0)} MB limit for a Go binary: not read`;
}

/** The heading of an image's binaries in text output: `Image registry:h/app:1.0 (linux/arm64) sha256:…`. */
export function imageHeadLine(i: { ref: string; digest: string; platform: string }): string {
  return `Image ${i.ref} (${i.platform}) ${i.digest}`;
}

/** Which layer a binary of an image came from (and the build step that made it, when the config says). */
export function layerLine(l: { index: number; digest: string; createdBy?: string }): string {
  const step = l.createdBy ? `: ${l.createdBy.length > 100 ? `${l.createdBy.slice(0, 99)}…` : l.createdBy}` : '';
  return `from layer ${l.index} ${l.digest}${step}`;
}

/** The progress line of image sources on a terminal. */
export function imageProgress(fetched: number, read: number): string {
  return `images: ${(fetched / 1e6).toFixed(0)} MB fetched, ${(read / 1e6).toFixed(0)} MB of layers read`;
}
