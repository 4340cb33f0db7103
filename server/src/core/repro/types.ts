// The reproducer's domain types: variants, runners, what a run reports as it
// goes (events) and its verdict. Owned by the core; the LSP protocol adds only
// wire fields (the run id) and re-exports them.
import type { AssemblyLine, Finding } from '../types';

export type ReproVariant = 'seed' | 'fast' | 'control';
export type ReproRunner = 'native' | 'qemu-singlestep';
export type ReproOutcome = 'crashed' | 'survived' | 'error';

export interface ReproVerdict {
  variant: ReproVariant;
  toolchain: string;
  runner: ReproRunner | null;
  outcome: ReproOutcome;
  signature: string | null;
  preemptedFunction: string | null;
  preemptedOffset: number | null;
  matchedSplitInstruction: boolean;
  seconds: number;
  attempts: number;
  message?: string;
  /** Stopped by the user before the budget ran out (outcome 'error'). */
  stopped?: boolean;
  /** Seconds each attempt ran (a fresh process each; the last one crashed when outcome is 'crashed'). */
  attemptSeconds?: number[];
  /** Path of the `go` that built the program, and why it was chosen. */
  goPath?: string;
  goWhy?: string;
  /** Where the preemption landed, in words ("preempted here, between the two halves of the SP update"). */
  explanation?: string;
  /** The per-attempt time budget in seconds. */
  budgetSeconds?: number;
  /** GODEBUG the program ran with (the mitigation lane: `asyncpreemptoff=1`). */
  godebug?: string;
}

export type ReproPhase = 'building' | 'disassembling' | 'running' | 'done';

/** What a run reports as it goes, in order (the server tags each with its run id). */
export type ReproRunEvent =
  | {
      kind: 'toolchain';
      toolchain: string;
      runner: ReproRunner | null;
      variant: ReproVariant;
      runnerNote?: string;
      goPath?: string;
      goWhy?: string;
    }
  | { kind: 'disassembly'; findings: Finding[]; lines: AssemblyLine[]; symbol?: string; frameSize?: number; leaf?: boolean }
  | { kind: 'output'; text: string; attempt?: number }
  | { kind: 'attempt'; attempt: number; of?: number; budgetSeconds?: number }
  | { kind: 'phase'; phase: ReproPhase; message: string }
  | { kind: 'verdict'; verdict: ReproVerdict };

/** A variant's decoded epilogue, built but not run (shown before a run). */
export interface ReproDisassembly {
  variant: ReproVariant;
  toolchain: string;
  symbol: string;
  frameSize: number;
  leaf: boolean;
  findings: Finding[];
  lines: AssemblyLine[];
}
