// The words of the diagnostics: what happens, the two decoded instructions,
// and what to do about it. Kept apart from the range/URI mapping.
import { firstFixedRelease, parseGoVersion } from '../core/goVersion';
import type { Finding } from '../core/types';

export const CRASH_SIGNATURES = '"fatal error: traceback did not unwind completely" or "SIGSEGV ... addr=0x118" in runtime.(*unwinder).next';

/** The release that fixes non-leaf epilogues for the toolchain that ran ('go1.24.6'), if known. */
export function fixedReleaseFor(toolchainVersion: string): string | undefined {
  const v = parseGoVersion(toolchainVersion);
  return v ? firstFixedRelease(v) : undefined;
}

function quote(f: Finding): string {
  return `\`${f.instructions[0]}\` then \`${f.instructions[1]}\``;
}

export function nonLeafRemedy(toolchainVersion: string): string {
  const fixed = fixedReleaseFor(toolchainVersion);
  return fixed
    ? `Non-leaf function: upgrading the toolchain from ${toolchainVersion} to ${fixed} or later fixes it.`
    : 'Non-leaf function: a toolchain with the fix (go1.23.12, go1.24.6, go1.25.0 or later) fixes it.';
}

export const LEAF_REMEDY =
  'Leaf function: a toolchain upgrade does not help (go1.26 still splits leaf epilogues); change the code: ' +
  'move the large local to the heap, or shrink the frame below 64 KiB.';

function remedy(leaf: boolean, toolchainVersion: string): string {
  return leaf ? LEAF_REMEDY : nonLeafRemedy(toolchainVersion);
}

/** Message of the diagnostic at a return site. */
export function returnMessage(f: Finding, toolchainVersion: string): string {
  if (f.kind === 'split-fp-restore') {
    return (
      `Split frame-pointer restore in the leaf epilogue of ${f.function} (frame ${f.frameSize} bytes): ${quote(f)}. ` +
      'For one instruction R29 holds a wrong frame pointer: Go\'s own unwinder does not read it, but frame-pointer ' +
      'unwinders (execution tracer, perf) can record a broken stack if a signal lands between the two instructions. ' +
      LEAF_REMEDY
    );
  }
  return (
    `Split stack-pointer update in the epilogue of ${f.function} (frame ${f.frameSize} bytes): ${quote(f)}. ` +
    'If async preemption (SIGURG) lands between the two instructions, the Go unwinder sees a half-popped frame ' +
    `and the program crashes (${CRASH_SIGNATURES}). ` +
    remedy(f.leaf, toolchainVersion)
  );
}

/** Message of the diagnostic on the declaration line. */
export function declMessage(findings: Finding[], returnSites: number, toolchainVersion: string): string {
  const sp = findings.find((f) => f.kind === 'split-sp-update');
  const first = sp ?? findings[0];
  const one = returnSites === 1;
  const sites = `${returnSites} return site${one ? '' : 's'}`;
  const head = `${first.function} (${first.leaf ? 'leaf' : 'non-leaf'}, frame ${first.frameSize} bytes): `;
  if (!sp) {
    return (
      head + `${sites} ${one ? 'restores' : 'restore'} the frame pointer in two instructions (${quote(first)}), ` +
      'a wrong R29 for one instruction that frame-pointer unwinders can see. ' + LEAF_REMEDY
    );
  }
  return (
    head + `${sites} ${one ? 'pops' : 'pop'} the frame with a split stack-pointer update (${quote(sp)}); ` +
    `async preemption between the two instructions crashes the Go unwinder (${CRASH_SIGNATURES}). ` +
    remedy(sp.leaf, toolchainVersion)
  );
}

/** `main.(*T).Method` -> `Method`; `main.G[go.shape.int]` -> `G`; closures -> `func`. */
export function sourceName(symbol: string): string {
  let s = '';
  let depth = 0;
  for (const ch of symbol) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) s += ch;
  }
  const parts = s.split('.').filter((p) => p !== '');
  // Closures: main.outer.func1, main.outer.func1.2, main.glob..func1.
  if (parts.some((p) => /^func\d+$/.test(p))) return 'func';
  let last = parts[parts.length - 1] ?? s;
  // `init.0` (several init functions in one package).
  if (/^\d+$/.test(last) && parts.length >= 2) last = parts[parts.length - 2];
  return last.replace(/^\(\*?|\)$/g, '');
}
