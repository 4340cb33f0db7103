// The custom requests of shared/protocol.ts, each behind its params validator
// (params/): scan, list flagged functions, a function's assembly, and the two
// that read or parse much — a binary scan and a crash triage — which run in a
// worker thread (jobs/) so the server keeps answering and a `$/cancelRequest`
// stops them. The reproducer's requests register in extensions.ts.
import { AssemblyRequest, ListFunctionsRequest, ScanBinaryRequest, ScanRequest, TriageRequest } from '../../../shared/protocol';
import type { ServerContext } from './context';
import type { JobRunner } from './jobs/runner';
import { onGuardedRequest } from './params/guardedRequest';
import { assemblyParams, listFunctionsParams, scanBinaryParams, scanParams, triageParams } from './params/requestParams';
import { assembly, listFunctions, scan, type RequestDeps } from './requests';

export function registerCustomRequests(ctx: ServerContext, jobs: JobRunner): void {
  const { connection, workspace } = ctx;
  const deps: RequestDeps = {
    registry: ctx.stores.registry,
    scheduler: ctx.scheduler,
    analyser: ctx.analyser,
    modulesFor: (uri) => ctx.modules.forUri(uri),
    isTrusted: () => workspace.trusted,
    log: ctx.log,
  };
  onGuardedRequest(connection, ScanRequest, scanParams, (p) => scan(deps, p));
  onGuardedRequest(connection, ListFunctionsRequest, listFunctionsParams, (p) => listFunctions(deps, p));
  onGuardedRequest(connection, AssemblyRequest, assemblyParams, (p, token) => assembly(deps, p, token));
  // Allowed untrusted: reading a binary's bytes builds and runs nothing.
  onGuardedRequest(connection, ScanBinaryRequest, scanBinaryParams, (params, token) =>
    jobs.run('scanBinary', { params, folders: workspace.folders }, token),
  );
  // Against a module it builds: the job checks the trust it is given here.
  onGuardedRequest(connection, TriageRequest, triageParams, (params, token) =>
    jobs.run('triage', { params, trusted: workspace.trusted }, token),
  );
}
