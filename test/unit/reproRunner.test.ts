// How the reproducer decides to run on a host (native, qemu -singlestep, or
// not at all with a clear message), plus the CLI's argument checks. No Go, no
// long runs: the qemu binaries here are tiny scripts that only answer `-h`.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reproduceArgs } from '../../server/src/cli/reproduce';
import { UsageError } from '../../server/src/cli/policy';
import { buildEnv } from '../../server/src/core/repro/build';
import { programEnv } from '../../server/src/core/repro/processRun';
import { PROGRAMS } from '../../server/src/core/repro/programs';
import { planRunner, QEMU_INSTALL_HINT, WHY_SINGLESTEP } from '../../server/src/core/repro/runner';

describe('reproducer runner selection', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pg-runner-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A `qemu-aarch64` on PATH whose help text lists the given flag. */
  function fakeQemu(flag: string): void {
    const p = path.join(dir, 'qemu-aarch64');
    writeFileSync(
      p,
      `#!/bin/sh\necho "usage: qemu-aarch64 [options] program [arguments...]"\necho "${flag}          run in singlestep mode"\n`,
    );
    chmodSync(p, 0o755);
  }

  it('linux/x64 without qemu: cannot run, says how to install it and why -singlestep', async () => {
    const plan = await planRunner({ platform: 'linux', arch: 'x64', env: { PATH: dir } });
    assert.equal(plan.runner, null);
    assert.equal(plan.goos, 'linux');
    assert.match(plan.note, /qemu-aarch64 was not found on PATH/);
    assert.match(plan.note, /disassembly is still shown/);
    assert.ok(plan.note.includes(WHY_SINGLESTEP));
    assert.equal(plan.installHint, QEMU_INSTALL_HINT);
    assert.match(plan.installHint, /apt-get install qemu-user/);
  });

  it('linux/x64 with qemu 7.x: qemu-singlestep with -singlestep', async () => {
    fakeQemu('-singlestep');
    const plan = await planRunner({ platform: 'linux', arch: 'x64', env: { PATH: dir } });
    assert.equal(plan.runner, 'qemu-singlestep');
    assert.equal(plan.command, path.join(dir, 'qemu-aarch64'));
    assert.deepEqual(plan.args, ['-singlestep']);
    assert.match(plan.note, /delivers signals only between blocks/);
  });

  it('linux/x64 with qemu 8.1+: uses -one-insn-per-tb (the renamed flag)', async () => {
    fakeQemu('-one-insn-per-tb');
    const plan = await planRunner({ platform: 'linux', arch: 'x64', env: { PATH: dir } });
    assert.equal(plan.runner, 'qemu-singlestep');
    assert.deepEqual(plan.args, ['-one-insn-per-tb']);
  });

  it('arm64 Linux and macOS run natively, for their own GOOS', async () => {
    const linux = await planRunner({ platform: 'linux', arch: 'arm64', env: { PATH: dir } });
    assert.deepEqual([linux.runner, linux.goos, linux.command, linux.args], ['native', 'linux', undefined, []]);
    const mac = await planRunner({ platform: 'darwin', arch: 'arm64', env: { PATH: dir } });
    assert.deepEqual([mac.runner, mac.goos], ['native', 'darwin']);
  });

  it('other hosts cannot run it and say so, still showing the disassembly', async () => {
    for (const [platform, arch] of [
      ['win32', 'x64'],
      ['darwin', 'x64'],
      ['win32', 'arm64'],
    ] as const) {
      const plan = await planRunner({ platform, arch, env: { PATH: dir } });
      assert.equal(plan.runner, null, `${platform}/${arch}`);
      assert.match(plan.note, new RegExp(`Cannot run a linux/arm64 program on this ${platform}/${arch} host`));
      assert.match(plan.note, /disassembly is still shown/);
    }
  });

  it('the program runs with a clean environment (no GODEBUG=asyncpreemptoff=1, GOGC, GOMAXPROCS)', () => {
    const env = programEnv({ PATH: '/usr/bin', GODEBUG: 'asyncpreemptoff=1', GOGC: 'off', GOMAXPROCS: '1', HOME: '/root' });
    assert.deepEqual(env, { PATH: '/usr/bin', GOTRACEBACK: 'system' });
  });

  it('the mitigation lane sets only the GODEBUG it was given', () => {
    assert.deepEqual(programEnv({ PATH: '/usr/bin', GOGC: 'off' }, 'asyncpreemptoff=1'), {
      PATH: '/usr/bin',
      GOTRACEBACK: 'system',
      GODEBUG: 'asyncpreemptoff=1',
    });
  });

  it('the build ignores what could change it: toolchain switches, GOFLAGS (also from go env -w), go.work, cgo', () => {
    const env = buildEnv(
      { PATH: '/usr/bin', GOTOOLCHAIN: 'auto', GOFLAGS: '-race', GOWORK: '/w/go.work', CGO_ENABLED: '1', GOARCH: 'amd64' },
      'darwin',
    );
    assert.deepEqual(env, {
      PATH: '/usr/bin',
      GOTOOLCHAIN: 'local',
      GOENV: 'off',
      GOFLAGS: '',
      GOWORK: 'off',
      CGO_ENABLED: '0',
      GOOS: 'darwin',
      GOARCH: 'arm64',
    });
  });

  it('each variant names the function whose epilogue is the hazard', () => {
    assert.equal(PROGRAMS.seed.symbol, 'main.big_stack');
    assert.match(PROGRAMS.seed.source, /func big_stack\(val int\) int \{\n\tvar big_buffer = make\(\[\]byte, 1 << 16\)/);
    assert.equal(PROGRAMS.fast.symbol, 'main.bigStack');
    assert.equal(PROGRAMS.control.symbol, 'main.bigStack');
    assert.match(PROGRAMS.control.source, /\tsink\(\)\n/);
  });
});

