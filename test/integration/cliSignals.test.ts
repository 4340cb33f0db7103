// The first SIGINT or SIGTERM stops a running `preempt-guard` command at once:
// exit 130 (SIGINT) or 143 (SIGTERM), one line on stderr, before its input was
// finished. Real processes: `analyze-listing -` and `triage -` reading a
// standard input that is never closed, `scan-binary` walking a directory of
// many real binaries, `reproduce` running its program (qemu on x86_64). The signal is sent once the command is at work (it has
// read megabytes of its input, has binaries of the directory open, or its
// program runs), never
// after a guessed delay.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureBinary } from '../support/goBinaries';
import { pollUntil } from '../support/poll';
import { descendants, isRunning } from '../../server/src/core/util/processTree';
import { CLI, FIXTURES, goBinary, testEnv } from '../support/paths';

/** Files the process has open (Linux: /proc/PID/fd), empty when it cannot be read. */
function openFiles(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Resolves once all of `data` went into the child's standard input: beyond the pipe's 64 KiB, only the child reading it lets it through. */
function feed(run: Run, data: string): Promise<void> {
  return new Promise((resolve, reject) => run.child.stdin.write(data, (err) => (err ? reject(err) : resolve())));
}

interface Run {
  child: ChildProcessWithoutNullStreams;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function start(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: FIXTURES, env: testEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, ended };
}

async function stopWith(run: Run, signal: 'SIGINT' | 'SIGTERM') {
  run.child.kill(signal);
  return run.ended;
}

describe('preempt-guard stops on the first SIGINT / SIGTERM', function () {
  this.timeout(180000);
  if (process.platform !== 'linux') return;
  const listing = readFileSync(path.join(FIXTURES, 'listings', 'frames-go1.24.txt'), 'utf8');

  it('analyze-listing on a standard input that never ends: SIGTERM exits 143 at once', async () => {
    const run = start(['analyze-listing', '-', '--format', 'json']);
    // Megabytes of listing the command has read (so it is running), and the pipe stays open: without the
    // signal it would wait for the rest for ever.
    await feed(run, listing.repeat(Math.ceil(2e6 / listing.length)));
    const r = await stopWith(run, 'SIGTERM');
    assert.deepEqual([r.code, r.signal], [143, null], r.stderr);
    assert.equal(r.stderr, 'preempt-guard analyze-listing: stopped (SIGTERM)\n');
    assert.equal(r.stdout, '', 'no report of a listing that was not finished');
  });

  it('triage on a standard input that never ends: SIGINT exits 130', async () => {
    const run = start(['triage', '-']);
    await feed(run, 'goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1c\n'.repeat(40000));
    const r = await stopWith(run, 'SIGINT');
    assert.deepEqual([r.code, r.signal], [130, null], r.stderr);
    assert.equal(r.stderr, 'preempt-guard triage: stopped (SIGINT)\n');
  });

  it('scan-binary walking a directory of many binaries: SIGINT exits 130 before the walk is done', async () => {
    const bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'plain' });
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-signal-'));
    try {
      // One copy and a thousand hard links to it: a long walk over real binaries, little disk used.
      const first = path.join(dir, 'app-0');
      copyFileSync(bin, first);
      for (let i = 1; i < 1000; i++) linkSync(first, path.join(dir, `app-${i}`));
      // And thousands of small files the walk opens to sniff: it holds one open most of the time.
      mkdirSync(path.join(dir, 'notes'));
      for (let i = 0; i < 5000; i++) writeFileSync(path.join(dir, 'notes', `${i}.txt`), 'not a binary\n');
      const run = start(['scan-binary', dir]);
      await pollUntil('the walk reads the directory', () => openFiles(run.child.pid!).some((f) => f.startsWith(`${dir}/`)), 60_000, 5);
      const r = await stopWith(run, 'SIGINT');
      assert.deepEqual([r.code, r.signal], [130, null], r.stderr);
      assert.equal(r.stderr, 'preempt-guard scan-binary: stopped (SIGINT)\n');
      assert.equal(r.stdout, '', 'the report of the walk (printed at its end) never came');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reproduce while its program runs: SIGTERM exits 143 and leaves none of its processes', async () => {
    const run = start(['reproduce', '--go', goBinary('1.24'), '--variant', 'control', '--budget', '600', '--format', 'json']);
    let tree: number[] = [];
    const running = () => {
      tree = descendants(run.child.pid!);
      return tree.some((pid) => {
        try {
          return /repro/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
        } catch {
          return false;
        }
      });
    };
    await pollUntil('the reproducer program runs', running, 120_000);
    const r = await stopWith(run, 'SIGTERM');
    assert.deepEqual([r.code, r.signal], [143, null], r.stderr);
    assert.equal(r.stderr, 'preempt-guard reproduce: stopped (SIGTERM)\n');
    await pollUntil('no process of the run is left', () => tree.every((pid) => !isRunning(pid)), 10_000);
  });
});
