// Turns the server's per-module status into what the language status item
// shows in one glance: the toolchain and the hazard count of the active file's
// module as text; every module with its toolchain and count, and the time of
// the last analysis, as detail. Pure (no `vscode`), so unit tests can check
// every wording; the words come from core/vocabulary.
import type { ModuleStatus } from '../../shared/protocol';
import {
  hazardCount,
  lastAnalysis,
  moduleStatusLine,
  moduleStatusText,
  modulesSummary,
  STATUS_WORDS,
} from '../../server/src/core/vocabulary';

export type StatusSeverity = 'information' | 'warning' | 'error';

export interface StatusView {
  text: string;
  detail: string;
  severity: StatusSeverity;
  busy: boolean;
}

/** When each module's last analysis finished (already formatted), by module root. */
export type AnalysedAt = ReadonlyMap<string, string>;

const WAITING: StatusView = { text: STATUS_WORDS.name, detail: STATUS_WORDS.waiting, severity: 'information', busy: false };

/** The module whose root contains `filePath` (longest root wins), else undefined. */
export function moduleFor(modules: ModuleStatus[], filePath: string | undefined): ModuleStatus | undefined {
  if (!filePath) return undefined;
  let best: ModuleStatus | undefined;
  for (const m of modules) {
    const root = m.moduleRoot.endsWith('/') ? m.moduleRoot : m.moduleRoot + '/';
    if ((filePath === m.moduleRoot || filePath.startsWith(root)) && (!best || m.moduleRoot.length > best.moduleRoot.length)) best = m;
  }
  return best;
}

/** Hazards of a module: one per return site (older servers only count findings). */
export function hazardsOf(m: ModuleStatus): number {
  return m.hazards ?? m.findings;
}

function moduleName(root: string): string {
  const parts = root.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? root;
}

function line(m: ModuleStatus): string {
  return moduleStatusLine(moduleName(m.moduleRoot), {
    version: m.toolchain?.version,
    nonLeafFixed: m.toolchain?.nonLeafFixed,
    hazards: hazardsOf(m),
    state: m.state,
  });
}

/** `e2e-demo: go1.24.4 (splits non-leaf), 3 hazards · last analysis 17:42:05 · go.mod asks for …`. */
function detailOf(ms: ModuleStatus[], at: AnalysedAt): string {
  const times = ms.flatMap((m) => (at.get(m.moduleRoot) ? [at.get(m.moduleRoot)!] : [])).sort();
  const notes = ms.flatMap((m) => (m.message && m.state !== 'untrusted' ? [m.message] : []));
  const parts = [ms.map(line).join('; ')];
  if (times.length) parts.push(lastAnalysis(times[times.length - 1]));
  return [...parts, ...notes].join(' · ');
}

/** The active module's detail, short (its toolchain and count are the text): `e2e-demo, last analysis 17:42:05 · note`. */
function ownDetail(m: ModuleStatus, at: AnalysedAt): string {
  const time = at.get(m.moduleRoot);
  const head = time ? `${moduleName(m.moduleRoot)}, ${lastAnalysis(time)}` : moduleName(m.moduleRoot);
  return [head, ...(m.message ? [m.message] : [])].join(' · ');
}

function severityOf(ms: ModuleStatus[]): StatusSeverity {
  if (ms.some((m) => m.state === 'failed')) return 'error';
  return ms.some((m) => hazardsOf(m) > 0 || m.state === 'untrusted') ? 'warning' : 'information';
}

/** What one module's state reads like. */
export function viewOfModule(m: ModuleStatus, at: AnalysedAt = new Map()): StatusView {
  const version = m.toolchain?.version;
  const busy = m.state === 'analysing';
  switch (m.state) {
    case 'untrusted':
      return { text: STATUS_WORDS.untrusted, detail: m.message ?? STATUS_WORDS.untrustedDetail, severity: 'warning', busy: false };
    case 'analysing':
      return {
        text: version ? `${version}: ${STATUS_WORDS.analysing}` : STATUS_WORDS.analysing,
        detail: m.moduleRoot,
        severity: 'information',
        busy,
      };
    case 'failed':
      return {
        text: version ? `${version}: ${STATUS_WORDS.buildFailed}` : STATUS_WORDS.buildFailed,
        detail: `${m.message ?? STATUS_WORDS.buildFailed} ${STATUS_WORDS.seeLog}`,
        severity: 'error',
        busy: false,
      };
    case 'idle':
      if (!version) return { ...WAITING, detail: `${m.moduleRoot}: ${STATUS_WORDS.notAnalysedYet}` };
      break;
    default:
      break;
  }
  return {
    text: version ? moduleStatusText(version, hazardsOf(m)) : hazardCount(hazardsOf(m)),
    detail: ownDetail(m, at),
    severity: severityOf([m]),
    busy: false,
  };
}

/**
 * The view for the active file: its module if known, else all modules in one
 * line each. Any module still building makes the item busy.
 */
export function statusView(modules: ModuleStatus[], activeFile?: string, at: AnalysedAt = new Map()): StatusView {
  if (modules.length === 0) return WAITING;
  const own = moduleFor(modules, activeFile) ?? (modules.length === 1 ? modules[0] : undefined);
  if (own) {
    const v = viewOfModule(own, at);
    // The other modules, in one glance too.
    const others = modules.filter((m) => m !== own);
    const done = own.state === 'affected' || own.state === 'clean';
    return others.length && done ? { ...v, detail: `${v.detail}; ${others.map(line).join('; ')}` } : v;
  }
  if (modules.every((m) => m.state === 'untrusted')) return viewOfModule(modules[0], at);
  const busy = modules.some((m) => m.state === 'analysing');
  const hazards = modules.reduce((n, m) => n + hazardsOf(m), 0);
  return {
    text: busy ? STATUS_WORDS.analysing : modulesSummary(modules.length, hazards),
    detail: detailOf(modules, at),
    severity: severityOf(modules),
    busy,
  };
}
