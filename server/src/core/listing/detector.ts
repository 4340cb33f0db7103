// Finds split stack-pointer (and leaf frame-pointer) updates in a function's
// machine code. A cheap bit test picks candidate pairs of instructions;
// capstone decodes them and has the last word: the pseudo-assembly never
// decides a finding. A split SP update the runtime can never preempt (an
// unsafe point, a runtime/reflect function) is not reported: the same rule as
// the binary reader (binary/preemptible.ts), so both engines agree.
import { isRuntimePackageFunction, UNSAFE_POINT_UNSAFE } from '../binary/preemptible';
import type { Arm64Decoder } from '../decode/decoder';
import type { Finding, FindingKind, FunctionListing, Prog } from '../types';

const SP = 31,
  FP = 29;

/** ADD/SUB (immediate), 64-bit, flags not set: sf=1 S=0 100010 (op bit 30 free). */
function addSubImm(word: number): { rd: number; rn: number } | undefined {
  if ((word & 0xbf800000) >>> 0 !== 0x91000000) return undefined;
  return { rd: word & 0x1f, rn: (word >>> 5) & 0x1f };
}

function wordAt(code: Uint8Array, i: number): number {
  return (code[i] | (code[i + 1] << 8) | (code[i + 2] << 16) | (code[i + 3] << 24)) >>> 0;
}

interface Candidate {
  kind: FindingKind;
  offset: number;
}

/** Offsets where two consecutive instructions each write SP (or, in a split FP restore, R29). */
export function candidatePairs(code: Uint8Array): Candidate[] {
  const out: Candidate[] = [];
  let prev: { rd: number; rn: number } | undefined;
  for (let i = 0; i + 4 <= code.length; i += 4) {
    const cur = addSubImm(wordAt(code, i));
    if (prev && cur) {
      if (prev.rd === SP && cur.rd === SP) out.push({ kind: 'split-sp-update', offset: i - 4 });
      else if (prev.rd === FP && cur.rd === FP && cur.rn === FP) out.push({ kind: 'split-fp-restore', offset: i - 4 });
    }
    prev = cur;
  }
  return out;
}

/** What capstone must print for the pair to count: add/sub writing the expected register. */
function confirms(kind: FindingKind, text: string): boolean {
  const reg = kind === 'split-sp-update' ? 'sp' : 'x29';
  return new RegExp(`^(add|sub) ${reg}, `).test(text);
}

const PSEUDO = /^(PCDATA|FUNCDATA)\b/;

/** The instruction Prog that holds offset: the last non-PCDATA/FUNCDATA one starting at or before it. */
export function progAt(progs: Prog[], offset: number): Prog | undefined {
  let lo = 0,
    hi = progs.length - 1,
    at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (progs[mid].offset <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  while (at > 0 && PSEUDO.test(progs[at].text)) at--;
  return at >= 0 ? progs[at] : undefined;
}

const UNSAFE_POINT_PCDATA = 'PCDATA\t$0, $';

/** The UnsafePoint value (`PCDATA $0, $v`) in effect at offset; -1 (safe) when none was set. */
export function unsafePointAt(progs: Prog[], offset: number): number {
  let value = -1;
  for (const p of progs) {
    if (p.offset > offset) break;
    if (p.text.startsWith(UNSAFE_POINT_PCDATA)) value = Number(p.text.slice(UNSAFE_POINT_PCDATA.length)) || -1;
  }
  return value;
}

/** Can async preemption land between the two instructions (at the second one)? */
function preemptibleAt(fn: FunctionListing, secondOffset: number): boolean {
  return !isRuntimePackageFunction(fn.symbol) && unsafePointAt(fn.progs, secondOffset) !== UNSAFE_POINT_UNSAFE;
}

/** Findings of one function; `decoder` from loadArm64Decoder(). */
export function detectFindings(fn: FunctionListing, decoder: Arm64Decoder): Finding[] {
  const findings: Finding[] = [];
  for (const c of candidatePairs(fn.code)) {
    const decoded = decoder.decode(fn.code.subarray(c.offset, c.offset + 8), c.offset);
    if (decoded.length !== 2 || !decoded.every((d) => confirms(c.kind, d.text))) continue;
    if (c.kind === 'split-sp-update' && !preemptibleAt(fn, c.offset + 4)) continue;
    const prog = progAt(fn.progs, c.offset);
    findings.push({
      kind: c.kind,
      function: fn.symbol,
      packagePath: fn.packagePath,
      file: prog?.file ?? fn.file,
      line: prog?.line ?? fn.declLine,
      declLine: fn.declLine,
      frameSize: fn.frameSize,
      leaf: fn.leaf,
      offset: c.offset,
      offsets: [decoded[0].offset, decoded[1].offset],
      instructions: [decoded[0].text, decoded[1].text],
      pseudo: (prog?.text ?? '').replace(/\t/g, ' '),
      fixedByToolchain: c.kind === 'split-sp-update' && !fn.leaf,
    });
  }
  return findings;
}
