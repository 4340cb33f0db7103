// The reproducer over LSP: start/stop runs (events go out as notifications
// tagged with the run id), list toolchains, say how this host runs it, and
// show a variant's disassembly before a run. Builds and runs only when trusted,
// with the same settings and environment as the analyses.
import os from 'node:os';
import { ResponseError, ErrorCodes, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { goVersionIn, installedToolchains } from '../core/toolchain/toolchain';
import { buildEnv } from '../core/repro/build';
import { chooseReproGo } from '../core/repro/chooseGo';
import { disassembleVariant, ReproRun } from '../core/repro/run';
import { planRunner, type RunnerPlan } from '../core/repro/runner';
import type { ExtensionDeps } from './extensions';
import { onGuardedRequest } from './params/guardedRequest';
import { reproDisassemblyParams, reproStartParams, reproStopParams } from './params/requestParams';
import {
  ListToolchainsRequest,
  ReproDisassemblyRequest,
  ReproEventNotification,
  ReproHostRequest,
  ReproStartRequest,
  ReproStopRequest,
  type ReproDisassembly,
  type ReproDisassemblyParams,
  type ReproEvent,
  type ReproHostInfo,
  type ReproStartParams,
  type ReproStartResult,
  type ReproStopParams,
  type ToolchainChoice,
} from '../../../shared/protocol';
import { REPRO_GODEBUG_FORM, REPRO_UNTRUSTED, reproBudgetRange } from '../core/vocabulary';

const MAX_BUDGET_SECONDS = 24 * 3600;
const MAX_ATTEMPTS = 20;
/** GODEBUG as NAME=VALUE[,NAME=VALUE] (the CLI's --godebug accepts the same). */
const GODEBUG_RE = /^[a-z0-9_.]+=[^,\s]+(?:,[a-z0-9_.]+=[^,\s]+)*$/i;

export function registerReproducer(connection: Connection, deps: ExtensionDeps): void {
  const { isTrusted, env } = deps;
  const runs = new Map<string, ReproRun>();
  let nextId = 1;
  let plan: Promise<RunnerPlan> | undefined;
  const hostPlan = () => (plan ??= planRunner());

  const untrusted = () => new ResponseError(ErrorCodes.InvalidRequest, REPRO_UNTRUSTED);

  /** The user's configured go (preemptGuard.goPath), '' when unset. */
  const configuredGo = async (): Promise<string> => (await deps.settings()).goPath;

  onGuardedRequest(connection, ReproStartRequest, reproStartParams, async (params: ReproStartParams): Promise<ReproStartResult> => {
    if (!isTrusted()) throw untrusted();
    const budget = params.budgetSeconds;
    if (!Number.isFinite(budget) || budget <= 0 || budget > MAX_BUDGET_SECONDS) {
      throw new ResponseError(ErrorCodes.InvalidParams, reproBudgetRange(MAX_BUDGET_SECONDS));
    }
    const attempts = Math.min(MAX_ATTEMPTS, Math.max(1, Math.floor(params.attempts ?? 1) || 1));
    if (params.godebug !== undefined && !GODEBUG_RE.test(params.godebug)) {
      throw new ResponseError(ErrorCodes.InvalidParams, REPRO_GODEBUG_FORM);
    }
    const runId = `repro-${nextId++}`;
    const run = new ReproRun({
      variant: params.variant,
      go: params.goPath || (await configuredGo()) || undefined,
      budgetSeconds: budget,
      attempts,
      godebug: params.godebug,
      env,
      plan: await hostPlan(),
    });
    runs.set(runId, run);
    run.on('event', (e) => {
      const event: ReproEvent = { ...e, runId };
      void connection.sendNotification(ReproEventNotification, event);
    });
    void run.verdict.finally(() => runs.delete(runId));
    return { runId };
  });

  // Resolves once the program is gone, so "stopped" in the UI means stopped.
  onGuardedRequest(connection, ReproStopRequest, reproStopParams, async (params: ReproStopParams): Promise<void> => {
    const run = runs.get(params.runId);
    if (!run) return;
    run.stop();
    await run.verdict;
  });

  onGuardedRequest(connection, ReproHostRequest, undefined, async (): Promise<ReproHostInfo> => {
    const p = await hostPlan();
    return { runner: p.runner, note: p.note, installHint: p.installHint };
  });

  // No params: the token is the handler's second argument, whatever the client sent.
  onGuardedRequest(
    connection,
    ListToolchainsRequest,
    undefined,
    async (_none: void, token: CancellationToken): Promise<ToolchainChoice[]> => {
      const out: ToolchainChoice[] = [];
      if (isTrusted()) {
        // Running a workspace-configured go is only safe in a trusted workspace.
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          const configured = await configuredGo();
          const go = await chooseReproGo(configured || undefined, env);
          const version = await goVersionIn(go.path, os.tmpdir(), buildEnv(env, 'linux'), ac.signal);
          out.push({ label: `${version} — your go (${go.why})`, path: go.path, version });
        } catch {
          // No usable go of the user's own: the installed ones below still work.
        } finally {
          sub.dispose();
        }
      }
      for (const t of installedToolchains()) {
        if (out.some((c) => c.path === t.path)) continue;
        const version = t.version ?? `go${t.minor}`;
        out.push({ label: `${version} — installed (${t.path})`, path: t.path, version });
      }
      return out;
    },
  );

  onGuardedRequest(
    connection,
    ReproDisassemblyRequest,
    reproDisassemblyParams,
    async (params: ReproDisassemblyParams, token: CancellationToken): Promise<ReproDisassembly> => {
      if (!isTrusted()) throw untrusted();
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      try {
        return await disassembleVariant({
          variant: params.variant,
          go: params.goPath || (await configuredGo()) || undefined,
          env,
          plan: await hostPlan(),
          signal: ac.signal,
        });
      } catch (err) {
        throw new ResponseError(ErrorCodes.InternalError, err instanceof Error ? err.message : String(err));
      } finally {
        sub.dispose();
      }
    },
  );

  // Never leave a reproducer running when the server goes away (exit after
  // shutdown, or the client-process watchdog): stop() kills synchronously.
  process.once('exit', () => {
    for (const r of runs.values()) r.stop();
  });
}
