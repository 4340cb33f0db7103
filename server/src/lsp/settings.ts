// Settings pulled from the client per resource (workspace/configuration,
// section `preemptGuard`, and vscode-go's section `go` for where Go is and the
// environment its tools run in; scopeUri = the module or document), cached per
// scope and dropped on workspace/didChangeConfiguration. Clients without the
// configuration capability (neovim 0.7) get what they push in
// didChangeConfiguration (`settings.preemptGuard`, `settings.go`), else defaults.
import { DEFAULT_SETTINGS, SETTINGS_SECTION, VSCODE_GO_SECTION, type Settings, type VscodeGoSettings } from '../../../shared/protocol';
import { normalizeVscodeGoSettings } from './vscodeGoSettings';
import { configurationFailedLine, goConfigurationFailedLine, ignoredSettingLine } from '../core/vocabulary';

/** Asks the client for the section at scopeUri; undefined when the client cannot. */
export type ConfigurationFetcher = (scopeUri: string, section: string) => Promise<unknown>;

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly goCache = new Map<string, Promise<VscodeGoSettings>>();
  /** The sections a client without pull support pushed, for every resource alike. */
  private pushed: unknown;
  private pushedGo: unknown;

  constructor(
    private fetch: ConfigurationFetcher | undefined,
    private readonly log: (msg: string) => void = () => undefined,
  ) {}

  /** Set at initialize, once the client's capabilities are known. */
  setFetcher(fetch: ConfigurationFetcher | undefined): void {
    this.fetch = fetch;
    this.clear();
  }

  get(scopeUri: string): Promise<Settings> {
    let hit = this.cache.get(scopeUri);
    if (!hit) {
      hit = this.load(scopeUri);
      this.cache.set(scopeUri, hit);
    }
    return hit;
  }

  /** vscode-go's settings that say where Go is and how its tools run (go.goroot, go.alternateTools, go.toolsEnvVars). */
  goSettings(scopeUri: string): Promise<VscodeGoSettings> {
    let hit = this.goCache.get(scopeUri);
    if (!hit) {
      hit = this.loadGo(scopeUri);
      this.goCache.set(scopeUri, hit);
    }
    return hit;
  }

  clear(): void {
    this.cache.clear();
    this.goCache.clear();
  }

  /** didChangeConfiguration's `settings` (the whole object): used when settings cannot be pulled. */
  setPushed(all: unknown): void {
    const sections = all && typeof all === 'object' ? (all as Record<string, unknown>) : {};
    this.pushed = sections[SETTINGS_SECTION];
    this.pushedGo = sections[VSCODE_GO_SECTION];
    this.clear();
  }

  private async loadGo(scopeUri: string): Promise<VscodeGoSettings> {
    if (!this.fetch) return normalizeVscodeGoSettings(this.pushedGo, this.log);
    try {
      return normalizeVscodeGoSettings(await this.fetch(scopeUri, VSCODE_GO_SECTION), this.log);
    } catch (e) {
      this.log(goConfigurationFailedLine(scopeUri, (e as Error).message));
      this.goCache.delete(scopeUri);
      return normalizeVscodeGoSettings(undefined);
    }
  }

  private async load(scopeUri: string): Promise<Settings> {
    if (!this.fetch) return normalizeSettings(this.pushed, this.log);
    try {
      return normalizeSettings(await this.fetch(scopeUri, SETTINGS_SECTION), this.log);
    } catch (e) {
      // A client that fails the request must not stop the analysis.
      this.log(configurationFailedLine(scopeUri, (e as Error).message));
      this.cache.delete(scopeUri);
      return { ...DEFAULT_SETTINGS };
    }
  }
}

const SEVERITIES: readonly Settings['severity'][] = ['error', 'warning', 'information', 'hint'];
const GOOSES: readonly Settings['goos'][] = ['linux', 'darwin'];

/** Field by field: a wrong type falls back to the default for that field only, and says so. */
export function normalizeSettings(raw: unknown, log: (msg: string) => void = () => undefined): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS, buildFlags: [...DEFAULT_SETTINGS.buildFlags] };
  if (raw === null || raw === undefined || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  const bad = (key: string) => log(ignoredSettingLine(SETTINGS_SECTION, key, JSON.stringify(r[key])));
  if (r.goPath !== undefined) {
    if (typeof r.goPath === 'string') out.goPath = r.goPath.trim();
    else bad('goPath');
  }
  if (r.buildFlags !== undefined) {
    if (Array.isArray(r.buildFlags) && r.buildFlags.every((f) => typeof f === 'string')) {
      out.buildFlags = (r.buildFlags as string[]).map((f) => f.trim()).filter((f) => f !== '');
    } else bad('buildFlags');
  }
  if (r.goos !== undefined) {
    if (GOOSES.includes(r.goos as Settings['goos'])) out.goos = r.goos as Settings['goos'];
    else bad('goos');
  }
  for (const key of ['scanDependencies', 'analyzeOnSave', 'analyzeOnOpen', 'codeLens'] as const) {
    if (r[key] === undefined) continue;
    if (typeof r[key] === 'boolean') out[key] = r[key] as boolean;
    else bad(key);
  }
  if (r.severity !== undefined) {
    if (SEVERITIES.includes(r.severity as Settings['severity'])) out.severity = r.severity as Settings['severity'];
    else bad('severity');
  }
  return out;
}
