// `preemptGuard/triage`: a crash log (text) and what to check it against (a
// union on the wire: binary, module or scan result) in, verdicts with their
// evidence for the editor's view out. Against a binary or a saved scan result
// it only reads bytes (allowed in an untrusted workspace); against a module it
// builds, so it needs Workspace Trust and uses that module's settings and `go`
// (goPath, vscode-go's go.goroot and go.toolsEnvVars, goos, buildFlags)
// exactly as the analysis does. The checker comes from the core's createChecker,
// as the CLI's does.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { AnalysisError } from '../core/util/errors';
import type { PcChecker } from '../core/triage/check';
import { createChecker } from '../core/triage/checker';
import { preemptedFunctions, readCrashTexts, triageInputs, type ReadInput, type TriageView } from '../core/triage/triage';
import type { CheckTarget } from '../core/triage/types';
import type { Settings, TriageParams } from '../../../shared/protocol';
import type { goForModule } from './goForModule';
import { TRIAGE_MODULE_UNTRUSTED, TRIAGE_NEEDS_TEXT, triageNotAModule, triageTextTooLong } from '../core/vocabulary';

/** A pasted log bigger than this is a mistake (a day of fleet logs is a CLI job). */
const MAX_TEXT_CHARS = 64 * 1024 * 1024;

export interface TriageDeps {
  isTrusted(): boolean;
  /** preemptGuard.* for a module root. */
  settingsFor(root: string): Promise<Settings>;
  /** The `go` the analysis of that module uses, and its environment. */
  goFor(root: string, settings: Settings): ReturnType<typeof goForModule>;
}

const invalid = (msg: string) => new ResponseError(ErrorCodes.InvalidParams, msg);

/** Serves `preemptGuard/triage` (in a job worker: lsp/jobs); params already checked by lsp/params (target is the union). */
export async function triageRequest(d: TriageDeps, params: TriageParams | undefined, token: CancellationToken): Promise<TriageView> {
  if (!params || typeof params.text !== 'string') throw invalid(TRIAGE_NEEDS_TEXT);
  if (params.text.length > MAX_TEXT_CHARS) throw invalid(triageTextTooLong(params.text.length, MAX_TEXT_CHARS));
  const target = params.target;
  const source = typeof params.source === 'string' && params.source ? params.source : 'crash log';
  const inputs = await readCrashTexts([{ name: source, text: params.text }]);
  const ac = new AbortController();
  const sub = token.onCancellationRequested(() => ac.abort());
  try {
    let checker: PcChecker | undefined;
    if (target) {
      const full = target.kind === 'module' ? await moduleTarget(d, target.path) : target;
      const c = await createChecker(full, { functions: preemptedFunctions(inputs), signal: ac.signal });
      if ('error' in c) throw target.kind === 'module' ? new ResponseError(ErrorCodes.InternalError, c.error) : invalid(c.error);
      checker = c;
    }
    return await triageInputs(inputs as ReadInput[], checker, { detail: true });
  } finally {
    sub.dispose();
  }
}

/** The module target with that module's settings and `go`; trusted workspaces only. */
async function moduleTarget(d: TriageDeps, dir: string): Promise<CheckTarget> {
  if (!d.isTrusted()) {
    throw new ResponseError(ErrorCodes.InvalidRequest, TRIAGE_MODULE_UNTRUSTED);
  }
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'go.mod')) || !statSync(root).isDirectory()) throw invalid(triageNotAModule(root));
  const settings = await d.settingsFor(root);
  let found;
  try {
    found = await d.goFor(root, settings);
  } catch (err) {
    if (err instanceof AnalysisError)
      throw new ResponseError(ErrorCodes.InternalError, `${err.message}${err.details ? `: ${err.details.split('\n')[0]}` : ''}`);
    throw err;
  }
  const { go, env } = found;
  return { kind: 'module', path: root, go: go.path, goWhy: go.why, goos: settings.goos, buildFlags: settings.buildFlags, env };
}
