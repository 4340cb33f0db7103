// Which listed function the cursor is in: the one in the active file whose
// declaration is the last at or above the cursor line. Pure, no `vscode`.
import type { FunctionSummary } from '../../shared/protocol';

/** `file` of a summary may be a path or a file URI; match either form. */
export function functionAtLine(fns: FunctionSummary[], filePath: string, fileUri: string, line: number): FunctionSummary | undefined {
  let best: FunctionSummary | undefined;
  for (const f of fns) {
    if (f.file !== filePath && f.file !== fileUri) continue;
    if (f.declLine <= line && (!best || f.declLine > best.declLine)) best = f;
  }
  return best;
}
