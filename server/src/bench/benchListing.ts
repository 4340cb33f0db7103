// `npm run bench`: the engine's throughput and peak memory on a real large
// listing, side by side with the time `go build` takes to replay the same
// cached listing, and a warm `scan --deps` against a plain warm build.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeListing } from '../core/listing/listingAnalysis';
import { analyzeModule, buildEnv } from '../core/listing/analyze';
import { goVersionIn, installedToolchains } from '../core/toolchain/toolchain';

const ROOT = path.resolve(__dirname, '..');
const FIXTURE = path.join(ROOT, 'test-fixtures', 'bigdeps');
const OUT = path.join(ROOT, '.bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function pickGo(): Promise<{ path: string; version: string }> {
  const installed = installedToolchains().filter((t) => t.minor === '1.26');
  const go = process.env.BENCH_GO ?? installed[0]?.path;
  if (!go) throw new Error('no go1.26 toolchain installed: run npm run toolchains (or set BENCH_GO)');
  return { path: go, version: await goVersionIn(go, FIXTURE, { ...process.env, GOTOOLCHAIN: 'local' }) };
}

/** Plain `go build -gcflags=all=-S`, listing to a file: what go itself costs. */
function goBuild(go: string, listing: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const out = createWriteStream(listing);
    const child = spawn(go, ['build', '-gcflags=all=-S', '-o', '/dev/null', '.'], {
      cwd: FIXTURE,
      env: buildEnv({ env: { ...process.env, GOTOOLCHAIN: 'local' } }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.pipe(out);
    child.on('error', reject);
    child.on('close', (code) =>
      out.end(() => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e9) : reject(new Error(`go build exited ${code}`)))),
    );
  });
}

/** The analysis alone, in a fresh process so its peak RSS is the engine's. */
function analyseInChild(listing: string): { seconds: number; bytes: number; maxRssMb: number; findings: number } {
  const r = spawnSync(process.execPath, [__filename, '--child', listing], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

async function child(listing: string): Promise<void> {
  const start = process.hrtime.bigint();
  const r = await analyzeListing(createReadStream(listing, { highWaterMark: 1 << 20 }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(
    JSON.stringify({ seconds, bytes: r.listingBytes, maxRssMb: process.resourceUsage().maxRSS / 1024, findings: r.findings.length }),
  );
}

async function scanDeps(go: string): Promise<{ seconds: number; findings: number }> {
  const start = process.hrtime.bigint();
  const r = await analyzeModule({ dir: FIXTURE, go, deps: true, env: { ...process.env, GOTOOLCHAIN: 'local' } });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, findings: r.findings.length };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  mkdirSync(OUT, { recursive: true });
  const go = await pickGo();
  const listing = path.join(OUT, 'bigdeps-all-S.txt');
  console.log(`toolchain ${go.version} (${go.path}); fixture ${path.relative(ROOT, FIXTURE)} (-gcflags=all=-S, GOARCH=arm64)`);
  if (!existsSync(listing)) console.log('first run: building once to fill the build cache (a minute or two)...');
  await goBuild(go.path, listing); // warm the cache (a no-op replay when already warm)
  const size = statSync(listing).size;
  const build: number[] = [],
    analysis: ReturnType<typeof analyseInChild>[] = [],
    scans: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    build.push(await goBuild(go.path, listing));
    analysis.push(analyseInChild(listing));
    scans.push((await scanDeps(go.path)).seconds);
  }
  const a = median(analysis.map((x) => x.seconds));
  const mbps = size / 1e6 / a;
  const rss = Math.max(...analysis.map((x) => x.maxRssMb));
  const b = median(build),
    s = median(scans);
  const rows = [
    ['listing size', `${(size / 1e6).toFixed(1)} MB`, ''],
    ['go build -gcflags=all=-S (warm, cache replay)', `${b.toFixed(2)} s`, `${(size / 1e6 / b).toFixed(0)} MB/s`],
    ['engine: parse + decode + detect (same listing)', `${a.toFixed(2)} s`, `${mbps.toFixed(0)} MB/s, peak RSS ${rss.toFixed(0)} MB`],
    ['preempt-guard scan --deps (warm, end to end)', `${s.toFixed(2)} s`, `${(s / b).toFixed(2)}x the plain build`],
  ];
  console.log(`median of ${RUNS} runs; findings: ${analysis[0].findings}`);
  for (const [k, v, n] of rows) console.log(`${k.padEnd(50)} ${v.padStart(10)}  ${n}`);
  const ok = mbps >= 200 && rss < 200 && s / b <= 1.5;
  console.log(
    ok
      ? 'targets met: >= 200 MB/s, < 200 MB RSS, scan --deps within 1.5x of go build'
      : 'TARGETS MISSED: >= 200 MB/s, < 200 MB RSS, scan --deps within 1.5x of go build',
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
