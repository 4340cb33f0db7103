// What the server knows per module (status, last result, hover targets) and
// the published diagnostics: a URI can get diagnostics from several modules
// (a dependency shared in a go.work), so publish the union and clear URIs
// that no module reports on any more.
import type { Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult, FunctionListing } from '../core/types';
import type { ModuleStatus } from '../../../shared/protocol';
import { HoverIndex } from './hover';

export interface ModuleRecord {
  root: string;
  status: ModuleStatus;
  result?: AnalysisResult;
  /** Flagged functions by symbol, Progs and code kept (hover, assembly view). */
  functions: Map<string, FunctionListing>;
  hovers: HoverIndex;
  /** The environment the last analysis ran `go` in (server env + go.toolsEnvVars). */
  env?: NodeJS.ProcessEnv;
}

export class ModuleRegistry {
  private readonly records = new Map<string, ModuleRecord>();

  get(root: string): ModuleRecord {
    let r = this.records.get(root);
    if (!r) {
      r = {
        root,
        status: { moduleRoot: root, state: 'idle', findings: 0, leafFindings: 0 },
        functions: new Map(),
        hovers: new HoverIndex(),
      };
      this.records.set(root, r);
    }
    return r;
  }

  delete(root: string): void {
    this.records.delete(root);
  }

  has(root: string): boolean {
    return this.records.has(root);
  }

  all(): ModuleRecord[] {
    return [...this.records.values()];
  }

  statuses(): ModuleStatus[] {
    return this.all().map((r) => r.status);
  }
}

export type Publish = (uri: string, diagnostics: Diagnostic[]) => void;

export class DiagnosticsStore {
  private readonly byModule = new Map<string, Map<string, Diagnostic[]>>();
  private readonly published: (() => void)[] = [];

  constructor(private readonly publish: Publish) {}

  /** Called after each set() has published (code lenses follow the diagnostics). */
  onPublished(listener: () => void): void {
    this.published.push(listener);
  }

  /** Replaces one module's diagnostics and publishes every URI whose set changed. */
  set(moduleRoot: string, next: Map<string, Diagnostic[]>): void {
    const before = this.byModule.get(moduleRoot) ?? new Map<string, Diagnostic[]>();
    this.byModule.set(moduleRoot, next);
    const touched = new Set([...before.keys(), ...next.keys()]);
    for (const uri of touched) this.publish(uri, this.union(uri));
    for (const l of this.published) l();
  }

  clear(moduleRoot: string): void {
    this.set(moduleRoot, new Map());
  }

  get(uri: string): Diagnostic[] {
    return this.union(uri);
  }

  private union(uri: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const m of this.byModule.values()) out.push(...(m.get(uri) ?? []));
    return out;
  }
}
