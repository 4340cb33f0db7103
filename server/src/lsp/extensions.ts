// Features other parts of the project attach to the same connection.
import type { Connection } from 'vscode-languageserver';
import { registerReproducer } from './reproducer';

export function registerExtensions(connection: Connection, isTrusted: () => boolean): void {
  registerReproducer(connection, isTrusted);
}
