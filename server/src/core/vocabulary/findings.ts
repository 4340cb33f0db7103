// The words about one finding: what the split epilogue is, why it crashes,
// what to do (toolchain or code change), how to stop it until then, the marks
// of assembly views and the diagnostics' sentences. The base of the vocabulary.
import { firstFixedRelease, nonLeafFixedReleases, parseGoVersion } from '../toolchain/goVersion';
import type { FindingKind } from '../types';

export const ISSUE_URL = 'https://github.com/golang/go/issues/73259';
export const ISSUE_REF = 'golang/go#73259';

/** The three ways the runtime dies when preempted inside a split epilogue. */
export const CRASH_SIGNATURES =
  '`fatal error: traceback did not unwind completely`, `fatal error: unknown caller pc`, or `SIGSEGV ... addr=0x118` in runtime.(*unwinder).next';

/** The first releases whose non-leaf epilogues are atomic (`go1.23.12, go1.24.6, go1.25.0`), from the version table. */
export const FIXED_RELEASES = nonLeafFixedReleases().join(', ');

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

/** A frame size as people say it: `128 KiB`, `1.5 MiB`, `512 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** Longest function name a short title spells out; longer ones are cut in the middle. */
const SHORT_NAME_MAX = 32;

/**
 * A symbol as a Go developer writes it in one line: the package's last path
 * element and the name (`example.com/frames.(*Buffer).Fill` -> `frames.(*Buffer).Fill`),
 * long ones cut in the middle with an ellipsis.
 */
export function shortFunctionName(symbol: string): string {
  const head = symbol.search(/[[(]/);
  const slash = symbol.lastIndexOf('/', head < 0 ? symbol.length : head);
  const name = slash >= 0 ? symbol.slice(slash + 1) : symbol;
  if (name.length <= SHORT_NAME_MAX) return name;
  const keep = SHORT_NAME_MAX - 1;
  return `${name.slice(0, Math.ceil(keep / 2))}…${name.slice(name.length - Math.floor(keep / 2))}`;
}

/** What a finding is, in two or three words (lenses, hover heading). */
export function hazardName(kind: FindingKind): string {
  return kind === 'split-sp-update' ? 'split SP pop' : 'split FP restore';
}

/** `128 KiB frame, leaf`. */
export function frameAndKind(f: { frameSize: number; leaf: boolean }): string {
  return `${sizeText(f.frameSize)} frame, ${f.leaf ? 'leaf' : 'non-leaf'}`;
}

/**
 * The short title of a finding: one plain-text line of at most about 120
 * characters (no markdown), the diagnostic's message and the first line of
 * the CLI's long form.
 * `Split SP pop in main.checksum's epilogue (128 KiB frame, leaf): a preemption here crashes the GC`.
 */
export function shortTitle(f: { kind: FindingKind; function: string; frameSize: number; leaf: boolean }): string {
  const where = `in ${shortFunctionName(f.function)}'s epilogue (${frameAndKind(f)})`;
  return f.kind === 'split-sp-update'
    ? `Split SP pop ${where}: a preemption here crashes the GC`
    : `Split FP restore ${where}: frame-pointer unwinds may break`;
}

/** relatedInformation of a return site's diagnostic, at the function's declaration. */
export function declaredHere(f: { function: string; frameSize: number; leaf: boolean }): string {
  return `${shortFunctionName(f.function)} declared here (${frameAndKind(f)})`;
}
