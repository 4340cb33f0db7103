// The one way the CLI and the language server get a checker: what to check
// crashes against (CheckTarget: the binary that crashed, its module's source,
// or a saved scan result) in, a PcChecker or one line saying why not out.
import { AnalysisError } from '../util/errors';
import { createBinaryChecker } from './binaryChecker';
import type { PcChecker } from './check';
import { createModuleChecker } from './moduleChecker';
import { createScanChecker } from './scanChecker';
import type { CheckTarget } from './types';

export interface CheckerContext {
  /** The preempted functions the crashes name (a module build keeps their code). */
  functions: Iterable<string>;
  signal?: AbortSignal;
}

/** Never throws for a bad target: `{error}` is one line naming the file. */
export async function createChecker(target: CheckTarget, ctx: CheckerContext): Promise<PcChecker | { error: string }> {
  switch (target.kind) {
    case 'binary':
      return createBinaryChecker(target.path);
    case 'scan':
      return createScanChecker(target.path);
    case 'module':
      try {
        return await createModuleChecker({ ...target, dir: target.path, functions: ctx.functions, signal: ctx.signal });
      } catch (err) {
        if (err instanceof AnalysisError) return { error: `${err.message}${err.details ? `: ${err.details.split('\n')[0]}` : ''}` };
        throw err;
      }
  }
}
