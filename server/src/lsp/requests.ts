// The custom requests of shared/protocol.ts: scan, list flagged functions, a
// function's assembly listing.
import type { CancellationToken } from 'vscode-languageserver';
import { analyzeModule } from '../core/listing/analyze';
import { assemblyLines, assemblyText } from '../core/listing/assembly';
import type { FunctionListing } from '../core/types';
import type {
  AssemblyParams,
  AssemblyResult,
  FunctionSummary,
  ListFunctionsParams,
  ModuleStatus,
  ScanParams,
  ScanResult,
} from '../../../shared/protocol';
import { groupByFunction } from './diagnostics';
import type { Analyser } from './analyser';
import type { ModuleRegistry } from './moduleState';
import type { ModuleScheduler } from './scheduler';
import { assemblyFailedLine } from '../core/vocabulary';

export interface RequestDeps {
  registry: ModuleRegistry;
  scheduler: ModuleScheduler;
  analyser: Analyser;
  isTrusted(): boolean;
  /** Modules a URI (file or folder) stands for; all workspace modules when undefined. */
  modulesFor(uri: string | undefined): string[];
  log(msg: string): void;
}

export async function scan(d: RequestDeps, params: ScanParams): Promise<ScanResult> {
  const roots = d.modulesFor(params.uri);
  await Promise.all(roots.map((r) => d.scheduler.schedule(r, { immediate: true })));
  const wanted = new Set(roots);
  return { modules: d.registry.statuses().filter((s: ModuleStatus) => wanted.has(s.moduleRoot)) };
}

export function listFunctions(d: RequestDeps, params: ListFunctionsParams): FunctionSummary[] {
  const roots = new Set(params.uri ? d.modulesFor(params.uri) : d.registry.all().map((r) => r.root));
  const out: FunctionSummary[] = [];
  for (const rec of d.registry.all()) {
    if (!roots.has(rec.root) || !rec.result) continue;
    for (const g of groupByFunction(rec.result.findings)) {
      out.push({ symbol: g.symbol, file: g.file, declLine: g.declLine, findings: g.findings.length });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.declLine - b.declLine);
}

export async function assembly(d: RequestDeps, params: AssemblyParams, token: CancellationToken): Promise<AssemblyResult | null> {
  for (const root of d.modulesFor(params.uri)) {
    const rec = d.registry.get(root);
    let fn: FunctionListing | undefined = rec.functions.get(params.symbol);
    let toolchain = rec.result?.toolchain.version;
    if (!fn) {
      // Not flagged, so not kept: build once more keeping just this function (a cached build replays fast).
      if (!d.isTrusted()) return null;
      const settings = await d.analyser.settingsFor(root);
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const { go, env } = await d.analyser.goFor(root, settings);
        const r = await analyzeModule({
          dir: root,
          go: go.path,
          goWhy: go.why,
          env,
          signal: controller.signal,
          deps: settings.scanDependencies,
          goos: settings.goos,
          buildFlags: settings.buildFlags,
          keepAllFunctions: (s) => s === params.symbol,
        });
        fn = r.functions.find((f) => f.symbol === params.symbol);
        toolchain = r.toolchain.version;
      } catch (e) {
        d.log(assemblyFailedLine(params.symbol, root, e instanceof Error ? e.message : String(e)));
      } finally {
        sub.dispose();
      }
    }
    if (!fn || !toolchain) continue;
    const lines = await assemblyLines(fn);
    return {
      symbol: fn.symbol,
      toolchain,
      frameSize: fn.frameSize,
      leaf: fn.leaf,
      lines,
      text: assemblyText(fn, lines, toolchain),
    };
  }
  return null;
}
