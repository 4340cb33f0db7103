// The `go` a module is built with and the environment it runs in, from the
// module's settings: preemptGuard.goPath, else vscode-go's go.alternateTools.go
// and go.goroot, else PATH and the usual install places (core/toolchain/goLocator.ts);
// go.toolsEnvVars (with vscode-go's substitutions) on top of the server's environment.
import type { GoChoice } from '../core/toolchain/goLocator';
import { resolveGo } from '../core/toolchain/toolchain';
import type { Settings } from '../../../shared/protocol';
import type { SettingsCache } from './settings';
import { goToolsEnv } from './vscodeGoSettings';

export async function goForModule(
  cache: SettingsCache,
  scopeUri: string,
  settings: Settings,
  baseEnv: NodeJS.ProcessEnv,
  /** The module's workspace folder, for `${workspaceFolder}` in go.toolsEnvVars. */
  workspaceFolder?: string,
): Promise<{ go: GoChoice; env: NodeJS.ProcessEnv }> {
  const vsgo = await cache.goSettings(scopeUri);
  const env = goToolsEnv(baseEnv, vsgo, { workspaceFolder });
  const go = await resolveGo({ configured: settings.goPath || undefined, alternateGo: vsgo.alternateGo, goroot: vsgo.goroot, env });
  return { go, env };
}
