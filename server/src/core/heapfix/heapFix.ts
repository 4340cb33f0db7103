// "Move `buf` to the heap": the quick fix for LEAF split-epilogue findings,
// whose only remedy is a smaller frame (a toolchain upgrade does not fix
// leaf epilogues, see the notes).
//
// For the language server:
//   const r = await proposeHeapFix({ finding, fileText, moduleRoot, go, env, goos, buildFlags, signal });
//   if (r.ok) offer a CodeAction titled r.title with r.edits (LSP ranges, UTF-16
//   characters, non-overlapping, in order) on finding.file; else log r.reason.
// `fileText` is the file as the editor has it (unsaved edits count); the
// candidate rewrites are compiled through `go build -overlay` and the fix is
// offered only when the package builds and the function has no finding left.
// It runs one build per candidate (at most three); aborting `signal` kills
// the build and rejects with AnalysisError code 'cancelled' (analyzeModule's
// own errors, e.g. 'no-go', propagate too). Temp files are always removed.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeModule } from '../listing/analyze';
import { AnalysisError } from '../util/errors';
import { readGoModDirectives } from '../toolchain/gomod';
import { lineIndex, tokenizeGo } from './goLexer';
import { findLargeLocal, type LargeLocal } from './locate';
import { candidateRewrites, type Candidate, type HeapFixEdit, type HeapFixStrategy } from './rewrite';
import { classifyUses } from './uses';
import { makeTempDirSync } from '../util/tempDir';
import type { Finding } from '../types';
import { heapFixTitle, heapFixWords } from '../vocabulary/heapfix';

export type { Candidate, HeapFixEdit, HeapFixStrategy } from './rewrite';

export interface HeapFixPlanInput {
  finding: Pick<Finding, 'function' | 'declLine' | 'frameSize' | 'leaf'>;
  fileText: string;
  /** Other non-test .go files of the package (constants and types they declare, names in use). */
  packageTexts?: string[];
  /** go.mod's go line. */
  langVersion?: string;
}

export type HeapFixPlan = { ok: true; local: LargeLocal; candidates: Candidate[]; skipped: string[] } | { ok: false; reason: string };

/** The pure part: locate the local, check its uses, rank the rewrites. */
export function planHeapFix(input: HeapFixPlanInput): HeapFixPlan {
  if (!input.finding.leaf) return { ok: false, reason: heapFixWords.notLeaf };
  const found = findLargeLocal({
    fileText: input.fileText,
    symbol: input.finding.function,
    declLine: input.finding.declLine,
    frameSize: input.finding.frameSize,
    packageTexts: input.packageTexts,
  });
  if (!found.ok) return found;
  const { local, toks } = found;
  const uses = classifyUses(toks, local.name, local.scopeFrom, local.scopeTo, lineIndex(input.fileText).lineOf);
  if (!uses.ok) return { ok: false, reason: uses.reason };
  const taken = new Set<string>();
  for (const text of [input.fileText, ...(input.packageTexts ?? [])])
    for (const t of tokenizeGo(text)) if (t.kind === 'ident') taken.add(t.text);
  const { candidates, skipped } = candidateRewrites(local, uses.uses, {
    fileText: input.fileText,
    langVersion: input.langVersion,
    takenNames: taken,
  });
  if (candidates.length === 0) return { ok: false, reason: heapFixWords.noValidRewrite(local.name, skipped) };
  return { ok: true, local, candidates, skipped };
}

export interface HeapFixInput {
  finding: Finding;
  fileText: string;
  moduleRoot: string;
  /** The go binary the analysis used. */
  go: string;
  env: NodeJS.ProcessEnv;
  goos?: 'linux' | 'darwin';
  buildFlags?: string[];
  signal?: AbortSignal;
}

export interface HeapFixTry {
  strategy: HeapFixStrategy;
  outcome: 'verified' | 'build-failed' | 'finding-remains';
  detail?: string;
}

export type HeapFixResult =
  | { ok: true; title: string; edits: HeapFixEdit[]; strategy: HeapFixStrategy; verifiedWith: string; local: string; tried: HeapFixTry[] }
  | { ok: false; reason: string; tried: HeapFixTry[] };

export async function proposeHeapFix(input: HeapFixInput): Promise<HeapFixResult> {
  const file = path.resolve(input.finding.file);
  const dir = path.dirname(file);
  const plan = planHeapFix({
    finding: input.finding,
    fileText: input.fileText,
    packageTexts: siblingGoFiles(file),
    langVersion: goLine(input.moduleRoot),
  });
  if (!plan.ok) return { ok: false, reason: plan.reason, tried: [] };
  const tmp = makeTempDirSync('heapfix');
  const tried: HeapFixTry[] = [];
  try {
    for (const c of plan.candidates) {
      if (input.signal?.aborted) throw new AnalysisError('cancelled', heapFixWords.cancelled);
      const edited = path.join(tmp, `${c.strategy}.go`);
      const overlay = path.join(tmp, `${c.strategy}.json`);
      writeFileSync(edited, c.text);
      writeFileSync(overlay, JSON.stringify({ Replace: { [file]: edited } }));
      const rel = path.relative(path.resolve(input.moduleRoot), dir);
      const result = await analyzeModule({
        dir: input.moduleRoot,
        go: input.go,
        env: input.env,
        goos: input.goos,
        buildFlags: input.buildFlags,
        overlay,
        packages: [rel === '' ? '.' : `./${rel.split(path.sep).join('/')}`],
        keepFunctions: false,
        signal: input.signal,
      });
      if (result.cancelled) throw new AnalysisError('cancelled', heapFixWords.cancelled);
      if (result.errors.length > 0) {
        tried.push({
          strategy: c.strategy,
          outcome: 'build-failed',
          detail: result.errors
            .map((e) => e.message)
            .join('\n')
            .slice(0, 500),
        });
        continue;
      }
      if (result.listingBytes === 0) {
        tried.push({ strategy: c.strategy, outcome: 'build-failed', detail: heapFixWords.noListing });
        continue;
      }
      // Only this package was built, so the symbol alone names the function
      // (matching paths too could pass vacuously if they were spelled differently).
      const left = result.findings.filter((f) => f.function === input.finding.function);
      if (left.length > 0) {
        tried.push({ strategy: c.strategy, outcome: 'finding-remains', detail: heapFixWords.frameLeft(left[0].frameSize) });
        continue;
      }
      tried.push({ strategy: c.strategy, outcome: 'verified' });
      return {
        ok: true,
        title: heapFixTitle(plan.local.name),
        edits: c.edits,
        strategy: c.strategy,
        verifiedWith: result.toolchain.version,
        local: plan.local.name,
        tried,
      };
    }
    return {
      ok: false,
      reason: heapFixWords.noneVerified(
        plan.local.name,
        tried.map((t) => `${t.strategy} ${t.outcome}`),
      ),
      tried,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Non-test .go files beside `file` (same package, by Go's rules of one package per directory). */
function siblingGoFiles(file: string): string[] {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && path.join(dir, n) !== file)
    .map((n) => {
      try {
        return readFileSync(path.join(dir, n), 'utf8');
      } catch {
        return '';
      }
    });
}

function goLine(moduleRoot: string): string | undefined {
  try {
    return readGoModDirectives(readFileSync(path.join(moduleRoot, 'go.mod'), 'utf8')).go?.value;
  } catch {
    return undefined;
  }
}
