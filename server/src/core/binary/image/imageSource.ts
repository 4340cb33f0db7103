// The one syntax for where an image lives, shared by every PATH argument of
// `scan-binary` (the forms Trivy and Syft users know): `oci:DIR[:REF]` (an OCI
// image layout directory), `oci-archive:FILE`, `docker-archive:FILE`,
// `registry:HOST[:PORT]/REPO[:TAG|@sha256:DIGEST]` and `docker://…` (the same).
// A plain path is not an image source (the caller sniffs it). Pure: parses text.
import { registryReferenceWords as words } from '../../vocabulary/scanInputs';

export type ImageSource =
  | { kind: 'oci'; dir: string; ref?: string; digest?: string; inImage?: string }
  | { kind: 'oci-archive' | 'docker-archive'; file: string }
  | { kind: 'registry'; host: string; repository: string; tag?: string; digest?: string; inImage?: string };

/** `SOURCE:/usr/bin/app` (as output prints a binary found in an image) -> the source and the path in the image. */
function splitInImage(body: string, from: number): { body: string; inImage?: string } {
  const i = body.indexOf(':/', from);
  return i < 0 ? { body } : { body: body.slice(0, i), inImage: body.slice(i + 1) };
}

/** Docker Hub's short names have no host; we do not guess one (no registry host is written into this tool). */
const HOST_RE = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const REPO_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

export type ParsedSource = { source: ImageSource } | { error: string } | undefined;

/** `registry:host/repo:tag` -> its parts, or an error line naming what is wrong. */
export function parseRegistryReference(whole: string): { source: ImageSource } | { error: string } {
  const { body: ref, inImage } = splitInImage(whole, Math.max(0, whole.indexOf('/')));
  const slash = ref.indexOf('/');
  if (slash <= 0) return { error: words.noHost(ref) };
  const host = ref.slice(0, slash);
  let rest = ref.slice(slash + 1);
  if (!HOST_RE.test(host) || !/[.:]|^localhost$/.test(host)) return { error: words.badHost(ref, host) };
  let digest: string | undefined;
  let tag: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return { error: words.badDigest(ref, digest) };
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return { error: words.badTag(ref, tag) };
  }
  if (!REPO_RE.test(rest)) return { error: words.badRepository(ref, rest) };
  if (!tag && !digest) tag = 'latest';
  return { source: { kind: 'registry', host, repository: rest, tag, digest, inImage } };
}

/** An image source named by `arg`, an error line for a malformed one, or undefined for a plain path. */
export function parseImageSource(arg: string): ParsedSource {
  if (arg.startsWith('registry:')) return parseRegistryReference(arg.slice('registry:'.length));
  if (arg.startsWith('docker://')) return parseRegistryReference(arg.slice('docker://'.length));
  if (arg.startsWith('oci-archive:')) return { source: { kind: 'oci-archive', file: arg.slice('oci-archive:'.length) } };
  if (arg.startsWith('docker-archive:')) return { source: { kind: 'docker-archive', file: arg.slice('docker-archive:'.length) } };
  if (arg.startsWith('oci:')) {
    const whole = arg.slice('oci:'.length);
    const cut = whole.lastIndexOf(':/');
    const body = cut > 0 ? whole.slice(0, cut) : whole;
    const inImage = cut > 0 ? whole.slice(cut + 1) : undefined;
    // `oci:DIR@sha256:…` names one manifest of the layout (as output prints it for an index).
    const at = /@(sha256:[0-9a-f]{64})$/.exec(body);
    if (at) return { source: { kind: 'oci', dir: body.slice(0, at.index), digest: at[1], inImage } };
    // `oci:DIR:REF` as skopeo writes it; a DIR containing ':' needs the ref part (`oci:a:b:` keeps `a:b`).
    const colon = body.lastIndexOf(':');
    if (colon > 0 && !body.slice(colon + 1).includes('/'))
      return { source: { kind: 'oci', dir: body.slice(0, colon), ref: body.slice(colon + 1) || undefined, inImage } };
    return { source: { kind: 'oci', dir: body, inImage } };
  }
  return undefined;
}

/** The way a source is printed in output, without the path in the image (read back as input: `oci:DIR`, `registry:host/repo@sha256:…`). */
export function formatImageSource(s: ImageSource): string {
  switch (s.kind) {
    case 'oci':
      return `oci:${s.dir}${s.digest ? `@${s.digest}` : s.ref ? `:${s.ref}` : ''}`;
    case 'oci-archive':
    case 'docker-archive':
      return `${s.kind}:${s.file}`;
    case 'registry':
      return `registry:${s.host}/${s.repository}${s.digest ? `@${s.digest}` : `:${s.tag ?? 'latest'}`}`;
  }
}
