// The one vocabulary: every sentence a person reads about a finding — what it
// is, why it crashes, what to do, how to stop it until then — for the CLI
// (text, SARIF), the language server (diagnostics, hover), the reproducer, the
// binary scanner and crash triage. Nothing else in the codebase words these.
import { firstFixedRelease, parseGoVersion } from './goVersion';
import type { TriageAudience, TriageCheckTarget } from './triage/types';
import type { FindingKind } from './types';

export const ISSUE_URL = 'https://github.com/golang/go/issues/73259';
export const ISSUE_REF = 'golang/go#73259';

/** The three ways the runtime dies when preempted inside a split epilogue. */
export const CRASH_SIGNATURES =
  '`fatal error: traceback did not unwind completely`, `fatal error: unknown caller pc`, or `SIGSEGV ... addr=0x118` in runtime.(*unwinder).next';

/** The releases whose non-leaf epilogues are atomic. */
export const FIXED_RELEASES = 'go1.23.12, go1.24.6, go1.25.0';

/** What a remedy needs to know about a finding (listing and binary findings both have these). */
export interface RemedySubject {
  kind: FindingKind;
  leaf: boolean;
  fixedByToolchain: boolean;
}

/** What the title and explanation need. */
export interface TitleSubject extends RemedySubject {
  function: string;
  frameSize: number;
  instructions: [string, string];
}

