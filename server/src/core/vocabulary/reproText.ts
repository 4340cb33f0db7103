// The words of `preempt-guard reproduce`'s text output: the progress lines on
// stderr as the run goes (phase, toolchain, epilogue, each attempt) and the
// verdict on stdout (which program, how it ended, where the goroutine was
// preempted). The run's own sentences (reproRun.ts) are quoted as they are.
import type { ReproRunEvent, ReproVerdict } from '../repro/types';
import { hex } from './findings';

const hexOrUnknown = (n: number | null): string => (n === null ? '?' : hex(n));

/** The verdict; `title` is the program's (VARIANT_TITLES). */
export function reproVerdictText(v: ReproVerdict, title: string): string {
  const head = `${title} (${v.variant}), ${v.toolchain || 'unknown toolchain'}, runner ${v.runner ?? 'none'}${v.godebug ? `, GODEBUG=${v.godebug}` : ''}`;
  const lines = [head];
  if (v.outcome === 'crashed') {
    lines.push(`CRASHED after ${v.seconds} s (attempt ${v.attempts}): ${v.signature}`);
    if (v.preemptedFunction) lines.push(`preempted goroutine at ${v.preemptedFunction}+${hexOrUnknown(v.preemptedOffset)}`);
    lines.push(
      v.matchedSplitInstruction
        ? 'matched: the second instruction of the split SP update (preempted between the two halves)'
        : 'not matched to the split SP update',
    );
    if (v.explanation) lines.push(v.explanation);
  } else if (v.outcome === 'survived') {
    lines.push(`SURVIVED ${v.attempts} attempt(s), ${v.seconds} s`);
    if (v.message) lines.push(v.message);
  } else {
    lines.push(`ERROR${v.stopped ? ' (stopped)' : ''}`);
    if (v.message) lines.push(v.message);
  }
  return lines.join('\n') + '\n';
}

/** The progress line of an event, undefined for events without one (output, verdict, the end). */
export function reproProgressLine(e: ReproRunEvent): string | undefined {
  switch (e.kind) {
    case 'phase':
      return e.phase === 'done' ? undefined : `[${e.phase}] ${e.message}`;
    case 'toolchain':
      return `[toolchain] ${e.toolchain} (${e.goPath}; ${e.goWhy})`;
    case 'disassembly': {
      const f = e.findings.find((x) => x.kind === 'split-sp-update');
      return f
        ? `[epilogue] ${e.symbol} frame ${e.frameSize}${e.leaf ? ' leaf' : ''}: ${hex(f.offsets[0])} ${f.instructions[0]}; ${hex(f.offsets[1])} ${f.instructions[1]}`
        : `[epilogue] ${e.symbol} frame ${e.frameSize}${e.leaf ? ' leaf' : ''}: no split SP update (atomic epilogue)`;
    }
    case 'attempt':
      return `[attempt ${e.attempt}/${e.of}] fresh process, budget ${e.budgetSeconds} s`;
    default:
      return undefined;
  }
}
