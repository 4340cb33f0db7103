// The words of a reproducer run as it goes and ends: its phases, how it
// stopped, why it could not start, and what surviving a budget shows (and does
// not) given what the disassembly found. Used by core/repro/run.ts; read in the
// CLI's `reproduce` output and on the reproducer page.
import type { ReproVariant } from '../repro/types';
import { nonLeafFixedReleases } from '../toolchain/goVersion';
import { MITIGATION_LANE } from './triage';

/** Phase: building the variant. */
export function reproBuilding(variant: string, goos: string, go: string): string {
  return `Building the ${variant} variant for ${goos}/arm64 with ${go}`;
}

/** Phase: decoding the function's epilogue. */
export function reproDecoding(symbol: string): string {
  return `Decoding ${symbol}'s epilogue`;
}

/** Phase: the epilogue could not be decoded. */
export function reproNotDecoded(error: string | undefined): string {
  return `Could not decode the epilogue (the crash cannot be matched to an instruction): ${error}`;
}

export const REPRO_STOPPED_BEFORE_VERDICT = 'Stopped before the program ran to a verdict.';

export function reproStoppedAfter(seconds: number): string {
  return `Stopped after ${seconds} s without a crash.`;
}

/** What surviving shows and what it does not: with the mitigation, without a disassembly, with a split, without one. */
export function reproSurvived(o: {
  attempts: number;
  budget: number;
  seconds: number;
  mitigated: boolean;
  /** The decoded function and whether its SP update is split; undefined when it could not be decoded. */
  disassembly?: { symbol: string; split: boolean };
}): string {
  const head = `Survived ${o.attempts} attempt(s) of ${o.budget} s (${o.seconds} s in all): the window was not hit in that time.`;
  if (o.mitigated) return `${head} ${MITIGATION_LANE}`;
  const d = o.disassembly;
  if (!d)
    return `${head} A run alone cannot show the epilogue is safe (the race is random); the disassembly decides, and it could not be decoded.`;
  return d.split
    ? `${head} That does not make it safe: the disassembly shows ${d.symbol}'s SP update split in two, and hitting a one-instruction window is random (minutes to hours). Run longer or again.`
    : `${head} Consistent with the disassembly, which shows no split SP update in ${d.symbol} (the frame is popped by one instruction, so there is no window); the run by itself proves nothing.`;
}

export function reproCouldNotStart(command: string | undefined, error: string | undefined): string {
  return `Could not start ${command ?? 'the program'}: ${error ?? 'unknown error'}`;
}

/** The program ended without a Go crash dump; `tail` is its last output. */
export function reproExitedWithoutDump(how: string, seconds: number, tail: string): string {
  return `The program exited (${how}) after ${seconds} s without a Go crash dump.\n${tail}`;
}

/** A crash whose dump does not say where the goroutine stopped; `tail` is its last output. */
export function reproCrashedWithoutFrame(signature: string, tail: string): string {
  return `Crashed with \`${signature}\`, but the runtime did not print where the goroutine was preempted.\n${tail}`;
}

/** Why qemu needs -singlestep (or -one-insn-per-tb) for the window to be reachable. */
export const WHY_SINGLESTEP =
  'qemu translates guest code in blocks and delivers signals only between blocks. The epilogue ' +
  '`add sp, sp, #lo; add sp, sp, #hi, lsl #12; ret` is one block, so without -singlestep the ' +
  'preemption signal can never land between the two SP updates; -singlestep makes every ' +
  'instruction its own block and the one-instruction window becomes reachable (at a large cost in speed).';

export const QEMU_INSTALL_HINT =
  'Install qemu user-mode emulation: Debian/Ubuntu `sudo apt-get install qemu-user`, ' +
  'Fedora `sudo dnf install qemu-user`, Arch `sudo pacman -S qemu-user`; then make sure ' +
  '`qemu-aarch64` is on PATH.';

/** How the program runs on an arm64 host (`where` is platform/arch). */
export function runnerNative(where: string, goos: string): string {
  return `Runs natively on this ${where} host (GOOS=${goos} GOARCH=arm64).`;
}

/** An x86_64 Linux host without qemu-aarch64. */
export function runnerQemuMissing(where: string): string {
  return `Cannot run the arm64 program on this ${where} host: qemu-aarch64 was not found on PATH. The disassembly is still shown. Why -singlestep matters once it is installed: ${WHY_SINGLESTEP}`;
}

/** An x86_64 Linux host running the program under qemu (`command` is e.g. `qemu-aarch64 -one-insn-per-tb`). */
export function runnerQemu(where: string, command: string): string {
  return `This ${where} host cannot run arm64 code, so the program (GOOS=linux GOARCH=arm64) runs under \`${command}\`. ${WHY_SINGLESTEP}`;
}

/** Any other host. */
export function runnerUnsupported(where: string): string {
  return `Cannot run a linux/arm64 program on this ${where} host (it needs an arm64 Linux or macOS machine, or Linux x86_64 with qemu-aarch64). The disassembly is still shown.`;
}

/** The reproducer's build failed (go's errors follow as details). */
export function reproBuildFailed(go: string, binary: string, dir: string): string {
  return `\`${go} build -gcflags=-S -o ${binary} .\` failed in ${dir}`;
}

export const REPRO_DISASSEMBLY_STOPPED = 'stopped while disassembling the reproducer';

export function reproListingLacks(symbol: string): string {
  return `the listing of the reproducer has no ${symbol}`;
}

/** Why the reproducer uses an installed toolchain: there is no go on PATH. */
export function reproNewestInstalledGo(version: string, dir: string): string {
  return `no go on PATH; newest installed toolchain (${version} in ${dir})`;
}

/** The reproducer's programs, as a person picks them. */
export const VARIANT_TITLES: Record<ReproVariant, string> = {
  seed: 'Seed reproducer (as published)',
  fast: 'Fast leaf variant',
  control: 'Non-leaf control',
};

export const VARIANT_DESCRIPTIONS: Record<ReproVariant, string> = {
  seed: "The write-up's program: a 64 KiB buffer filled and folded in two loops (leaf), while a goroutine calls runtime.GC() forever. Slow to crash under emulation.",
  fast: 'A leaf function with a [1 << 16]byte local (frame 65552) that touches one element, called in a loop while a goroutine calls runtime.GC(). Every toolchain splits its epilogue, go1.26 included.',
  control:
    'The fast variant plus one call to a //go:noinline function. ' +
    `Fixed toolchains (${nonLeafFixedReleases()
      .map((r) => `${r}+`)
      .join(', ')}) pop its frame with one ADD through R27; older ones split it like the leaf.`,
};
