// Features other parts of the project attach to the same connection. They
// get what every request of the server uses: trust, the server's environment
// and the settings (pulled per resource, or pushed by clients like neovim).
import type { Connection } from 'vscode-languageserver';
import type { Settings } from '../../../shared/protocol';
import { registerReproducer } from './reproducer';

export interface ExtensionDeps {
  isTrusted(): boolean;
  /** The environment `go` and the programs run in (the server's, or what the embedder injected). */
  env: NodeJS.ProcessEnv;
  /** The settings that apply to workspace-wide requests. */
  settings(): Promise<Settings>;
}

export function registerExtensions(connection: Connection, deps: ExtensionDeps): void {
  registerReproducer(connection, deps);
}
