// What the "Scan Container Image…" input box accepts: an image source in the
// CLI's syntax (core/binary/image/imageSource.ts parses it; this only says,
// in the vocabulary's words, why a value is not one yet). Pure, no `vscode`.
import { parseImageSource } from '../../../shared/protocol';
import { scanCommandWords as W } from '../../../server/src/core/vocabulary';

/** Why `value` is not an image reference to scan, or undefined when it is one. */
export function imageInputProblem(value: string): string | undefined {
  const v = value.trim();
  const parsed = parseImageSource(v);
  if (!parsed) return W.notAnImage;
  if ('error' in parsed) return parsed.error;
  const s = parsed.source;
  if (s.kind === 'oci' ? !s.dir : s.kind !== 'registry' && !s.file) return W.emptyImage(s.kind);
  return undefined;
}

/** The reference that scans the OCI image layout directory `dir` (a trailing `:` keeps a `:` in the path). */
export function ociReference(dir: string): string {
  return `oci:${dir}${dir.includes(':') ? ':' : ''}`;
}
