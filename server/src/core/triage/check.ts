// What sits at a crash's preempted PC (function entry + offset), asked of the
// crashed binary (through the binary reader's locatePc), of the module's
// listing build or a reproducer's build (through the engine's findings), or of
// a saved scan result. One answer shape for all, so the verdict does not care
// where it came from; which half of a split SP update an offset is, is decided
// here once (halfAt).
import type { PcLocation } from '../binary/types';
import { hex, triageNoFunctionInBuild, triagePastEnd } from '../vocabulary';
import { instructionThere } from '../vocabulary/triageInputs';
import type { AssemblyLine, Finding } from '../types';
import type { TriageCheckTarget, TriageEpilogueInfo } from './types';
import type { EpilogueWindowInstruction } from './window';

export type PcCheck =
  /** The second instruction of a split SP update: the window. */
  | { kind: 'second-half'; epilogue: TriageEpilogueInfo }
  /** The first instruction: SP had not moved yet. */
  | { kind: 'first-half'; epilogue: TriageEpilogueInfo }
  /** Somewhere else: `what` says what is there (file:line and instruction when known). */
  | { kind: 'elsewhere'; what: string; file?: string; line?: number; instruction?: string }
  /** The function has split SP updates (`known`), none at this offset (a scan result knows no more than that). */
  | { kind: 'other-offset'; known: TriageEpilogueInfo[] }
  /** The binary or module has no such function (another build?). */
  | { kind: 'no-function'; message: string }
  | { kind: 'error'; message: string };

/** Answers for one binary, module or scan result; `rebuild` words the remedy for a shipped binary. */
export interface PcChecker {
  /** What is checked against (worded by explain.ts's checkTargetText for the CLI or an editor). */
  against: TriageCheckTarget;
  rebuild: boolean;
  toolchain?: string;
  check(fn: string, offset: number): Promise<PcCheck>;
  /** The decoded instructions around fn+offset, for display ([] when unknown). */
  window?(fn: string, offset: number): Promise<EpilogueWindowInstruction[]>;
}

export function epilogueOf(
  f: Pick<Finding, 'function' | 'file' | 'line' | 'offsets' | 'instructions' | 'leaf' | 'fixedByToolchain'>,
): TriageEpilogueInfo {
  return {
    function: f.function,
    file: f.file,
    line: f.line,
    offsets: [f.offsets[0], f.offsets[1]],
    instructions: [f.instructions[0], f.instructions[1]],
    leaf: f.leaf,
    fixedByToolchain: f.fixedByToolchain,
  };
}

/** Which instruction of which split SP update `offset` is: the second (the window) or the first; undefined for neither. */
export function halfAt<E extends { offsets: [number, number] }>(
  offset: number,
  updates: readonly E[],
): { half: 'first' | 'second'; update: E } | undefined {
  const second = updates.find((u) => u.offsets[1] === offset);
  if (second) return { half: 'second', update: second };
  const first = updates.find((u) => u.offsets[0] === offset);
  return first ? { half: 'first', update: first } : undefined;
}

/** The binary reader's answer as a PcCheck. */
export function checkFromLocation(loc: PcLocation | { error: string }): PcCheck {
  if ('error' in loc) return { kind: 'error', message: loc.error };
  if (loc.splitSecondHalfOf) return { kind: 'second-half', epilogue: epilogueOf(loc.splitSecondHalfOf) };
  if (loc.splitFirstHalfOf) return { kind: 'first-half', epilogue: epilogueOf(loc.splitFirstHalfOf) };
  return {
    kind: 'elsewhere',
    file: loc.file,
    line: loc.line,
    instruction: loc.instruction || undefined,
    what: instructionThere(loc.instruction, loc.file, loc.line, loc.frameSize),
  };
}

/**
 * The module's answer: the engine's split SP findings of `fn`, and the
 * function's decoded lines (to say what is at the offset otherwise).
 */
export function checkFromFindings(
  fn: string,
  offset: number,
  findings: Finding[],
  lines: AssemblyLine[] | undefined,
  file?: string,
): PcCheck {
  const updates = findings.filter((f) => f.function === fn && f.kind === 'split-sp-update');
  const pair = halfAt(offset, updates);
  if (pair) return { kind: pair.half === 'second' ? 'second-half' : 'first-half', epilogue: epilogueOf(pair.update) };
  if (!lines) {
    if (updates.length) return { kind: 'other-offset', known: updates.map(epilogueOf) };
    return { kind: 'no-function', message: triageNoFunctionInBuild(fn) };
  }
  const at = instructionAt(lines, offset);
  if (!at) return { kind: 'elsewhere', what: triagePastEnd(fn) };
  const where = file ? `${file}:${at.line}` : `line ${at.line}`;
  return { kind: 'elsewhere', file, line: at.line, instruction: at.instruction, what: `\`${at.instruction}\` on ${where}` };
}

/** A checker over a build's findings alone (the reproducer's build): split SP updates known, other instructions not. */
export function findingsChecker(findings: Finding[], against: TriageCheckTarget, toolchain?: string): PcChecker {
  return { against, rebuild: false, toolchain, check: async (fn, offset) => checkFromFindings(fn, offset, findings, undefined) };
}

/** The native instruction at `offset` in decoded listing lines. */
export function instructionAt(lines: AssemblyLine[], offset: number): { line: number; instruction: string } | undefined {
  for (const l of lines) {
    const i = (offset - l.offset) / 4;
    if (Number.isInteger(i) && i >= 0 && i < l.native.length) return { line: l.sourceLine, instruction: l.native[i] };
  }
  return undefined;
}

export const fnOffset = (fn: string, offset: number): string => `${fn}+${hex(offset)}`;
