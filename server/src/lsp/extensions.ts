// Features other parts of the project attach to the same connection
// (the reproducer lands in ./reproducer.ts).
import type { Connection } from 'vscode-languageserver';

export function registerExtensions(_connection: Connection, _isTrusted: () => boolean): void {
  // reproducer: registered once server/src/lsp/reproducer.ts exists.
}