describe('preempt-guard reproduce arguments', () => {
  // What the command table's parseArgs hands over (defaults included), then reproduceArgs checks.
  const parsed = (values: Record<string, string>) => ({
    variant: 'fast',
    budget: '300',
    attempts: '1',
    parallel: '1',
    format: 'text',
    ...values,
  });
  const message = (values: Record<string, string>) => {
    try {
      reproduceArgs(parsed(values));
      return 'accepted';
    } catch (err) {
      assert.ok(err instanceof UsageError);
      return err.message;
    }
  };

  it('defaults and every flag', () => {
    assert.deepEqual(reproduceArgs(parsed({})), { variant: 'fast', budget: 300, attempts: 1, parallel: 1, format: 'text' });
    assert.deepEqual(
      reproduceArgs(
        parsed({
          go: '/x/go',
          variant: 'control',
          budget: '60',
          attempts: '3',
          parallel: '2',
          format: 'json',
          godebug: 'asyncpreemptoff=1',
        }),
      ),
      { go: '/x/go', variant: 'control', budget: 60, attempts: 3, parallel: 2, format: 'json', godebug: 'asyncpreemptoff=1' },
    );
  });

  it('rejects bad values with a message', () => {
    assert.equal(message({ variant: 'slow' }), '--variant must be seed, fast or control (got "slow")');
    assert.equal(message({ budget: '-1' }), '--budget needs a positive number of seconds');
    assert.equal(message({ budget: '' }), '--budget needs a positive number of seconds');
    assert.equal(message({ attempts: '1.5' }), '--attempts needs a positive integer');
    assert.equal(message({ parallel: '0' }), '--parallel needs a positive integer');
    assert.equal(message({ format: 'xml' }), '--format must be text or json');
    assert.equal(message({ godebug: 'asyncpreemptoff' }), '--godebug needs NAME=VALUE[,NAME=VALUE] (e.g. asyncpreemptoff=1)');
  });
});
