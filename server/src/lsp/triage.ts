// `preemptGuard/triage`: a crash log (text) in, verdicts for the editor's view
// out. Against a binary or a saved scan result it only reads bytes (allowed in
// an untrusted workspace); against a module it builds, so it needs Workspace
// Trust and uses that module's settings and `go` (goPath, vscode-go's go.goroot
// and go.toolsEnvVars, goos, buildFlags) exactly as the analysis does.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { AnalysisError } from '../core/util/errors';
import { createBinaryChecker } from '../core/triage/binaryChecker';
import type { PcChecker } from '../core/triage/check';
import { createModuleChecker } from '../core/triage/moduleChecker';
import { createScanChecker } from '../core/triage/scanChecker';
import { preemptedFunctions } from '../core/triage/triage';
import { readCrashText, triageForView, type TriageView } from '../core/triage/view';
import type { Settings, TriageParams } from '../../../shared/protocol';
import type { goForModule } from './goForModule';

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

/** Serves `preemptGuard/triage` (in a job worker: lsp/jobs). */
export async function triageRequest(d: TriageDeps, params: TriageParams | undefined, token: CancellationToken): Promise<TriageView> {
  if (!params || typeof params.text !== 'string') throw invalid('triage needs the crash log text');
  if (params.text.length > MAX_TEXT_CHARS)
    throw invalid(
      `the crash log is ${params.text.length} characters; give at most ${MAX_TEXT_CHARS} (use the CLI, \`preempt-guard triage\`, for bigger logs)`,
    );
  if ([params.binaryPath, params.modulePath, params.scanPath].filter(Boolean).length > 1)
    throw invalid('give one of a binary, a module or a scan result');
  const input = await readCrashText(params.text, params.source || 'crash log');
  const ac = new AbortController();
  const sub = token.onCancellationRequested(() => ac.abort());
  try {
    let checker: PcChecker | undefined;
    if (params.binaryPath) {
      const b = await createBinaryChecker(params.binaryPath);
      if ('error' in b) throw invalid(b.error);
      checker = b;
    } else if (params.scanPath) {
      const s = await createScanChecker(params.scanPath);
      if ('error' in s) throw invalid(s.error);
      checker = s;
    } else if (params.modulePath) {
      checker = await moduleChecker(d, params.modulePath, preemptedFunctions([input]), ac.signal);
    }
    return await triageForView(input, checker);
  } finally {
    sub.dispose();
  }
}

async function moduleChecker(d: TriageDeps, dir: string, functions: Set<string>, signal: AbortSignal): Promise<PcChecker> {
  if (!d.isTrusted()) {
    throw new ResponseError(
      ErrorCodes.InvalidRequest,
      'The workspace is not trusted: checking against a module builds it. Trust the workspace, or give the binary that crashed instead.',
    );
  }
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'go.mod')) || !statSync(root).isDirectory())
    throw invalid(`${root} is not a Go module (no go.mod): give the module the binary was built from`);
  const settings = await d.settingsFor(root);
  try {
    const { go, env } = await d.goFor(root, settings);
    return await createModuleChecker({
      dir: root,
      go: go.path,
      goWhy: go.why,
      functions,
      goos: settings.goos,
      buildFlags: settings.buildFlags,
      env,
      signal,
    });
  } catch (err) {
    if (err instanceof AnalysisError)
      throw new ResponseError(ErrorCodes.InternalError, `${err.message}${err.details ? `: ${err.details.split('\n')[0]}` : ''}`);
    throw err;
  }
}
