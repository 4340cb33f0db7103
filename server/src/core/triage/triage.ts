// Crash triage from end to end: read each input (chunks as they arrive:
// unwrap, split, parse), then give every crash its verdict against an optional
// binary or module checker, then the summary. The checker is made once, after
// reading, from the preempted functions the crashes name.
import { CrashStream, type SplitCrash } from '../crash/split';
import type { PcChecker } from './check';
import { summarize } from './summary';
import type { TriageAudience, TriageResult } from './types';
import { triageCrash } from './verdict';

export interface TriageInput {
  /** File name as given, `-` for stdin. */
  name: string;
  chunks: AsyncIterable<string | Uint8Array>;
}

export interface ReadInput {
  name: string;
  crashes: SplitCrash[];
  lines: number;
  /** Why it could not be read (missing file...), one line. */
  error?: string;
}

/** Reads one input; never throws (a read error comes back in `error`). */
export async function readCrashInput(input: TriageInput): Promise<ReadInput> {
  const stream = new CrashStream();
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const c of input.chunks) stream.push(typeof c === 'string' ? c : decoder.decode(c, { stream: true }));
    stream.push(decoder.decode());
    const { crashes, lines } = stream.end();
    return { name: input.name, crashes, lines };
  } catch (err) {
    const { crashes, lines } = stream.end();
    return { name: input.name, crashes, lines, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The preempted functions named by the crashes (what a checker must know). */
export function preemptedFunctions(inputs: ReadInput[]): Set<string> {
  const out = new Set<string>();
  for (const i of inputs) for (const c of i.crashes) if (c.report.preemptedFunction) out.add(c.report.preemptedFunction);
  return out;
}

/** Verdicts for every crash of every input, then the summary; `audience` words them for the CLI or an editor. */
export async function triageInputs(inputs: ReadInput[], checker?: PcChecker, audience: TriageAudience = 'editor'): Promise<TriageResult> {
  const crashes = [];
  for (const i of inputs) {
    for (const c of i.crashes) crashes.push(await triageCrash({ source: i.name, index: c.index, report: c.report }, checker, audience));
  }
  return { crashes, summary: summarize(crashes) };
}

/** Whole texts in, result out (tests, the editor). */
export async function triageTexts(
  texts: { name: string; text: string }[],
  checker?: PcChecker,
  audience: TriageAudience = 'editor',
): Promise<TriageResult> {
  const inputs = await Promise.all(texts.map((t) => readCrashInput({ name: t.name, chunks: oneChunk(t.text) })));
  return triageInputs(inputs, checker, audience);
}

async function* oneChunk(text: string): AsyncIterable<string> {
  yield text;
}
