// Matches where a crash says the goroutine was preempted against the
// engine's findings (the reproducer's verdict; crash triage's --module check): the second instruction of a split SP update means the
// goroutine stopped between the two halves.
import { hex, PREEMPTED_BETWEEN_HALVES } from '../vocabulary';
import type { Finding } from '../types';
import type { CrashReport } from './parser';

export type PreemptionPlace =
  /** At the second ADD: the first half had run, SP was off by `lo`. The hazard. */
  | 'between-halves'
  /** At the first ADD: nothing of the update had run yet. */
  | 'before-first-half'
  /** Somewhere else in the function, or another function. */
  | 'elsewhere'
  /** The crash dump did not say (e.g. the runtime died while printing it). */
  | 'unknown';

export interface PreemptionMatch {
  place: PreemptionPlace;
  finding: Finding | null;
  /** True only for 'between-halves' of a split SP update. */
  matchedSplitInstruction: boolean;
  /** One sentence for people. */
  explanation: string;
}

/** The words live in the vocabulary (explain.ts); this name stays for the crash matcher's callers. */
export const BETWEEN_HALVES = PREEMPTED_BETWEEN_HALVES;

/** The split SP update of `fn` whose first or second instruction is at `off` (also used by crash triage). */
export function splitPairAt(fn: string, off: number, findings: Finding[]): { half: 'first' | 'second'; finding: Finding } | undefined {
  const sp = findings.filter((f) => f.function === fn && f.kind === 'split-sp-update');
  const second = sp.find((f) => f.offsets[1] === off);
  if (second) return { half: 'second', finding: second };
  const first = sp.find((f) => f.offsets[0] === off);
  return first ? { half: 'first', finding: first } : undefined;
}

export function matchPreemption(report: CrashReport, findings: Finding[]): PreemptionMatch {
  const fn = report.preemptedFunction;
  const off = report.preemptedOffset;
  if (!fn)
    return {
      place: 'unknown',
      finding: null,
      matchedSplitInstruction: false,
      explanation: 'The crash output does not name a preempted function.',
    };
  if (off === null) {
    return {
      place: 'unknown',
      finding: null,
      matchedSplitInstruction: false,
      explanation: `The runtime failed to unwind ${fn}, but died before printing the preempted frame's offset.`,
    };
  }
  const sp = findings.filter((f) => f.function === fn && f.kind === 'split-sp-update');
  const pair = splitPairAt(fn, off, findings);
  const second = pair?.half === 'second' ? pair.finding : undefined;
  if (second) {
    return {
      place: 'between-halves',
      finding: second,
      matchedSplitInstruction: true,
      explanation:
        `${fn}+${hex(off)} is \`${second.instructions[1]}\`, the second half of the split SP update ` +
        `(line ${second.line}): ${BETWEEN_HALVES}. SP had already moved by the first half while the unwinder assumed the whole frame.`,
    };
  }
  const first = pair?.half === 'first' ? pair.finding : undefined;
  if (first) {
    return {
      place: 'before-first-half',
      finding: first,
      matchedSplitInstruction: false,
      explanation: `${fn}+${hex(off)} is \`${first.instructions[0]}\`, the first half of the split SP update: preempted before it, not inside it.`,
    };
  }
  const known = sp.map((f) => `${hex(f.offsets[0])}/${hex(f.offsets[1])}`).join(', ');
  return {
    place: 'elsewhere',
    finding: null,
    matchedSplitInstruction: false,
    explanation: sp.length
      ? `${fn}+${hex(off)} is not one of the split SP update's instructions (${known}).`
      : `${fn}+${hex(off)}: the engine found no split SP update in ${fn} with this toolchain.`,
  };
}
