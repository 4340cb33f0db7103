// Entry of the bundled language server (dist/server.js): `node dist/server.js --stdio`.
import { runLanguageServer } from './lsp/start';

runLanguageServer();
