// Reads the few vscode-go settings that choose and run `go` (go.goroot,
// go.alternateTools.go, go.toolsEnvVars) from whatever the client sent, field by
// field: a wrong type is ignored and logged, never fatal. We only read them.
// go.toolsEnvVars values get vscode-go's substitutions before they reach `go`.
import { homedir } from 'node:os';
import path from 'node:path';
import type { VscodeGoSettings } from '../../../shared/protocol';
import { ignoredGorootLine, ignoredToolsEnvVarLine } from '../core/vocabulary';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function normalizeVscodeGoSettings(raw: unknown, log: (msg: string) => void = () => undefined): VscodeGoSettings {
  const out: VscodeGoSettings = { toolsEnvVars: {} };
  if (!isObject(raw)) return out;
  if (typeof raw.goroot === 'string' && raw.goroot.trim()) out.goroot = raw.goroot.trim();
  else if (raw.goroot !== undefined && raw.goroot !== null && raw.goroot !== '') log(ignoredGorootLine(JSON.stringify(raw.goroot)));
  if (isObject(raw.alternateTools) && typeof raw.alternateTools.go === 'string' && raw.alternateTools.go.trim()) {
    out.alternateGo = raw.alternateTools.go.trim();
  }
  if (isObject(raw.toolsEnvVars)) {
    for (const [k, v] of Object.entries(raw.toolsEnvVars)) {
      if (typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) out.toolsEnvVars[k] = v;
      else log(ignoredToolsEnvVarLine(k));
    }
  }
  return out;
}

export interface SubstitutionScope {
  /** The workspace folder of the module being built: `${workspaceFolder}`, `${workspaceRoot}`. */
  workspaceFolder?: string;
  home?: string;
}

/**
 * A go.toolsEnvVars value as vscode-go hands it to its tools: `${workspaceFolder}` and
 * `${workspaceRoot}` are the module's workspace folder, `${env:NAME}` a variable of the
 * environment it runs in, and a leading `~` the home directory. Other text stays as written.
 */
export function substituteToolsEnvValue(value: string, env: NodeJS.ProcessEnv, scope: SubstitutionScope = {}): string {
  let out = value.replace(/\$\{env:([^}]*)\}/g, (_, name: string) => env[name.trim()] ?? '');
  if (scope.workspaceFolder) out = out.replace(/\$\{(?:workspaceFolder|workspaceRoot)\}/g, () => scope.workspaceFolder!);
  return out.startsWith('~') ? path.join(scope.home ?? homedir(), out.slice(1)) : out;
}

/** The environment `go` runs in: the server's, then go.toolsEnvVars on top (as vscode-go's own tools get it). */
export function goToolsEnv(base: NodeJS.ProcessEnv, go: VscodeGoSettings, scope: SubstitutionScope = {}): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [k, v] of Object.entries(go.toolsEnvVars)) env[k] = substituteToolsEnvValue(v, base, scope);
  return env;
}
