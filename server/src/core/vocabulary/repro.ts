// The words of the reproducer's page: its epilogue summary, where the goroutine
// stopped, and what a run that survived shows (and does not prove).
import { hex } from './findings';

/** Where a crashed reproducer's goroutine stopped, when that is the second half of a split SP update. */
export const PREEMPTED_BETWEEN_HALVES = 'preempted here, between the two halves of the SP update';
/** Where it stopped, anywhere else. */
export const PREEMPTED_HERE = 'preempted here';

/** The toolchain pops the reproducer's frame atomically. */
export const REPRO_NO_SPLIT =
  'No split SP update: this toolchain pops the frame with one instruction, so there is no window to be preempted in.';

/** Introduces the two SP-writing instructions of a split update. */
export function reproSplitIntro(f: { line: number; pseudo: string }): string {
  return `Line ${f.line}: \`${f.pseudo}\` was assembled into two instructions that each write SP:`;
}

/** The window of a split SP update, at the offset of its second instruction. */
export function reproSplitWindow(secondOffset: number): string {
  return `A preemption signal landing at ${hex(secondOffset)} (after the first, before the second) leaves SP inside the frame while the unwinder assumes the whole frame.`;
}

/** A split frame-pointer restore beside the SP finding. */
export function reproFpNote(offsets: [number, number]): string {
  return `Also split (lower severity): the frame-pointer restore at ${hex(offsets[0])}/${hex(offsets[1])} writes R29, not SP.`;
}

/** What a survived run shows, and what it does not prove with and without a split epilogue. */
export const REPRO_SURVIVED_SHOWS = 'What this shows: the runtime never caught the goroutine between two SP updates in that time.';
export const REPRO_SURVIVED_SPLIT =
  'What it does not prove: this epilogue IS split (see above); the race is random and can take minutes or hours to hit. Run longer or again.';
export const REPRO_SURVIVED_ATOMIC =
  'What it does not prove on its own: a run cannot show absence. The proof is the disassembly above: the frame is popped by one instruction, so there is no window.';
