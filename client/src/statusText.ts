// Turns the server's per-module status into what the language status item
// shows. Pure (no `vscode`), so unit tests can check every wording.
import type { ModuleStatus } from '../../shared/protocol';

export type StatusSeverity = 'information' | 'warning' | 'error';

export interface StatusView {
  text: string;
  detail: string;
  severity: StatusSeverity;
  busy: boolean;
}

const WAITING: StatusView = { text: 'Preempt Guard', detail: 'waiting for the first analysis', severity: 'information', busy: false };

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

function findingsText(m: ModuleStatus): string {
  if (m.findings === 0) return 'no split epilogues';
  const leaf = m.leafFindings > 0 ? ` (${m.leafFindings} in leaf functions)` : '';
  return `${m.findings} split epilogue${m.findings === 1 ? '' : 's'}${leaf}`;
}

/** What one module's state reads like. */
export function viewOfModule(m: ModuleStatus): StatusView {
  const tc = m.toolchain;
  const version = tc ? tc.version : '';
  const note = m.message ? ` — ${m.message}` : '';
  switch (m.state) {
    case 'untrusted':
      return {
        text: 'untrusted: not analysed',
        detail: m.message ?? 'Workspace is not trusted: Preempt Guard builds and runs nothing.',
        severity: 'warning',
        busy: false,
      };
    case 'analysing':
      return { text: version ? `${version}: analysing…` : 'analysing…', detail: `${m.moduleRoot}`, severity: 'information', busy: true };
    case 'failed':
      return {
        text: version ? `${version}: build failed` : 'build failed',
        detail: `${m.message ?? 'go build failed'} (see the log)`,
        severity: 'error',
        busy: false,
      };
    case 'idle':
      if (!tc) return { ...WAITING, detail: `${m.moduleRoot}: not analysed yet` };
      break;
    default:
      break;
  }
  if (!tc)
    return { text: findingsText(m), detail: `${m.moduleRoot}${note}`, severity: m.findings > 0 ? 'warning' : 'information', busy: false };
  const verdict = tc.nonLeafFixed ? 'fixed for non-leaf' : 'affected';
  const requested = tc.requested ? `; go.mod asks for ${tc.requested}` : '';
  return {
    text: `${version}: ${verdict}`,
    detail: `${findingsText(m)}${requested}${note}`,
    severity: m.findings > 0 ? 'warning' : 'information',
    busy: false,
  };
}

/**
 * The view for the active file: its module if known, else a summary of all.
 * Any module still building makes the item busy.
 */
export function statusView(modules: ModuleStatus[], activeFile?: string): StatusView {
  if (modules.length === 0) return WAITING;
  const own = moduleFor(modules, activeFile);
  if (own) return viewOfModule(own);
  if (modules.length === 1) return viewOfModule(modules[0]);
  const busy = modules.some((m) => m.state === 'analysing');
  if (modules.every((m) => m.state === 'untrusted')) return viewOfModule(modules[0]);
  const versions = [...new Set(modules.flatMap((m) => (m.toolchain ? [m.toolchain.version] : [])))];
  const anyAffected = modules.some((m) => m.toolchain && !m.toolchain.nonLeafFixed);
  const findings = modules.reduce((n, m) => n + m.findings, 0);
  const leaf = modules.reduce((n, m) => n + m.leafFindings, 0);
  const verdict = busy ? 'analysing…' : anyAffected ? 'affected' : versions.length ? 'fixed for non-leaf' : 'not analysed';
  return {
    text: versions.length ? `${versions.join(', ')}: ${verdict}` : verdict,
    detail: `${modules.length} modules, ${findingsText({ moduleRoot: '', state: 'idle', findings, leafFindings: leaf })}`,
    severity: modules.some((m) => m.state === 'failed') ? 'error' : findings > 0 ? 'warning' : 'information',
    busy,
  };
}
