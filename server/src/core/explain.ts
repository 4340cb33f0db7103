// The words people read about a finding, shared by the CLI, SARIF and the
// language server so all three say the same thing.
import { firstFixedRelease, parseGoVersion } from './goVersion';
import type { Finding } from './types';

export const CRASH_SIGNATURES = '`fatal error: traceback did not unwind completely`, `unknown caller pc`, or `SIGSEGV ... addr=0x118` in runtime.(*unwinder).next';

export function hex(n: number): string { return `0x${n.toString(16)}`; }

/** One sentence: what is wrong at this return site. */
export function findingTitle(f: Finding): string {
  return f.kind === 'split-sp-update'
    ? `${f.function}: this return pops the ${f.frameSize}-byte frame with two SP updates (${f.instructions[0]}; ${f.instructions[1]})`
    : `${f.function}: this return restores the frame pointer with two instructions (${f.instructions[0]}; ${f.instructions[1]})`;
}

export function findingWhy(f: Finding): string {
  return f.kind === 'split-sp-update'
    ? `If async preemption lands between the two instructions, the garbage collector's stack unwinder sees SP moved part-way and reads a garbage return address: the process dies with ${CRASH_SIGNATURES} (golang/go#73259).`
    : 'Between the two instructions R29 holds a half-updated frame pointer: the Go unwinder does not read it, but frame-pointer unwinders (execution tracer, perf) can see a bad frame for one instruction. Lower severity.';
}

/** What to do, given the toolchain that compiled. */
export function findingRemedy(f: Finding, toolchainVersion?: string): string {
  if (f.kind === 'split-fp-restore') {
    return 'Goes away with the code change that fixes the SP split of the same epilogue: move the large local to the heap, or shrink the frame.';
  }
  if (f.fixedByToolchain) {
    const v = toolchainVersion ? parseGoVersion(toolchainVersion) : undefined;
    const target = v ? firstFixedRelease(v) : 'go1.23.12 / go1.24.6 / go1.25.0';
    return `Non-leaf function: upgrade the toolchain to ${target} or later (add \`toolchain ${v ? target : 'go1.25.0'}\` to go.mod); it pops the frame atomically.`;
  }
  return 'Leaf function: a toolchain upgrade does NOT fix this (go1.26 still splits leaf epilogues). Change the code: move the large local to the heap, or shrink the frame below 64 KiB.';
}

export const RULES: Record<Finding['kind'], { name: string; short: string; level: 'warning' | 'note' }> = {
  'split-sp-update': {
    name: 'SplitStackPointerUpdate',
    short: 'Epilogue pops the stack frame with two SP-writing instructions (async preemption crash hazard on arm64).',
    level: 'warning',
  },
  'split-fp-restore': {
    name: 'SplitFramePointerRestore',
    short: 'Leaf epilogue restores the frame pointer with two instructions (frame-pointer unwinders may see a bad frame).',
    level: 'note',
  },
};
