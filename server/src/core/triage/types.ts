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
  /**
   * True when the log shows this goroutine was preempted (a runtime.asyncPreempt
   * frame, a `[preempted]` block); false when only `unexpected return pc for F`
   * names the function (the frame whose return address the unwinder could not use).
   */
  preempted: boolean;
  /** fp - sp of the frame when the log prints both. */
  frameBytes: number | null;
}

/** One piece of evidence a verdict rests on, worded for people (core/vocabulary). */
export interface TriageEvidence {
  kind: 'signature' | 'architecture' | 'go-version' | 'goroutine' | 'frame' | 'missing';
  text: string;
}

/** What a cut-off crash lacks (crash/split.ts's CrashGap). */
export interface TriageGap {
  missing: 'header' | 'end';
  line: number;
}

/** The split epilogue a crash's PC was checked against: the fields of the one hazard record it needs. */
export type TriageEpilogueInfo = Pick<Hazard, 'function' | 'file' | 'line' | 'offsets' | 'instructions' | 'leaf' | 'fixedByToolchain'>;

export interface TriageCrash {
  /** File name as given, or `-` for stdin. */
  source: string;
  /** 1-based, per source. */
  index: number;
  /** 1-based line (after unwrapping) where the crash starts in its source. */
  line: number;
  /** Signature texts exactly as the log has them (`fatal error: traceback did not unwind completely`). */
  signatures: string[];
  verdict: TriageVerdictKind;
  /** True when the log holds only part of the crash (`gaps` says what is missing). */
  partial: boolean;
  gaps: TriageGap[];
  /** The architecture the log shows (`arm64`, `amd64`, `x86` for amd64 or 386, `not-arm64`), null when unknown. */
  arch: string | null;
  /** True when the log proves `arch` (a named file, path or register dump, or unaligned pcs); false when it only suggests it. */
  archProven: boolean;
  /** The Go version the log shows (`go1.24.1`, `go1.19`), null when it shows none. */
  goVersion: string | null;
  /** Each piece of evidence the verdict rests on. */
  evidence: TriageEvidence[];
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

/** What to check crashes against, as the CLI and the editor ask for it (createChecker). */
export type CheckTarget =
  | { kind: 'binary'; path: string }
  | { kind: 'scan'; path: string }
  | {
      kind: 'module';
      path: string;
      /** The `go` to build with, and why that one (named in the result). */
      go?: string;
      goWhy?: string;
      goos?: 'linux' | 'darwin';
      buildFlags?: string[];
      env?: NodeJS.ProcessEnv;
    };

/** Who reads triage's words: the CLI's name its flags (`--binary app`), an editor's do not. */
export type TriageAudience = 'cli' | 'editor';

export interface TriageResult {
  crashes: TriageCrash[];
  summary: TriageSummaryEntry[];
  /** Crashes seen beyond the cap (crash/split.ts MAX_CRASHES): counted, not triaged. */
  dropped: number;
}
