// Where a hazard's file is, the same way for every format: a listing names
// files by absolute path on this machine; a binary names them as its pclntab
// has them, and -trimpath paths of the module being checked map to its
// checkout (core/binary/targets/sourcePaths). Paths shown to people are
// relative to the working directory (or the module root) when inside it.
import path from 'node:path';
import { localSource, relativeToCwd } from '../binary/targets/sourcePaths';
import type { Hazard } from '../hazard';
import type { ReportSource } from './model';

/** The file on this machine (absolute) when the hazard's path maps to one. */
export function localFile(h: Pick<Hazard, 'file'>, source: ReportSource): string | undefined {
  if (source.kind === 'listing') return path.isAbsolute(h.file) ? h.file : undefined;
  return localSource(h.file, source.module ? [source.module] : []) ?? (path.isAbsolute(h.file) ? h.file : undefined);
}

/** The file as a person reads it in text output: relative to the base when inside it, else as the engine named it. */
export function displayFile(h: Pick<Hazard, 'file'>, source: ReportSource): string {
  if (source.kind === 'listing') return path.isAbsolute(h.file) ? path.relative(source.root, h.file) || h.file : h.file;
  const local = localSource(h.file, source.module ? [source.module] : []);
  return local ? relativeToCwd(local, source.cwd) : h.file;
}

/** A path relative to `base` with forward slashes (CI services' convention); as given when relative. */
export function relPath(file: string, base: string): string {
  return (path.isAbsolute(file) ? path.relative(base, file) || file : file).split(path.sep).join('/');
}
