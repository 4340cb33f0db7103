// Crash triage from end to end, the one entry for the CLI, the language server
// and tests: read each input (chunks as they arrive: unwrap, split, parse;
// memory bounded whatever the log's size), then give every crash its verdict
// against an optional checker (createChecker), then the summary. With
// `detail` (the editor's view) each crash also carries the goroutine's frames
// and, when confirmed, the decoded instructions around the split SP update.
import { CrashStream, MAX_CRASHES, type SplitCrash } from '../crash/split';
import type { Frame } from '../crash/parser';
import type { PcChecker } from './check';
import { summarize } from './summary';
import type { TriageAudience, TriageCheckTarget, TriageCrash, TriageResult, TriageSummaryEntry } from './types';
import { triageCrash } from './verdict';
import type { EpilogueWindowInstruction } from './window';

export { MAX_CRASHES };

export interface TriageInput {
  /** File name as given, `-` for stdin. */
  name: string;
  chunks: AsyncIterable<string | Uint8Array>;
}

export interface ReadInput {
  name: string;
  crashes: SplitCrash[];
  lines: number;
  /** Crashes beyond MAX_CRASHES: counted, not kept. */
  dropped: number;
  /** Why it could not be read (missing file...), one line. */
  error?: string;
}

/** A crash as the editor's view shows it. */
export interface TriageCrashView extends TriageCrash {
  /** The preempted goroutine's frames (the preempted one first), as the log has them. */
  stack: Frame[];
  /** Instructions around the preempted one (confirmed crashes with a binary or module); [] otherwise. */
  window: EpilogueWindowInstruction[];
}

export interface TriageView extends TriageResult {
  crashes: TriageCrashView[];
  summary: TriageSummaryEntry[];
  /** Lines read after unwrapping (a log without any crash still says it was read). */
  lines: number;
  /** What was checked against (worded by the vocabulary's checkTargetText), when anything. */
  checkedAgainst: TriageCheckTarget | null;
}

const MAX_STACK = 64;

/**
 * Reads one input. A read error comes back in `error` with what was read
 * before it; a programming error is thrown.
 */
export async function readCrashInput(input: TriageInput): Promise<ReadInput> {
  const stream = new CrashStream();
  const decoder = new TextDecoder('utf-8');
  let error: string | undefined;
  try {
    for await (const c of input.chunks) stream.push(typeof c === 'string' ? c : decoder.decode(c, { stream: true }));
    stream.push(decoder.decode());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    error = code;
  }
  const { crashes, lines, dropped } = stream.end();
  return { name: input.name, crashes, lines, dropped, ...(error ? { error } : {}) };
}

/** The preempted functions named by the crashes (what a module checker must keep). */
export function preemptedFunctions(inputs: ReadInput[]): Set<string> {
  const out = new Set<string>();
  for (const i of inputs) for (const c of i.crashes) if (c.report.preemptedFunction) out.add(c.report.preemptedFunction);
  return out;
}

export interface TriageOptions {
  audience?: TriageAudience;
  /** The editor's view: frames and the epilogue window per crash. */
  detail?: boolean;
}

/** Verdicts for every crash of every input, then the summary. */
export async function triageInputs(
  inputs: ReadInput[],
  checker: PcChecker | undefined,
  opts: TriageOptions & { detail: true },
): Promise<TriageView>;
export async function triageInputs(inputs: ReadInput[], checker?: PcChecker, opts?: TriageOptions): Promise<TriageResult>;
export async function triageInputs(inputs: ReadInput[], checker?: PcChecker, opts: TriageOptions = {}): Promise<TriageResult | TriageView> {
  const crashes: TriageCrashView[] = [];
  for (const i of inputs) {
    for (const c of i.crashes) {
      const verdict = await triageCrash({ source: i.name, crash: c }, checker, opts.audience ?? 'editor');
      if (!opts.detail) {
        crashes.push(verdict as TriageCrashView);
        continue;
      }
      const p = verdict.preempted;
      const window =
        verdict.verdict === 'confirmed' && p && p.offset !== null && checker?.window
          ? await checker.window(p.function, p.offset).catch(() => [])
          : [];
      crashes.push({ ...verdict, stack: c.report.preemptedStack.slice(0, MAX_STACK), window });
    }
  }
  const dropped = inputs.reduce((n, i) => n + i.dropped, 0);
  const result: TriageResult = { crashes, summary: summarize(crashes), dropped };
  if (!opts.detail) return result;
  return { ...result, crashes, lines: inputs.reduce((n, i) => n + i.lines, 0), checkedAgainst: checker?.against ?? null };
}

/** Whole texts in, result out (tests, the editor's pasted text). */
export async function readCrashTexts(texts: { name: string; text: string }[]): Promise<ReadInput[]> {
  return Promise.all(texts.map((t) => readCrashInput({ name: t.name, chunks: oneChunk(t.text) })));
}

/** Whole texts in, result out (tests). */
export async function triageTexts(
  texts: { name: string; text: string }[],
  checker?: PcChecker,
  audience: TriageAudience = 'editor',
): Promise<TriageResult> {
  return triageInputs(await readCrashTexts(texts), checker, { audience });
}

async function* oneChunk(text: string): AsyncIterable<string> {
  yield text;
}
