// The image case of `npm run bench:binary`: a multi-layer arm64 image of
// about 300 MB made of real Go binaries (each layer one of the published Debian
// packages under .bench/debian/pkg, the generated binary the last layer; every
// layer a gzip'd tar), written once as an OCI layout under .bench/image/, pushed
// with skopeo to a local registry (localRegistry.ts, plain HTTP on 127.0.0.1,
// started and stopped here), then measured end to end:
// `scan-binary registry:HOST/bench-image:1.0 --no-cache` (every layer fetched
// and read), the same with a warm layer cache (filled by one run before), and
// `skopeo copy docker://… dir:…` of the same image (the transfer floor: the
// blobs fetched and written, nothing read).
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { pushLayout, startRegistry } from './localRegistry';
import { OCI_MANIFEST, ociBlobStore, putImageManifest, writeLayoutIndex } from './ociWriter';

export interface ImageBenchContext {
  /** .bench/ of the checkout. */
  benchDir: string;
  /** The Debian packages' extracted trees (one layer each). */
  debianDir: string;
  /** The generated binary (the last layer, at /usr/local/bin/app). */
  generated: string;
  cli: string;
  runs: number;
  /** Runs `cmd args` under GNU time; the caller's timing (wall, CPU, peak RSS). */
  measure(cmd: string, args: string[], before?: () => void): { seconds: number; cpu: number; rssMb: number; stdout: string };
  format(m: { seconds: number; cpu: number; rssMb: number }): string;
}

const REPOSITORY = 'bench-image';

function filesUnder(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) out.push(...filesUnder(root, rel));
    else if (e.isFile() || e.isSymbolicLink()) out.push(rel);
  }
  return out.sort();
}

/** Writes the OCI layout once (a stamp names its inputs' sizes); returns its directory and uncompressed size. */
function writeImage(ctx: ImageBenchContext): { dir: string; bytes: number; layers: number } {
  const packages = readdirSync(ctx.debianDir)
    .filter((p) => !p.startsWith('.'))
    .sort();
  const layerSpecs = [
    ...packages.map((p) => ({ cwd: path.join(ctx.debianDir, p), files: filesUnder(path.join(ctx.debianDir, p)), prefix: '', by: p })),
    { cwd: path.dirname(ctx.generated), files: [path.basename(ctx.generated)], prefix: 'usr/local/bin', by: 'generated binary' },
  ];
  const bytes = layerSpecs.reduce((n, l) => n + l.files.reduce((m, f) => m + lstatSync(path.join(l.cwd, f)).size, 0), 0);
  const stamp = JSON.stringify(layerSpecs.map((l) => [l.by, l.files.length])) + bytes;
  const dir = path.join(ctx.benchDir, 'image', 'oci');
  const stampFile = path.join(ctx.benchDir, 'image', 'stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { dir, bytes, layers: layerSpecs.length };
  process.stderr.write(`writing the ${(bytes / 1e6).toFixed(0)} MB image (${layerSpecs.length} gzip layers) once...\n`);
  rmSync(path.join(ctx.benchDir, 'image'), { recursive: true, force: true });
  const { put } = ociBlobStore(dir);
  const layers = layerSpecs.map((l) => {
    const file = path.join(dir, 'layer.tar.gz');
    tar.c({ cwd: l.cwd, file, gzip: true, portable: true, sync: true, prefix: l.prefix || undefined }, l.files);
    const desc = put(readFileSync(file));
    rmSync(file);
    return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...desc };
  });
  const platform = { os: 'linux', architecture: 'arm64' };
  const manifest = putImageManifest(
    { put },
    { ...platform, rootfs: { type: 'layers', diff_ids: [] }, history: layerSpecs.map((l) => ({ created_by: `COPY ${l.by} /` })) },
    layers,
  );
  writeLayoutIndex(dir, [{ mediaType: OCI_MANIFEST, ...manifest, platform, annotations: { 'org.opencontainers.image.ref.name': '1.0' } }]);
  writeFileSync(stampFile, stamp);
  return { dir, bytes, layers: layerSpecs.length };
}

/** The rows of the image case (the caller prints them with its table). */
export async function benchImage(ctx: ImageBenchContext): Promise<string[][]> {
  const image = writeImage(ctx);
  const compressed = readdirSync(path.join(image.dir, 'blobs', 'sha256')).reduce(
    (n, b) => n + statSync(path.join(image.dir, 'blobs', 'sha256', b)).size,
    0,
  );
  const registry = await startRegistry();
  const work = mkdtempSync(path.join(tmpdir(), 'pg-bench-image-'));
  try {
    process.stderr.write(`image: pushing to the local registry ${registry.host}...\n`);
    await pushLayout(image.dir, `${REPOSITORY}:1.0`, registry);
    const ref = `${registry.host}/${REPOSITORY}:1.0`;
    const scanArgs = [ctx.cli, 'scan-binary', '--format', 'json', '--insecure-registry', registry.host, `registry:${ref}`];
    const check = (r: { stdout: string }) => {
      const out = JSON.parse(r.stdout) as { binaries: unknown[]; findings: unknown[]; errors: unknown[] };
      if (out.errors.length) throw new Error(`scan-binary registry:${ref}: ${JSON.stringify(out.errors)}`);
      return out;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const repeat = (one: () => { seconds: number; cpu: number; rssMb: number; stdout: string }) => {
      const rs = Array.from({ length: ctx.runs }, one);
      return {
        seconds: median(rs.map((r) => r.seconds)),
        cpu: median(rs.map((r) => r.cpu)),
        rssMb: Math.max(...rs.map((r) => r.rssMb)),
        last: rs[0],
      };
    };
    process.stderr.write('image: scan-binary --no-cache...\n');
    const cold = repeat(() => ctx.measure(process.execPath, [...scanArgs, '--no-cache']));
    const report = check(cold.last);
    process.stderr.write('image: scan-binary with a warm layer cache...\n');
    const cacheDir = path.join(work, 'cache');
    check(ctx.measure(process.execPath, [...scanArgs, '--cache-dir', cacheDir]));
    const warm = repeat(() => ctx.measure(process.execPath, [...scanArgs, '--cache-dir', cacheDir]));
    check(warm.last);
    process.stderr.write('image: skopeo copy to a directory...\n');
    const dest = path.join(work, 'copy');
    const skopeo = repeat(() =>
      ctx.measure('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `dir:${dest}`], () =>
        rmSync(dest, { recursive: true, force: true }),
      ),
    );
    const ratio = (m: { seconds: number; cpu: number }) => `${(m.seconds / skopeo.seconds).toFixed(2)}x the floor`;
    return [
      [
        `image registry:…/${REPOSITORY}:1.0: ${image.layers} gzip layers, ${(image.bytes / 1e6).toFixed(0)} MB (${(compressed / 1e6).toFixed(0)} MB compressed), ${report.binaries.length} Go arm64 binaries, ${report.findings.length} findings`,
        '',
      ],
      ['  scan-binary --no-cache registry:…', `${ctx.format(cold)}  ${ratio(cold)}`],
      ['  scan-binary registry:… (warm layer cache)', `${ctx.format(warm)}  ${ratio(warm)}`],
      ['  floor: skopeo copy docker://… dir:…', ctx.format(skopeo)],
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
    await registry.stop();
  }
}
