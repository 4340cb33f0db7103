// Forgetting a module, the one way: its background work stops, its
// diagnostics and quick fixes go, and its record is reset (trust revoked, a
// failed build) or removed (its folder left the workspace). Stopping its build
// is the scheduler's job (ModuleScheduler.cancel), done first by the callers
// that hold one. The caller sends the status notification once for a batch.
import type { ModuleStatus } from '../../../shared/protocol';
import type { BackgroundLane } from './background';
import type { CodeActionStore } from './codeActions';
import { HoverIndex } from './hover';
import type { DiagnosticsStore, ModuleRegistry } from './moduleState';

/** What the server keeps per module, apart from the scheduler that runs its analyses. */
export interface ModuleStores {
  registry: ModuleRegistry;
  diagnostics: DiagnosticsStore;
  actions: CodeActionStore;
  lane: BackgroundLane;
}

export type Forgotten =
  /** Keep the record with this status (untrusted, failed). */
  | { keep: Pick<ModuleStatus, 'state' | 'message' | 'toolchain'> }
  /** Drop the record: the module is no longer part of the workspace. */
  | { remove: true };

export function forgetModule(s: ModuleStores, root: string, how: Forgotten): void {
  s.lane.cancel(root);
  s.diagnostics.clear(root);
  s.actions.delete(root);
  if ('remove' in how) {
    s.registry.delete(root);
    return;
  }
  const rec = s.registry.get(root);
  rec.result = undefined;
  rec.functions = new Map();
  rec.hovers = new HoverIndex();
  rec.status = { moduleRoot: root, ...how.keep, findings: 0, leafFindings: 0 };
}
