// The words of a reproducer run as it goes and ends: its phases, how it
// stopped, why it could not start, and what surviving a budget shows (and does
// not) given what the disassembly found. Used by core/repro/run.ts; read in the
// CLI's `reproduce` output and on the reproducer page.
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