/** `0x70` (no padding). */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `0x0070` (four digits, the listing's offset column). */
export function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/** `` `add sp, sp, #0x10` then `add sp, sp, #0x10, lsl #12` ``. */
export function quotePair(f: { instructions: [string, string] }): string {
  return `\`${f.instructions[0]}\` then \`${f.instructions[1]}\``;
}

/** One sentence: what is wrong at this return site. */
export function findingTitle(f: TitleSubject): string {
  return f.kind === 'split-sp-update'
    ? `${f.function}: this return pops the ${f.frameSize}-byte frame with two SP updates (${f.instructions[0]}; ${f.instructions[1]})`
    : `${f.function}: this return restores the frame pointer with two instructions (${f.instructions[0]}; ${f.instructions[1]})`;
}

/** Why the split SP update crashes (one paragraph). */
export const SP_WHY = `If async preemption (SIGURG) lands between the two instructions, the garbage collector's stack unwinder sees SP moved part-way and reads a garbage return address: the process dies with ${CRASH_SIGNATURES} (${ISSUE_REF}).`;

/** Why the split frame-pointer restore matters (less). */
export const FP_WHY =
  "Between the two instructions R29 holds a half-updated frame pointer: Go's own unwinder does not read it, but frame-pointer unwinders (execution tracer, perf) can record a broken stack if a signal lands there. Lower severity.";

export function findingWhy(f: { kind: FindingKind }): string {
  return f.kind === 'split-sp-update' ? SP_WHY : FP_WHY;
}

/** The release that fixes non-leaf epilogues for the toolchain that ran ('go1.24.6'), if known. */
export function fixedReleaseFor(toolchainVersion: string | undefined): string | undefined {
  const v = toolchainVersion ? parseGoVersion(toolchainVersion) : undefined;
  return v ? firstFixedRelease(v) : undefined;
}

export const LEAF_REMEDY =
  'Leaf function: a toolchain upgrade does not help (go1.26 and go1.27 still split leaf epilogues); change the code: ' +
  'move the large local to the heap, or shrink the frame below 64 KiB.';

export const FP_REMEDY =
  'Goes away with the code change that fixes the SP split of the same epilogue: move the large local to the heap, or shrink the frame below 64 KiB.';

/** Non-leaf remedy; `rebuild` words it for a shipped binary ("rebuild with") instead of a module ("upgrade ... toolchain line"). */
export function nonLeafRemedy(toolchainVersion: string | undefined, rebuild = false): string {
  const fixed = fixedReleaseFor(toolchainVersion);
  if (rebuild) {
    return fixed
      ? `Non-leaf function: rebuild with ${fixed} or later (built with ${toolchainVersion}); the fixed toolchain pops the frame atomically.`
      : `Non-leaf function: rebuild with a toolchain that has the fix (${FIXED_RELEASES} or later).`;
  }
  return fixed
    ? `Non-leaf function: upgrading the toolchain from ${toolchainVersion} to ${fixed} or later fixes it (\`toolchain ${fixed}\` in go.mod).`
    : `Non-leaf function: a toolchain with the fix (${FIXED_RELEASES} or later) fixes it.`;
}

/** What to do about a finding, given the toolchain that compiled it. */
export function findingRemedy(f: RemedySubject, toolchainVersion?: string, opts: { rebuild?: boolean } = {}): string {
  if (f.kind === 'split-fp-restore') return FP_REMEDY;
  return f.fixedByToolchain || !f.leaf ? nonLeafRemedy(toolchainVersion, opts.rebuild) : LEAF_REMEDY;
}

/** Short remedy for one-line reports: "rebuild with go1.24.6+" or "change the code". */
export function remedyShort(f: RemedySubject, toolchainVersion?: string): string {
  if (f.kind === 'split-fp-restore' || (f.leaf && !f.fixedByToolchain)) return 'change the code (leaf function: no toolchain fixes it)';
  const fixed = fixedReleaseFor(toolchainVersion);
  return `rebuild with ${fixed ? `${fixed}+` : `a fixed toolchain (${FIXED_RELEASES}+)`}`;
}

/** The mitigation that needs no rebuild, and what it costs. */
export const MITIGATION =
  "Until the fix ships, `GODEBUG=asyncpreemptoff=1` in the service's environment stops these crashes: it turns async preemption off, " +
  'so goroutines are preempted only at function calls and tight loops can delay garbage collection and scheduling. ' +
  'It must be set where the process starts (it is not a `//go:debug` setting).';

/** Marks placed between the two halves in assembly views. */
export const SP_MARK = '⟵ preemption here = crash';
export const FP_MARK = '⟵ R29 wrong here (frame-pointer unwinders)';

export function markFor(kind: FindingKind): string {
  return kind === 'split-sp-update' ? SP_MARK : FP_MARK;
}

/** Rule metadata (SARIF, diagnostics' codes). */
export const RULES: Record<FindingKind, { name: string; short: string; level: 'warning' | 'note' }> = {
  'split-sp-update': {
    name: 'SplitStackPointerUpdate',
    short: 'Epilogue pops the stack frame with two SP-writing instructions (async preemption crash hazard on arm64).',
    level: 'warning',
  },
  'split-fp-restore': {
    name: 'SplitFramePointerRestore',
    short: 'Leaf epilogue restores the frame pointer with two instructions (frame-pointer unwinders may see a bad frame).',
    level: 'note',
  },
};

/** Message of the diagnostic at a return site. */
export function returnMessage(f: TitleSubject, toolchainVersion: string): string {
  if (f.kind === 'split-fp-restore') {
    return `Split frame-pointer restore in the leaf epilogue of ${f.function} (frame ${f.frameSize} bytes): ${quotePair(f)}. ${FP_WHY} ${LEAF_REMEDY}`;
  }
  return (
    `Split stack-pointer update in the epilogue of ${f.function} (frame ${f.frameSize} bytes): ${quotePair(f)}. ` +
    `${SP_WHY} ${findingRemedy(f, toolchainVersion)}`
  );
}

/** Message of the diagnostic on the declaration line, summing up the function's return sites. */
export function declMessage(findings: TitleSubject[], returnSites: number, toolchainVersion: string): string {
  const sp = findings.find((f) => f.kind === 'split-sp-update');
  const first = sp ?? findings[0];
  const one = returnSites === 1;
  const sites = `${returnSites} return site${one ? '' : 's'}`;
  const head = `${first.function} (${first.leaf ? 'leaf' : 'non-leaf'}, frame ${first.frameSize} bytes): `;
  if (!sp) {
    return `${head}${sites} ${one ? 'restores' : 'restore'} the frame pointer in two instructions (${quotePair(first)}). ${FP_WHY} ${LEAF_REMEDY}`;
  }
  return (
    `${head}${sites} ${one ? 'pops' : 'pop'} the frame with a split stack-pointer update (${quotePair(sp)}). ` +
    `${SP_WHY} ${findingRemedy(sp, toolchainVersion)}`
  );
}

// ---- crash triage (branch triage) ----

/** What the triage verdict needs to word a split epilogue. */
export interface TriageEpilogue {
  function: string;
  file: string;
  line: number;
  offsets: [number, number];
  instructions: [string, string];
}

/** What a survived run of the mitigation lane shows. */
export const MITIGATION_LANE =
  'Run with GODEBUG=asyncpreemptoff=1: no SIGURG preempts the loop, so the goroutine is never stopped between the two SP updates and the split epilogue cannot crash the unwinder (the same program without it crashes).';

/** The preempted PC is the second instruction of a split SP update. */
export function triageConfirmed(e: TriageEpilogue, signature: string): string {
  return (
    `This is the split-epilogue crash (${ISSUE_REF}): \`${signature}\`, and the preempted goroutine stopped at ` +
    `${e.function}+${hex(e.offsets[1])}, the return on ${e.file}:${e.line}, between the two halves of ` +
    `\`${e.instructions[0]}; ${e.instructions[1]}\`: SP had moved by the first half while the unwinder assumed the whole frame.`
  );
}

/** The signature is this bug's, but the PC could not be checked; `why` says why, `confirmWith` what would confirm it. */
export function triageConsistent(signature: string, where: string | null, why: string): string {
  const at = where ? ` The preempted goroutine stopped at ${where}.` : '';
  return `Consistent with the split-epilogue crash (${ISSUE_REF}): \`${signature}\` is one of its signatures.${at} ${why}`;
}

export const TRIAGE_CONFIRM_HINT =
  'To confirm, run triage again with `--binary` and the binary that crashed (stripped is fine), or `--module` and its source with the same toolchain.';

export const TRIAGE_NO_OFFSET =
  "The runtime died before printing the preempted frame's `+0x..` offset, so the PC cannot be checked; another crash log of the same service usually has it.";

/** The crash is something else: `what` names it. */
export function triageOtherCrash(what: string): string {
  return `Not the split-epilogue crash: \`${what}\` is none of its signatures (${CRASH_SIGNATURES}).`;
}

/** The signature matches but the PC is not inside a split SP update. */
export function triagePcElsewhere(fnOffset: string, what: string): string {
  return `The signature matches the split-epilogue crash, but ${fnOffset} is ${what}, not the second half of a split SP update: this crash has another cause.`;
}

/** The PC is the first instruction of a split pair: nothing of the update had run. */
export function triageFirstHalf(fnOffset: string, e: TriageEpilogue): string {
  return (
    `The signature matches, but ${fnOffset} is \`${e.instructions[0]}\`, the first half of the split SP update on ${e.file}:${e.line}: ` +
    'preempted before the update, when SP was still right, so this epilogue did not cause the crash.'
  );
}

// ---- branch fit: rule help for code scanning (SARIF fullDescription / help) and CI formats ----

/** Upstream issue as a markdown link. */
export const ISSUE_LINK_MD = `[${ISSUE_REF}](${ISSUE_URL})`;

export interface RuleHelp {
  /** One paragraph: what the rule finds and why it matters. */
  full: string;
  /** Plain-text help: what it is, why it crashes, how to fix. */
  text: string;
  /** The same in markdown, with the link to the upstream issue. */
  markdown: string;
}

const SP_WHAT =
  'On arm64 the Go assembler pops a stack frame whose size needs both halves of the 12-bit ADD immediate with two instructions that each write SP ' +
  '(`add sp, sp, #lo` then `add sp, sp, #hi, lsl #12`).';
const FP_WHAT =
  "A leaf function's epilogue restores the frame pointer (R29) with two ADD instructions, because the frame size needs both halves of the 12-bit immediate.";

export const RULE_HELP: Record<FindingKind, RuleHelp> = {
  'split-sp-update': {
    full: `${SP_WHAT} ${SP_WHY}`,
    text: `What it is: ${SP_WHAT}\nWhy it crashes: ${SP_WHY}\nHow to fix: ${nonLeafRemedy(undefined)} ${LEAF_REMEDY}\nUntil then: ${MITIGATION}\nUpstream: ${ISSUE_URL}`,
    markdown:
      `**What it is.** ${SP_WHAT}\n\n**Why it crashes.** ${SP_WHY}\n\n**How to fix.**\n- ${nonLeafRemedy(undefined)}\n- ${LEAF_REMEDY}\n\n` +
      `**Until then.** ${MITIGATION}\n\nUpstream: ${ISSUE_LINK_MD}.`,
  },
  'split-fp-restore': {
    full: `${FP_WHAT} ${FP_WHY}`,
    text: `What it is: ${FP_WHAT}\nWhy it matters: ${FP_WHY}\nHow to fix: ${FP_REMEDY}\nUpstream: ${ISSUE_URL}`,
    markdown: `**What it is.** ${FP_WHAT}\n\n**Why it matters.** ${FP_WHY}\n\n**How to fix.** ${FP_REMEDY}\n\nUpstream: ${ISSUE_LINK_MD}; compare golang/go#63830.`,
  },
};

/** One line for a CI annotation (GitHub workflow command, GitLab Code Quality): title, then what to do. */
export function ciMessage(f: TitleSubject, toolchainVersion?: string): string {
  return `${findingTitle(f)}. ${findingRemedy(f, toolchainVersion)} (${ISSUE_REF})`;
}

// ---- binary-cli: words for scan-binary (CLI, SARIF, the editor's binary report) ----

/** Why a split pair in a binary is not a hazard (`--all` shows them). */
export const NOT_PREEMPTIBLE_WHY: Record<'unsafe-point' | 'assembly' | 'no-locals-pointer-map' | 'runtime-package', string> = {
  'unsafe-point': 'not a hazard: the compiler marked this point unsafe, async preemption never stops here',
  assembly: 'not a hazard: hand-written assembly, which async preemption never interrupts',
  'no-locals-pointer-map': 'not a hazard: the function has no locals pointer map, so async preemption skips it',
  'runtime-package': 'not a hazard: the runtime never preempts its own functions asynchronously',
};

/** Where a finding of a shipped binary came from: `Found in bin/app (built with go1.24.4).` */
export function binaryOrigin(binary: string, goVersion: string | null): string {
  return `Found in ${binary}${goVersion ? ` (built with ${goVersion})` : ''}.`;
}

/** Diagnostic / SARIF message for a finding of a shipped binary. */
export function binaryFindingMessage(
  f: TitleSubject & { preemptible: boolean; notPreemptible?: keyof typeof NOT_PREEMPTIBLE_WHY },
  binary: string,
  goVersion: string | null,
): string {
  if (!f.preemptible)
    return `${findingTitle(f)}: ${NOT_PREEMPTIBLE_WHY[f.notPreemptible ?? 'unsafe-point']}. ${binaryOrigin(binary, goVersion)}`;
  return `${findingTitle(f)}. ${findingWhy(f)} ${findingRemedy(f, goVersion ?? undefined, { rebuild: true })} ${binaryOrigin(binary, goVersion)}`;
}

/** Summary line of a binary scan. */
export function binaryScanSummary(hazards: number, leaf: number, binaries: number, skipped: number, errors: number): string {
  return (
    `${hazards} preemptible split SP update${hazards === 1 ? '' : 's'} (${leaf} in leaf functions: need a code change) ` +
    `in ${binaries} binar${binaries === 1 ? 'y' : 'ies'}; ${skipped} file${skipped === 1 ? '' : 's'} skipped (not Go arm64 executables); ${errors} error${errors === 1 ? '' : 's'}`
  );
}

// ---- branch polish: triage words that name what a crash was checked against, for the CLI (its flags) or an editor ----

/** `--binary app` (CLI), `the binary app` (editor). */
export function checkTargetText(t: TriageCheckTarget, audience: TriageAudience = 'editor'): string {
  if (audience === 'cli') return `--${t.kind} ${t.path}`;
  return `the ${t.kind === 'scan' ? 'scan result' : t.kind === 'module' ? 'module' : 'binary'} ${t.path}`;
}

/** What would confirm a crash whose PC was not checked. */
export function triageConfirmHint(audience: TriageAudience = 'editor'): string {
  return audience === 'cli' ? TRIAGE_CONFIRM_HINT : 'Give the binary that crashed (stripped is fine) or its module source to confirm.';
}

/** The PC could not be checked against `t`: `why` says why (one clause, no period). */
export function triageNotChecked(t: TriageCheckTarget, why: string, audience: TriageAudience = 'editor'): string {
  return `It could not be checked against ${checkTargetText(t, audience)}: ${why}.`;
}

/** A confirmed verdict that rests on a saved scan result rather than the crashed binary's bytes. */
export function triageConfirmedByScan(t: TriageCheckTarget, audience: TriageAudience = 'editor'): string {
  return `(Per ${checkTargetText(t, audience)}: true if that scan is of the build that crashed.)`;
}

/** What a scan result says about an offset that is none of its function's split SP updates. */
export function triageScanOtherOffset(
  fn: string,
  t: TriageCheckTarget,
  known: { offsets: [number, number]; file: string; line: number }[],
  audience: TriageAudience = 'editor',
): string {
  const pairs = known.map((k) => `+${hex(k.offsets[0])}/+${hex(k.offsets[1])} (${k.file}:${k.line})`).join(', ');
  return `an offset where ${checkTargetText(t, audience)} has no split SP update (${fn} has ${known.length === 1 ? 'one' : known.length}, at ${pairs})`;
}

/** The scan result does not list the function: nothing to check the offset against. */
export function triageScanNoFunction(fn: string): string {
  return `it lists no split SP update in ${fn}`;
}

/** One line for a CI annotation of a shipped binary's finding: title, what to do (or why it is not a hazard), where it was found. */
export function binaryCiMessage(
  f: TitleSubject & { preemptible: boolean; notPreemptible?: keyof typeof NOT_PREEMPTIBLE_WHY },
  binary: string,
  goVersion: string | null,
): string {
  if (!f.preemptible)
    return `${findingTitle(f)}: ${NOT_PREEMPTIBLE_WHY[f.notPreemptible ?? 'unsafe-point']}. ${binaryOrigin(binary, goVersion)}`;
  return `${findingTitle(f)}. ${findingRemedy(f, goVersion ?? undefined, { rebuild: true })} ${binaryOrigin(binary, goVersion)} (${ISSUE_REF})`;
}

// ---- branch webview: the reproducer page's words (its epilogue summary, its marks, what a survival shows) ----

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
