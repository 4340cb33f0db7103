// `npm run bench:binary`: scan-binary end to end (process start to JSON) on a
// large arm64 binary, side by side in the same run with `go tool objdump` of
// the same unstripped binary by the same toolchain (the only other way to see
// these instructions): wall time, MB/s, peak RSS (GNU time), and the ratio.
// The binary comes from a generated module (benchBinaryFixture.ts), built once.
// scan-binary is timed twice: as users run it again (the launcher's V8 code cache
// warm, in a private cache folder filled by one untimed run) and with the cache off
// (PREEMPT_GUARD_NO_COMPILE_CACHE=1: a first run, or a CI machine that keeps no cache).
import { openSync, closeSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { writeBigBinaryModule } from './benchBinaryFixture';

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, '.bench', 'bigbinary');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GO = process.env.BENCH_GO ?? path.join(ROOT, '.toolchains', 'go1.24', 'bin', 'go');
const GNU_TIME = '/usr/bin/time';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command under GNU time: wall seconds (our clock), peak RSS (MB), stdout. */
function timed(
  cmd: string,
  args: string[],
  opts: { cwd?: string; discardStdout?: boolean; env?: NodeJS.ProcessEnv } = {},
): { seconds: number; rssMb: number; stdout: string; status: number | null } {
  const devnull = opts.discardStdout ? openSync('/dev/null', 'w') : undefined;
  const start = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', 'PGRSS %M', cmd, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', devnull ?? 'pipe', 'pipe'],
    env: { ...process.env, GOTOOLCHAIN: 'local', ...opts.env },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (devnull !== undefined) closeSync(devnull);
  const m = /PGRSS (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return { seconds, rssMb: Number(m[1]) / 1024, stdout: r.stdout ?? '', status: r.status };
}

function build(): string {
  if (!existsSync(GO)) throw new Error(`no go1.24 toolchain at ${GO}: run npm run toolchains (or set BENCH_GO)`);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed to measure peak RSS (Debian package "time")`);
  writeBigBinaryModule(DIR);
  const out = path.join(DIR, 'app');
  process.stderr.write(`building ${path.relative(ROOT, out)} (first run: a few minutes; then the build cache answers)...\n`);
  const r = spawnSync(GO, ['build', '-o', out, '.'], {
    cwd: DIR,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0', GOFLAGS: '' },
  });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`);
  return out;
}

function main(): void {
  const bin = build();
  const mb = statSync(bin).size / 1e6;
  if (mb < 40) throw new Error(`the benchmark binary is only ${mb.toFixed(1)} MB (want 40+)`);
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'pg-bench-cache-'));
  const scanRuns = (env: NodeJS.ProcessEnv) => {
    const scans = Array.from({ length: RUNS }, () => {
      const r = timed(process.execPath, [cli, 'scan-binary', '--format', 'json', bin], { env });
      if (r.status !== 1) throw new Error(`scan-binary exited ${r.status}`);
      return { ...r, findings: (JSON.parse(r.stdout) as { binaries: { findings: unknown[] }[] }).binaries[0].findings.length };
    });
    return { seconds: median(scans.map((s) => s.seconds)), rssMb: Math.max(...scans.map((s) => s.rssMb)), findings: scans[0].findings };
  };
  const warmEnv = { XDG_CACHE_HOME: cacheHome };
  timed(process.execPath, [cli, 'scan-binary', '--format', 'json', bin], { env: warmEnv, discardStdout: true });
  const scan = scanRuns(warmEnv);
  const cold = scanRuns({ PREEMPT_GUARD_NO_COMPILE_CACHE: '1' });
  rmSync(cacheHome, { recursive: true, force: true });
  process.stderr.write('go tool objdump (slow)...\n');
  const objdump = timed(GO, ['tool', 'objdump', bin], { discardStdout: true });
  if (objdump.status !== 0) throw new Error(`go tool objdump exited ${objdump.status}`);
  const version = spawnSync(GO, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).stdout.trim();
  const rows = [
    ['binary', `${mb.toFixed(1)} MB linux/arm64 built with ${version}, ${scan.findings} preemptible split SP updates`],
    [
      `scan-binary --format json (median of ${RUNS}, process start to JSON)`,
      `${scan.seconds.toFixed(2)} s, ${(mb / scan.seconds).toFixed(0)} MB/s, peak RSS ${scan.rssMb.toFixed(0)} MB`,
    ],
    [
      `  the same with no compile cache (first run, CI)`,
      `${cold.seconds.toFixed(2)} s, ${(mb / cold.seconds).toFixed(0)} MB/s, peak RSS ${cold.rssMb.toFixed(0)} MB`,
    ],
    [
      'go tool objdump (same binary, same toolchain)',
      `${objdump.seconds.toFixed(2)} s, ${(mb / objdump.seconds).toFixed(1)} MB/s, peak RSS ${objdump.rssMb.toFixed(0)} MB`,
    ],
    [
      'ratio',
      `scan-binary is ${(objdump.seconds / scan.seconds).toFixed(0)}x faster than objdump (${(objdump.seconds / cold.seconds).toFixed(0)}x without the cache)`,
    ],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(70)} ${v}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench:binary: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
