// Decides how an arm64 reproducer can run on this host: natively on arm64,
// under `qemu-aarch64 -singlestep` on Linux x86_64, not at all elsewhere.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { ReproRunner } from './types';
import { findOnPath } from '../toolchain/toolchain';
import { QEMU_INSTALL_HINT, runnerNative, runnerQemu, runnerQemuMissing, runnerUnsupported } from '../vocabulary';

export interface RunnerPlan {
  /** null: this host cannot run the program (the disassembly is still shown). */
  runner: ReproRunner | null;
  /** GOOS to build for; GOARCH is always arm64. */
  goos: 'linux' | 'darwin';
  /** Executable that runs the program: the qemu binary, or undefined to exec the program itself. */
  command?: string;
  /** Arguments placed before the program path (e.g. ['-singlestep']). */
  args: string[];
  /** What a person should know about how it runs, or why it cannot. */
  note: string;
  /** How to make it runnable, when it is not. */
  installHint?: string;
}

export interface HostInfo {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
}

const QEMU_NAMES = ['qemu-aarch64', 'qemu-aarch64-static'];

const singlestepFlag = new Map<string, string>();

/**
 * The flag that makes qemu translate one instruction per block. qemu 8.1 renamed
 * `-singlestep` to `-one-insn-per-tb` (the old name is deprecated), so ask the binary.
 */
export async function qemuSinglestepFlag(qemu: string): Promise<string> {
  const known = singlestepFlag.get(qemu);
  if (known) return known;
  const help = await new Promise<string>((resolve) => {
    execFile(qemu, ['-h'], { timeout: 10_000 }, (_err, stdout) => resolve(String(stdout ?? '')));
  });
  const flag = /^-one-insn-per-tb\b/m.test(help) ? '-one-insn-per-tb' : '-singlestep';
  singlestepFlag.set(qemu, flag);
  return flag;
}

export async function planRunner(
  host: HostInfo = { platform: process.platform, arch: process.arch, env: process.env },
): Promise<RunnerPlan> {
  const where = `${host.platform}/${host.arch}`;
  if (host.arch === 'arm64' && (host.platform === 'linux' || host.platform === 'darwin')) {
    return {
      runner: 'native',
      goos: host.platform,
      args: [],
      note: runnerNative(where, host.platform),
    };
  }
  if (host.platform === 'linux' && host.arch === 'x64') {
    const qemu = QEMU_NAMES.map((n) => findOnPath(n, host.env)).find((p) => p !== undefined);
    if (!qemu) {
      return {
        runner: null,
        goos: 'linux',
        args: [],
        note: runnerQemuMissing(where),
        installHint: QEMU_INSTALL_HINT,
      };
    }
    const flag = await qemuSinglestepFlag(qemu);
    return {
      runner: 'qemu-singlestep',
      goos: 'linux',
      command: qemu,
      args: [flag],
      note: runnerQemu(where, `${path.basename(qemu)} ${flag}`),
    };
  }
  return {
    runner: null,
    goos: 'linux',
    args: [],
    note: runnerUnsupported(where),
  };
}
