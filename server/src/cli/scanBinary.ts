// `preempt-guard scan-binary PATH... [--format text|json|sarif|github|gitlab] [--fail-on hazard|any|none] [--all]`:
// argument parsing, output and exit status (the CI policy of policy.ts, over
// the preemptible hazards); scanning is core/binary/targets.
import { parseArgs } from 'node:util';
import { scanTargets, type TargetScanResult } from '../core/binary/targets/scanTargets';
import { sourceModuleOf } from '../core/binary/targets/sourcePaths';
import { defaultCacheDir } from '../core/binary/image/layerCache';
import { parsePlatform } from '../core/binary/image/resolve';
import { readImageList } from '../core/binary/image/imageList';
import { formatBinaryJson, formatBinaryText, type BinaryScanContext } from './binaryFormat';
import { BINARY_FORMATS, exitCodeFor, OUTPUT_OPTIONS, outputPolicy, UsageError, type FailOn, type Format } from './policy';

/**
 * Under --fail-on any or hazard (every binary finding is a split SP update):
 * 1 hazards; else 2 when something could not be analysed (or nothing was
 * found to analyse); else 0. Under none: 0, or 2 when nothing could be analysed
 * and no hazard was found. Non-preemptible pairs (--all) never count.
 */
export function binaryExitCode(r: TargetScanResult, failOn: FailOn = 'any'): number {
  const hazards = r.binaries.flatMap((b) => b.findings.filter((f) => f.preemptible));
  const analysed = r.binaries.filter((b) => b.functions > 0).length;
  const errors = r.errors.length + r.binaries.reduce((n, b) => n + b.errors.length, 0) + (analysed === 0 ? 1 : 0);
  return exitCodeFor(hazards, errors, failOn);
}

/** The CI formats load their modules (git, hashing) only when asked for. */
async function render(fmt: Format, result: TargetScanResult, ctx: BinaryScanContext, version: string): Promise<string> {
  if (fmt === 'json') return formatBinaryJson(result);
  if (fmt === 'text') return formatBinaryText(result, ctx);
  if (fmt === 'openvex') return (await import('../core/report/openvex.js')).formatOpenVex(result, { toolVersion: version });
  const { gitProvenance } = await import('./gitProvenance.js');
  const git = gitProvenance(ctx.module?.root ?? ctx.cwd);
  if (fmt === 'sarif') return (await import('./binarySarif.js')).formatBinarySarif(result, ctx, { toolVersion: version, git });
  const ci = await import('./binaryCi.js');
  if (fmt === 'github') return ci.formatBinaryGithub(result, ctx, git?.root ?? ctx.cwd);
  return ci.formatBinaryGitlab(result, ctx, git?.root ?? ctx.cwd, (await import('./sarif.js')).sourceLines());
}

/** `--images-from FILE` (or `-`): one image reference or path per line; blank lines and `#` comments skipped. */
async function imagesFrom(file: string): Promise<string[]> {
  const r = await readImageList(file);
  if ('error' in r) throw new UsageError(r.error);
  return r.items;
}

export async function scanBinaryCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...OUTPUT_OPTIONS,
      all: { type: 'boolean', default: false },
      platform: { type: 'string' },
      'registry-ca': { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      'images-from': { type: 'string' },
    },
  });
  const policy = outputPolicy(values, BINARY_FORMATS);
  const platform = values.platform === undefined ? undefined : parsePlatform(values.platform);
  if (platform && typeof platform === 'object' && 'error' in platform) throw new UsageError(platform.error);
  if (values['images-from']) positionals.push(...(await imagesFrom(values['images-from'])));
  if (positionals.length === 0) throw new UsageError('scan-binary takes one or more paths: binaries, directories or image archives');
  const cwd = process.cwd();
  const ctx: BinaryScanContext = { cwd, module: sourceModuleOf(cwd) };
  const progress =
    process.stderr.isTTY && policy.format !== 'text'
      ? (n: { path: string }) => process.stderr.write(`\r\x1b[K  scanned ${n.path}`)
      : undefined;
  const result = await scanTargets(positionals, {
    all: values.all,
    onReport: progress,
    images: {
      platform,
      caFile: values['registry-ca'],
      insecure: values['insecure-registry'],
      cacheDir: values['no-cache'] ? null : (values['cache-dir'] ?? defaultCacheDir()),
      cacheFlavour: `${version}-${values.all ? 'all' : 'hazards'}`,
    },
  });
  if (progress) process.stderr.write('\r\x1b[K');
  process.stdout.write(await render(policy.format, result, ctx, version));
  if (policy.format === 'gitlab') process.stderr.write((await import('./binaryCi.js')).binaryErrorLines(result));
  return binaryExitCode(result, policy.failOn);
}
