// The words of the readers of untrusted bytes (binaries, image archives,
// listings): one line per problem, naming what was expected and what the
// input holds, so a cut download reads as "truncated" and never as "clean".

const bytes = (n: number): string => `${n} byte${n === 1 ? '' : 's'}`;

/** A file shorter than its own headers say: `truncated: ... needs N bytes, the file has M`. */
export function truncatedInput(what: string, expected: number, actual: number): string {
  return `truncated: ${what} needs ${bytes(expected)}, the file has ${bytes(actual)} (cut short: an interrupted download or copy?)`;
}

/** A table of the file that its headers place outside the file, or that disagrees with them. */
export function corruptTable(what: string): string {
  return `corrupt file: ${what}`;
}

/** A layer blob shorter than its descriptor (or the archive's own entry header) says. */
export function truncatedLayer(layer: string, expected: number, actual: number): string {
  return `truncated: layer ${layer} holds ${bytes(actual)} of the ${bytes(expected)} its descriptor names (cut short: an interrupted download or copy?)`;
}

/** A compressed layer that stops decompressing: the binaries after the damage cannot be read. */
export function damagedLayer(layer: string, readBytes: number, why: string): string {
  return `layer ${layer} is damaged (${why}) after ${bytes(readBytes)} of it were read: files after that point were not scanned`;
}

/** A docker-save / OCI archive cut before its manifest (it comes last) or in the middle of an entry. */
export const TRUNCATED_ARCHIVE =
  'truncated: the image archive ends early (layers but no manifest.json / index.json, or an entry cut short): an interrupted download or copy?';

/** An OCI index that refers to itself, or nests deeper than any real image does. */
export function ociIndexTooDeep(limit: number): string {
  return `image archive: its OCI index refers back to itself or nests more than ${limit} levels deep: not read`;
}

/** An archive with more image descriptors than any real one has. */
export function ociTooManyDescriptors(limit: number): string {
  return `image archive: more than ${limit} image descriptors: not read`;
}

/** A listing cut inside a function. */
export function truncatedListing(symbol: string, seen: number, size: number): string {
  return `truncated: listing ends inside ${symbol} (${bytes(seen)} of ${bytes(size)} of machine code)`;
}

/** A listing header claiming a function larger than the listing could ever describe. */
export function oversizedListingFunction(symbol: string, size: number, limit: number): string {
  return `listing claims ${symbol} is ${bytes(size)} long, more than the ${bytes(limit)} a listing can describe: its code was not read`;
}

/** A line too long to be Go assembler output; only its start is shown. */
export function overlongListingLine(length: number, start: string): string {
  return `listing line of ${bytes(length)} is not Go assembler output (starts ${JSON.stringify(start)}): skipped`;
}

/** An `image.tar:/path` input whose path is not an arm64 executable of the image's final filesystem. */
export function notInImage(pathInImage: string): string {
  return `no arm64 executable at ${pathInImage} in this image's final filesystem`;
}
