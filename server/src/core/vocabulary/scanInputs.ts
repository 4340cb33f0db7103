// The words of scan-binary's inputs before any binary is read: a path that
// cannot be read (and the system's reason, in words), a directory or image
// that holds no Go arm64 executable, a malformed registry reference, an
// `--images-from` list, an image archive without a manifest, and why a
// registry's CA file or credential helper was not usable.

/** The system's error codes a person meets reading paths, in words; others are shown as their code. */
export const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  ENOTDIR: 'a path component is not a directory',
};

const others = (skipped: number): string => `${skipped} other file${skipped === 1 ? '' : 's'} skipped`;

export const scanInputWords = {
  /** A path (or a binary in a directory or image) that could not be read: `why` is the system's reason. */
  cannotRead: (why: string) => `cannot read it (${why})`,
  notScannable: 'not a regular file, a directory or an image archive',
  noBinaryInImage: (image: string, skipped: number) => `${image}: no Go arm64 executable in this image (${others(skipped)})`,
  noBinaryInDirectory: (dir: string, skipped: number) => `${dir}: no Go arm64 executable in this directory (${others(skipped)})`,
  unreadableDirectory: (dir: string, why: string) => `${dir}: cannot read the directory (${why})`,
  notARegularFile: (what: string) => `${what} is not a regular file`,
  archiveWithoutManifest: 'image archive without a readable image manifest (manifest.json / index.json name no layers)',
  tarNotImage: 'a tar archive, but not a container image (no manifest.json or index.json): extract it and scan the directory',
};

/** A `registry:HOST/REPO[:TAG|@DIGEST]` argument that is not one. */
export const registryReferenceWords = {
  noHost: (ref: string) => `registry reference '${ref}' names no registry host (write HOST[:PORT]/REPO[:TAG])`,
  badHost: (ref: string, host: string) => `registry reference '${ref}': '${host}' is not a registry host (write HOST[:PORT]/REPO[:TAG])`,
  badDigest: (ref: string, digest: string) => `registry reference '${ref}': '${digest}' is not a sha256 digest`,
  badTag: (ref: string, tag: string) => `registry reference '${ref}': '${tag}' is not a valid tag`,
  badRepository: (ref: string, repository: string) => `registry reference '${ref}': '${repository}' is not a valid repository name`,
};

/** `--images-from FILE` (`-` for standard input). */
export const imageListWords = {
  tooLarge: (file: string, mebibytes: number) => `--images-from ${file}: more than ${mebibytes} MiB`,
  cannotRead: (file: string, why: string) => `--images-from ${file}: cannot read it (${why})`,
  tooMany: (file: string, max: number) => `--images-from ${file}: more than ${max} references`,
};

/** Why `--registry-ca FILE` or a docker credential helper was not usable (the reason after the file or helper's name). */
export const registryAccessWords = {
  caWithoutCertificate: 'no PEM certificate in it',
  caMissing: 'no such file',
  helperNameInvalid: 'not a helper name',
  helperNotInstalled: 'not installed',
  helperAnswerNotJson: 'its answer is not JSON',
};
