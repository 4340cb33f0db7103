// The editor's reproducer words: the page's heading, form and lane sections,
// what a lane says while it runs (elapsed time, the variant being built) and
// its verdict box (crashed, survived, stopped), and the notice when the
// workspace is not trusted. What a run shows and where its goroutine stopped
// are worded in repro.ts; the variants' names in reproRun.ts.
import type { ReproVariant } from '../repro/types';
import { hex } from './findings';
import { PREEMPTED_BETWEEN_HALVES } from './repro';
import { VARIANT_TITLES } from './reproRun';

/** The reproducer panel's title. */
export const REPRO_PANEL_TITLE = 'Preemption Reproducer';

/** Opening the reproducer in an untrusted workspace (the page opens; the server refuses to run). */
export const REPRO_NEEDS_TRUST = 'Preempt Guard: the reproducer builds and runs a Go program; trust the workspace first.';

/** The page's fixed words (plain text: the page escapes them). */
export const REPRO_PAGE = {
  heading: 'Preemption reproducer',
  intro:
    "Builds the project's own tiny Go program for arm64 in a temp directory (never your workspace code) and runs it " +
    "until the goroutine is preempted between the two halves of a split stack-pointer update and the runtime's unwinder crashes",
  toolchain: 'Toolchain',
  variant: 'Variant',
  budget: 'Budget per attempt (seconds)',
  attempts: 'Attempts (fresh process each)',
  sideBySide:
    'Side by side: affected variant, the same with GODEBUG=asyncpreemptoff=1 (the mitigation), and the non-leaf control, same budget',
  start: 'Start',
  stop: 'Stop',
  lanes: { main: 'Run', mitigated: 'Mitigated', control: 'Control' },
  epilogueHeading: "Epilogue of the reproducer's function",
  disassemblySummary: 'Disassembly (Go pseudo-assembly and the arm64 instructions it became)',
  disassembly: 'Disassembly',
  asmColumns: ['offset', 'line', 'arm64', 'Go assembly'],
  output: 'Program output',
  budgetInvalid: 'The budget must be a positive number of seconds.',
  running: 'Running.',
  cannotRunHere: 'cannot run here',
  stopped: 'Stopped.',
  couldNotFinish: 'Could not finish.',
} as const;

/** A variant's choice in the form: its title and what makes it that variant. */
export function reproVariantOption(variant: ReproVariant): string {
  if (variant === 'fast') return `${VARIANT_TITLES.fast} (one element of a [1 << 16]byte)`;
  if (variant === 'control') return `${VARIANT_TITLES.control} (one //go:noinline call)`;
  return VARIANT_TITLES.seed;
}

/** What follows a side-by-side lane's title. */
export const REPRO_LANE_SUFFIX = {
  mitigated: (godebug: string) => ` with GODEBUG=${godebug} (mitigation lane)`,
  control: ' (control lane)',
} as const;

/** A lane's placeholder while its variant is built for the preview. */
export function reproBuildingPreview(variant: string): string {
  return `Building the ${variant} variant to show its epilogue…`;
}

/** A lane's preview could not be built. */
export function reproNoDisassembly(reason: string): string {
  return `No disassembly: ${reason}`;
}

/** A lane's running time, and the attempt's when one runs. */
export function reproElapsed(totalSeconds: number, attempt?: { n: number; of: number; seconds: number; budget: number }): string {
  const a = attempt ? ` — attempt ${attempt.n}/${attempt.of}: ${attempt.seconds} s of ${attempt.budget} s` : '';
  return `Elapsed ${totalSeconds} s${a}`;
}

/** The verdict box's title after a crash. */
export function reproCrashedTitle(seconds: number, attempt: number, signature: string | null): string {
  return `Crashed after ${seconds} s (attempt ${attempt}): ${signature}`;
}

/** Where the crashed goroutine stopped (`main.f+0x70`), and whether that is between the halves of the split. */
export function reproStoppedAt(fn: string, offset: number | null, betweenHalves: boolean): string {
  const at = `${fn}+${offset === null ? '?' : hex(offset)}`;
  return `Preempted goroutine stopped at ${at}${betweenHalves ? ` — ${PREEMPTED_BETWEEN_HALVES}.` : '.'}`;
}

/** The verdict box's title after every attempt survived. */
export function reproSurvivedTitle(attempts: number, budgetSeconds: number | undefined, seconds: number): string {
  return `Survived the budget: ${attempts} attempt(s) of ${budgetSeconds} s, ${seconds} s in all.`;
}

/** A page element the shell always has is missing (a bug of the page, shown in the webview's console). */
export function reproPageMissing(selector: string): string {
  return `reproducer page: no ${selector}`;
}
