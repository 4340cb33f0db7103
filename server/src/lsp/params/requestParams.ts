// One validator per custom request with params, typed from shared/protocol.ts:
// what each handler may rely on once the params passed the boundary.
import type {
  AssemblyParams,
  ListFunctionsParams,
  ReproDisassemblyParams,
  ReproStartParams,
  ReproStopParams,
  ScanBinaryParams,
  ScanParams,
  TriageParams,
  TriageTarget,
} from '../../../../shared/protocol';
import { VARIANTS } from '../../core/repro/programs';
import { finiteNumber, flag, nonEmptyText, oneOf, optional, optionalRecord, record, text } from './check';

export const scanParams = optionalRecord<ScanParams>({ uri: optional(text) });
export const listFunctionsParams = optionalRecord<ListFunctionsParams>({ uri: optional(text) });
export const assemblyParams = record<AssemblyParams>({ symbol: nonEmptyText, uri: text });
export const scanBinaryParams = record<ScanBinaryParams>({ path: nonEmptyText, all: optional(flag) });
/** What triage checks against: `{kind: binary | module | scan, path}`. */
const triageTarget = record<TriageTarget>({ kind: oneOf(['binary', 'module', 'scan'] as const), path: nonEmptyText });
export const triageParams = record<TriageParams>({
  text,
  source: optional(text),
  target: optional((v) => triageTarget(v)),
});
export const reproStartParams = record<ReproStartParams>({
  variant: oneOf(VARIANTS),
  goPath: optional(text),
  budgetSeconds: finiteNumber,
  attempts: optional(finiteNumber),
  godebug: optional(text),
});
export const reproStopParams = record<ReproStopParams>({ runId: text });
export const reproDisassemblyParams = record<ReproDisassemblyParams>({ variant: oneOf(VARIANTS), goPath: optional(text) });
