// `npm run bench:binary`: scan-binary end to end (process start to JSON) on
// published arm64 binaries and on a large generated one, side by side in the
// same run with their floors and with `go tool objdump`:
// - published: Debian's arm64 packages (trixie's docker.io, kubectl and runc,
//   sid's containerd), fetched once into .bench/debian/ by
//   scripts/fetch-debian-binaries.sh; dockerd, kubectl and containerd alone,
//   and the directory of all four packages;
// - the floor of each: `node -e 0` plus reading the same bytes (`cat` of every
//   file to /dev/null), the least any Node tool that reads them can take;
// - `go tool objdump` of the same binary (the only other way to see these
//   instructions), by an installed toolchain (.toolchains, BENCH_GO to choose);
//   binutils' objdump for the stripped Debian binaries, which Go's cannot read;
// - the generated binary (benchBinaryFixture.ts), built once;
// - an image of all of them in a local registry (benchImage.ts): scan-binary
//   registry:… cold and with a warm layer cache vs `skopeo copy` of the image
//   (BENCH_IMAGE_RUNS runs, default 3; BENCH_SKIP_IMAGE=1 leaves it out).
// Each row: median wall time of BENCH_RUNS runs, CPU time (user + system) and
// peak RSS (GNU time). BENCH_CLI measures another build's CLI (a before/after);
// BENCH_SKIP_OBJDUMP=1 leaves out the slow objdump rows. The machine's load average is printed with the table:
// wall times on a busy machine say more about the machine than the tool.
import { closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { writeBigBinaryModule } from './benchBinaryFixture';
import { benchImage } from './benchImage';

const ROOT = path.resolve(__dirname, '..');
const BIG_DIR = path.join(ROOT, '.bench', 'bigbinary');
const DEBIAN = path.join(ROOT, '.bench', 'debian', 'pkg');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GO = process.env.BENCH_GO ?? path.join(ROOT, '.toolchains', 'go1.24', 'bin', 'go');
const GNU_TIME = '/usr/bin/time';
/** The CLI measured: this checkout's, or another build's (BENCH_CLI, e.g. a checkout of an older commit). */
const CLI = process.env.BENCH_CLI ?? path.join(ROOT, 'dist', 'cli.js');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run {
  seconds: number;
  cpu: number;
  rssMb: number;
  stdout: string;
  status: number | null;
}

/** Runs a command under GNU time: wall seconds (our clock), CPU seconds and peak RSS (MB), stdout. */
function timed(cmd: string, args: string[], opts: { discardStdout?: boolean } = {}): Run {
  const devnull = opts.discardStdout ? openSync('/dev/null', 'w') : undefined;
  const start = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', 'PGTIME %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', devnull ?? 'pipe', 'pipe'],
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (devnull !== undefined) closeSync(devnull);
  const m = /PGTIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return { seconds, cpu: Number(m[1]) + Number(m[2]), rssMb: Number(m[3]) / 1024, stdout: r.stdout ?? '', status: r.status };
}

interface Measure {
  seconds: number;
  cpu: number;
  rssMb: number;
}

/** Median wall and CPU time of RUNS runs, highest peak RSS. */
function repeat(run: () => Run, runs = RUNS): Measure & { last: Run } {
  const rs = Array.from({ length: runs }, run);
  return {
    seconds: median(rs.map((r) => r.seconds)),
    cpu: median(rs.map((r) => r.cpu)),
    rssMb: Math.max(...rs.map((r) => r.rssMb)),
    last: rs[0],
  };
}

function regularFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...regularFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** `node -e 0` plus `cat` of the files to /dev/null, each the median of RUNS runs. */
function floor(files: string[]): Measure {
  const node = repeat(() => timed(process.execPath, ['-e', '0']));
  const read = repeat(() => timed('cat', files, { discardStdout: true }));
  return { seconds: node.seconds + read.seconds, cpu: node.cpu + read.cpu, rssMb: Math.max(node.rssMb, read.rssMb) };
}

function scan(target: string): Measure & { findings: number; binaries: number } {
  const m = repeat(() => {
    const r = timed(process.execPath, [CLI, 'scan-binary', '--format', 'json', target]);
    if (r.status !== 0 && r.status !== 1) throw new Error(`scan-binary ${target} exited ${r.status}`);
    return r;
  });
  // The one report schema (findings beside the binaries), or an older build's (findings per binary).
  const out = JSON.parse(m.last.stdout) as { findings?: unknown[]; binaries: { findings?: unknown[] }[] };
  const findings = out.findings?.length ?? out.binaries.reduce((n, b) => n + (b.findings?.length ?? 0), 0);
  return { ...m, findings, binaries: out.binaries.length };
}

const GNU_OBJDUMP = 'aarch64-linux-gnu-objdump';

/**
 * `go tool objdump` of the binary; it needs a symbol table, which Debian strips, so for those
 * binutils' `aarch64-linux-gnu-objdump -d` (the cross binutils the cgo tests install) stands in.
 */
function objdump(bin: string): Measure & { tool: string } {
  const r = timed(GO, ['tool', 'objdump', bin], { discardStdout: true });
  if (r.status === 0) return { ...r, tool: 'go tool objdump' };
  const gnu = timed(GNU_OBJDUMP, ['-d', bin], { discardStdout: true });
  if (gnu.status !== 0) throw new Error(`neither go tool objdump nor ${GNU_OBJDUMP} -d could read ${bin}`);
  return { ...gnu, tool: `${GNU_OBJDUMP} -d (go tool objdump: no symbol table)` };
}

function buildGenerated(): string {
  writeBigBinaryModule(BIG_DIR);
  const out = path.join(BIG_DIR, 'app');
  process.stderr.write(`building ${path.relative(ROOT, out)} (first run: a few minutes; then the build cache answers)...\n`);
  const r = spawnSync(GO, ['build', '-o', out, '.'], {
    cwd: BIG_DIR,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0', GOFLAGS: '' },
  });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`);
  return out;
}

const fmt = (m: Measure) => `${m.seconds.toFixed(3)} s (cpu ${m.cpu.toFixed(2)} s, rss ${m.rssMb.toFixed(0)} MB)`;
const mb = (files: string[]) => files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;

async function main(): Promise<void> {
  if (!existsSync(GO)) throw new Error(`no Go toolchain at ${GO}: run npm run toolchains (or set BENCH_GO)`);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed to measure CPU time and peak RSS (Debian package "time")`);
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build`);
  const fetched = spawnSync('bash', [path.join(ROOT, 'scripts', 'fetch-debian-binaries.sh')], { stdio: 'inherit' });
  if (fetched.status !== 0) throw new Error('fetching the Debian packages failed (see above)');
  const generated = buildGenerated();
  const version = spawnSync(GO, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).stdout.trim();
  const load = loadavg().map((l) => l.toFixed(2));
  process.stdout.write(`machine: ${cpus().length} cores, ${process.version}, load average ${load.join(' ')} at start\n`);

  const binaries: [string, string][] = [
    ['dockerd (Debian trixie docker.io)', path.join(DEBIAN, 'docker.io_trixie', 'usr', 'sbin', 'dockerd')],
    ['kubectl (Debian trixie)', path.join(DEBIAN, 'kubectl_trixie', 'usr', 'bin', 'kubectl')],
    ['containerd (Debian sid)', path.join(DEBIAN, 'containerd_sid', 'usr', 'bin', 'containerd')],
    [`generated binary (${version})`, generated],
  ];
  const rows: string[][] = [];
  for (const [name, file] of binaries) {
    process.stderr.write(`${name}...\n`);
    const s = scan(file);
    const fl = floor([file]);
    rows.push(
      [`${name}: ${mb([file]).toFixed(1)} MB, ${s.findings} preemptible split SP updates`, ''],
      ['  scan-binary --format json', `${fmt(s)}  ${(s.seconds / fl.seconds).toFixed(2)}x the floor (cpu ${(s.cpu / fl.cpu).toFixed(2)}x)`],
      ['  floor: node -e 0 + cat of the file', fmt(fl)],
    );
    if (process.env.BENCH_SKIP_OBJDUMP !== '1') {
      const od = objdump(file);
      rows.push([`  ${od.tool}`, `${fmt(od)}  scan-binary is ${(od.seconds / s.seconds).toFixed(0)}x faster`]);
    }
  }
  process.stderr.write('directory of the Debian packages...\n');
  const files = regularFiles(DEBIAN);
  const dirScan = scan(DEBIAN);
  const dirFloor = floor(files);
  rows.push(
    [`directory .bench/debian/pkg: ${files.length} files, ${mb(files).toFixed(0)} MB, ${dirScan.binaries} Go arm64 binaries`, ''],
    [
      '  scan-binary --format json DIR',
      `${fmt(dirScan)}  ${(dirScan.seconds / dirFloor.seconds).toFixed(2)}x the floor (cpu ${(dirScan.cpu / dirFloor.cpu).toFixed(2)}x)`,
    ],
    ['  floor: node -e 0 + cat of every file', fmt(dirFloor)],
  );
  if (process.env.BENCH_SKIP_IMAGE !== '1')
    rows.push(
      ...(await benchImage({
        benchDir: path.join(ROOT, '.bench'),
        debianDir: DEBIAN,
        generated,
        cli: CLI,
        runs: Number(process.env.BENCH_IMAGE_RUNS ?? 3),
        measure: (cmd, args, before) => {
          before?.();
          const r = timed(cmd, args);
          if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(cmd)} ${args.slice(1).join(' ')} exited ${r.status}`);
          return r;
        },
        format: fmt,
      })),
    );
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(64)} ${v}\n`);
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end; ${RUNS} runs per median\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:binary: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
