// `preempt-guard scan-binary PATH...`: the binary engine's result as a report
// (core/report), in the chosen format, with the exit status of the --fail-on
// policy over the preemptible hazards. Scanning is core/binary/targets.
import { escapeControl } from '../core/report/escape';
import { binaryScanReport } from '../core/report/model';
import { scanTargets } from '../core/binary/targets/scanTargets';
import { sourceModuleOf } from '../core/binary/targets/sourcePaths';
import { defaultCacheDir } from '../core/binary/image/layerCache';
import { imageProgress } from '../core/vocabulary/image';
import { parsePlatform } from '../core/binary/image/resolve';
import { readImageList } from '../core/binary/image/imageList';
import { scanBinaryNeedsPaths, scannedProgress } from '../core/vocabulary';
import type { ParsedCommand } from './commands';
import { BINARY_FORMATS, outputPolicy, UsageError } from './policy';
import { emit } from './emit';
import { VERSION } from './version';

/** `--images-from FILE` (or `-`): one image reference or path per line; blank lines and `#` comments skipped. */
async function imagesFrom(file: string): Promise<string[]> {
  const r = await readImageList(file);
  if ('error' in r) throw new UsageError(r.error);
  return r.items;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function scanBinaryCommand({ values, positionals }: ParsedCommand): Promise<number> {
  const policy = outputPolicy(values, BINARY_FORMATS);
  const platformText = str(values.platform);
  const platform = platformText === undefined ? undefined : parsePlatform(platformText);
  if (platform && typeof platform === 'object' && 'error' in platform) throw new UsageError(platform.error);
  const list = str(values['images-from']);
  if (list) positionals.push(...(await imagesFrom(list)));
  if (positionals.length === 0) throw new UsageError(scanBinaryNeedsPaths);
  const cwd = process.cwd();
  const progress =
    process.stderr.isTTY && policy.format !== 'text'
      ? (n: { path: string }) => process.stderr.write(`\r\x1b[K  ${escapeControl(scannedProgress(n.path))}`)
      : undefined;
  // Images: bytes fetched and read, on a terminal only (never on a pipe), at most one update per MB.
  const moved = { fetched: 0, read: 0, shown: 0 };
  const bytesProgress = process.stderr.isTTY
    ? (kind: 'fetched' | 'read') => (n: number) => {
        moved[kind] += n;
        const total = moved.fetched + moved.read;
        if (total - moved.shown < 1 << 20) return;
        moved.shown = total;
        process.stderr.write(`\r\x1b[K  ${imageProgress(moved.fetched, moved.read)}`);
      }
    : undefined;
  const insecure = values['insecure-registry'];
  const result = await scanTargets(positionals, {
    all: values.all === true,
    onReport: progress,
    images: {
      platform,
      caFile: str(values['registry-ca']),
      insecure: Array.isArray(insecure) ? insecure.filter((h): h is string => typeof h === 'string') : undefined,
      cacheDir: values['no-cache'] === true ? null : (str(values['cache-dir']) ?? defaultCacheDir()),
      cacheFlavour: `${VERSION}-${values.all === true ? 'all' : 'hazards'}`,
      onDownload: bytesProgress?.('fetched'),
      onRead: bytesProgress?.('read'),
    },
  });
  if (progress || moved.shown) process.stderr.write('\r\x1b[K');
  return emit(binaryScanReport(result, { cwd, module: sourceModuleOf(cwd) }), policy);
}
