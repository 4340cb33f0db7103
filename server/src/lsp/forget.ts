// Forgetting a module, the one way: its build and background work stop, its
// diagnostics and quick fixes go, and its record is reset (trust revoked, a
// failed build) or removed (its folder left the workspace, the server shuts
// down). The caller sends the status notification once for a batch.
import type { ModuleStatus } from '../../../shared/protocol';
import type { BackgroundLane } from './background';
import type { CodeActionStore } from './codeActions';
import { HoverIndex } from './hover';
import type { DiagnosticsStore, ModuleRegistry } from './moduleState';
import type { ModuleScheduler } from './scheduler';

export interface ModuleServices {
  registry: ModuleRegistry;
  diagnostics: DiagnosticsStore;
  actions: CodeActionStore;
  lane: BackgroundLane;
  /** Unset while the scheduler itself is being built. */
  scheduler?: ModuleScheduler;
}

export type Forgotten =
  /** Keep the record with this status (untrusted, failed). */
  | { keep: Pick<ModuleStatus, 'state' | 'message' | 'toolchain'>; stopBuilds: boolean }
  /** Drop the record: the module is no longer part of the workspace. */
  | { remove: true };

export function forgetModule(s: ModuleServices, root: string, how: Forgotten): void {
  if ('remove' in how || how.stopBuilds) s.scheduler?.cancel(root);
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
