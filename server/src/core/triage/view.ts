// Crash triage for a view (the editor's webview): the same verdicts as the CLI
// (triageCrash, summarize), plus per crash what a person wants to look at —
// the preempted goroutine's frames as the log printed them, and for a confirmed
// crash the decoded instructions around the split SP update.
import type { Frame } from '../crash/parser';
import type { PcChecker } from './check';
import { summarize } from './summary';
import { readCrashInput, type ReadInput } from './triage';
import type { TriageCheckTarget, TriageCrash, TriageSummaryEntry } from './types';
import { triageCrash } from './verdict';
import type { EpilogueWindowInstruction } from './window';

export type { Frame } from '../crash/parser';

export interface TriageCrashView extends TriageCrash {
  /** The preempted goroutine's frames (the preempted one first), as the log has them. */
  stack: Frame[];
  /** Instructions around the preempted one (confirmed crashes with a binary or module); [] otherwise. */
  window: EpilogueWindowInstruction[];
}

export interface TriageView {
  crashes: TriageCrashView[];
  summary: TriageSummaryEntry[];
  /** Lines read after unwrapping, per input (a log without any crash still says it was read). */
  lines: number;
  /** What was checked against (a view words it with explain.ts's checkTargetText), when anything. */
  checkedAgainst: TriageCheckTarget | null;
}

const MAX_STACK = 64;

/** Reads one text (pasted, a selection, a file); never throws. */
export function readCrashText(text: string, source: string): Promise<ReadInput> {
  return readCrashInput({ name: source, chunks: once(text) });
}

/** The view's data for what readCrashText read, checked against `checker` when given. Never throws for bad input. */
export async function triageForView(input: ReadInput, checker?: PcChecker): Promise<TriageView> {
  const source = input.name;
  const crashes: TriageCrashView[] = [];
  for (const c of input.crashes) {
    const verdict = await triageCrash({ source, index: c.index, report: c.report }, checker);
    const p = verdict.preempted;
    const window =
      verdict.verdict === 'confirmed' && p && p.offset !== null && checker?.window
        ? await checker.window(p.function, p.offset).catch(() => [])
        : [];
    crashes.push({ ...verdict, stack: c.report.preemptedStack.slice(0, MAX_STACK), window });
  }
  return { crashes, summary: summarize(crashes), lines: input.lines, checkedAgainst: checker?.against ?? null };
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}
