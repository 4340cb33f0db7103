// The values crash triage hands to the CLI and the editor: one verdict per
// crash found in the input, and a summary of how often each epilogue crashed.
// Plain data (the `--format json` shape), no behaviour.
import type { Hazard } from '../hazard';

export type TriageVerdictKind = 'confirmed' | 'consistent' | 'unrelated';

export interface TriagePreempted {
  function: string;
  /** `+0x70`: pc minus the function's entry; null when the runtime did not print it. */
  offset: number | null;
  file: string | null;
  line: number | null;
}

/** The split epilogue a crash's PC was checked against: the fields of the one hazard record it needs. */
export type TriageEpilogueInfo = Pick<Hazard, 'function' | 'file' | 'line' | 'offsets' | 'instructions' | 'leaf' | 'fixedByToolchain'>;

export interface TriageCrash {
  /** File name as given, or `-` for stdin. */
  source: string;
  /** 1-based, per source. */
  index: number;
  /** Signature texts as the log has them (`fatal error: traceback did not unwind completely`). */
  signatures: string[];
  verdict: TriageVerdictKind;
  preempted: TriagePreempted | null;
  epilogue: TriageEpilogueInfo | null;
  explanation: string;
  /** What to do (toolchain or code change) and the mitigation; null for unrelated crashes. */
  remedy: string | null;
}

export interface TriageSummaryEntry {
  verdict: TriageVerdictKind;
  /** The epilogue's (confirmed) or the preempted frame's (consistent) function; the signature's text for unrelated crashes. */
  function: string | null;
  file: string | null;
  line: number | null;
  signature: string;
  count: number;
}

/** What a crash's PC was checked against: the binary that crashed, its module's source, or a saved scan result. */
export interface TriageCheckTarget {
  kind: 'binary' | 'module' | 'scan';
  path: string;
}

/** Who reads triage's words: the CLI's name its flags (`--binary app`), an editor's do not. */
export type TriageAudience = 'cli' | 'editor';

export interface TriageResult {
  crashes: TriageCrash[];
  summary: TriageSummaryEntry[];
}
