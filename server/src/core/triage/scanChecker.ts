// Checks preempted PCs against a saved scan result, for when neither the
// binary that crashed nor its source is at hand: the JSON of `preempt-guard
// scan` (findings with function, offsets, file, line...) or of `preempt-guard
// scan-binary` (binaries[].findings with function, offset...). It knows only
// the split SP updates the scan listed, so the answer is: the second
// instruction of one of them (confirmed, if the scan is of the build that
// crashed), the first, another offset of a function that has some (with the
// known offsets), or a function the scan does not list (the PC stays
// unchecked). Validation by hand: the two shapes are small, and a person who
// gave the wrong file needs one line saying which field is wrong.
import { readFile, stat } from 'node:fs/promises';
import { triageScanNoFunction } from '../vocabulary';
import { scanFindingWords, scanResultWords } from '../vocabulary/triageInputs';
import { halfAt, type PcChecker } from './check';
import type { TriageEpilogueInfo } from './types';

/** Bigger than any scan result of a real program (a finding is ~500 bytes of JSON). */
export const MAX_SCAN_BYTES = 256 * 1024 * 1024;

/** What a scan result says, indexed by function. */
export interface ScanIndex {
  /** Split SP updates per function (generic arguments collapsed: see functionKey), by their second instruction's offset. */
  byFunction: Map<string, Map<number, TriageEpilogueInfo>>;
  /** The toolchain that built what was scanned, when the result says one. */
  toolchain?: string;
  /** True for scan-binary results (a shipped binary: the remedy says "rebuild with"). */
  rebuild: boolean;
  findings: number;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isStrPair = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string');

/**
 * `main.G[go.shape.int]` (binary), `main.G[...]` (traceback) and the listing's
 * spelling all name one generic function: the bracketed arguments are dropped.
 */
export function functionKey(name: string): string {
  let out = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') {
      if (depth++ === 0) out += '[';
      continue;
    }
    if (ch === ']' && depth > 0) {
      if (--depth === 0) out += ']';
      continue;
    }
    if (depth === 0) out += ch;
  }
  return out;
}

/** One finding as a split SP update, `undefined` when it is another kind (or not preemptible); a string says what is wrong. */
function epilogueOf(f: unknown, where: string): TriageEpilogueInfo | undefined | string {
  if (!isRec(f)) return scanFindingWords.notObject(where);
  if (f.kind !== undefined && f.kind !== 'split-sp-update') return undefined;
  if (f.preemptible === false) return undefined;
  if (typeof f.function !== 'string' || !f.function) return scanFindingWords.noFunction(where);
  let offsets: [number, number];
  if (Array.isArray(f.offsets) && f.offsets.length === 2 && f.offsets.every(isInt)) offsets = [f.offsets[0], f.offsets[1]];
  else if (isInt(f.offset)) offsets = [f.offset, f.offset + 4];
  else return scanFindingWords.noOffsets(where, f.function);
  if (typeof f.file !== 'string' || !isInt(f.line)) return scanFindingWords.noPosition(where, f.function);
  if (!isStrPair(f.instructions)) return scanFindingWords.noInstructions(where, f.function);
  if (typeof f.leaf !== 'boolean' || typeof f.fixedByToolchain !== 'boolean') return scanFindingWords.noLeaf(where, f.function);
  return {
    function: f.function,
    file: f.file,
    line: f.line,
    offsets,
    instructions: f.instructions,
    leaf: f.leaf,
    fixedByToolchain: f.fixedByToolchain,
  };
}

/** Parses a scan result's text; `{error}` is one line (without the file's name). Never throws. */
export function parseScanResult(text: string): ScanIndex | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { error: scanResultWords.notJson((err as Error).message) };
  }
  if (!isRec(v)) return { error: scanResultWords.notObject };
  const lists: { findings: unknown[]; where: string }[] = [];
  let toolchain: string | undefined;
  let rebuild: boolean;
  if (Array.isArray(v.findings)) {
    lists.push({ findings: v.findings, where: 'findings' });
    if (isRec(v.toolchain) && typeof v.toolchain.version === 'string') toolchain = v.toolchain.version;
    // The one report schema (core/report/json.ts) names its source and each finding's toolchain.
    rebuild = v.source === 'binary';
    const versions = new Set(v.findings.map((f) => (isRec(f) ? f.toolchain : undefined)).filter((t) => typeof t === 'string'));
    if (!toolchain && versions.size === 1) toolchain = [...versions][0] as string;
  } else if (Array.isArray(v.binaries)) {
    rebuild = true;
    const versions = new Set<string>();
    for (const [i, b] of v.binaries.entries()) {
      if (!isRec(b) || !Array.isArray(b.findings)) return { error: scanResultWords.binaryWithoutFindings(i) };
      lists.push({ findings: b.findings, where: `binaries[${i}].findings` });
      if (typeof b.goVersion === 'string' && b.findings.length) versions.add(b.goVersion);
    }
    if (versions.size === 1) toolchain = [...versions][0];
  } else if (Array.isArray(v.runs)) {
    return { error: scanResultWords.sarif };
  } else if (Array.isArray(v.crashes)) {
    return { error: scanResultWords.triageOutput };
  } else {
    return { error: scanResultWords.noLists };
  }
  const byFunction = new Map<string, Map<number, TriageEpilogueInfo>>();
  let findings = 0;
  for (const l of lists) {
    for (const [i, f] of l.findings.entries()) {
      const e = epilogueOf(f, `${l.where}[${i}]`);
      if (typeof e === 'string') return { error: scanResultWords.badFinding(e) };
      if (!e) continue;
      const key = functionKey(e.function);
      let known = byFunction.get(key);
      if (!known) byFunction.set(key, (known = new Map()));
      if (!known.has(e.offsets[1])) known.set(e.offsets[1], e);
      findings++;
    }
  }
  return { byFunction, toolchain, rebuild, findings };
}

/** The checker over a parsed scan result; `file` names it in messages. */
export function scanChecker(index: ScanIndex, file: string): PcChecker {
  return {
    against: { kind: 'scan', path: file },
    rebuild: index.rebuild,
    toolchain: index.toolchain,
    check: async (fn, offset) => {
      const known = index.byFunction.get(functionKey(fn));
      if (!known) return { kind: 'no-function', message: triageScanNoFunction(fn) };
      const near = [known.get(offset), known.get(offset + 4)].filter((e): e is TriageEpilogueInfo => e !== undefined);
      const pair = halfAt(offset, near);
      if (pair) return { kind: pair.half === 'second' ? 'second-half' : 'first-half', epilogue: pair.update };
      return { kind: 'other-offset', known: [...known.values()] };
    },
  };
}

/** Reads and parses the file; `{error}` is one line a person can act on (naming the file, not a flag). */
export async function createScanChecker(file: string): Promise<PcChecker | { error: string }> {
  let text: string;
  try {
    const st = await stat(file);
    if (!st.isFile()) return { error: scanResultWords.notAFile(file) };
    if (st.size > MAX_SCAN_BYTES) return { error: scanResultWords.tooLarge(file, st.size) };
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { error: scanResultWords.cannotRead(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message) };
  }
  const index = parseScanResult(text);
  if ('error' in index) return { error: `${file}: ${index.error}` };
  return scanChecker(index, file);
}
