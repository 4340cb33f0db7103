// Wires one connection: builds the server's parts (context.ts), declares the
// capabilities, and registers each group of handlers — the session with the
// client (lifecycle.ts), document events (documentEvents.ts), the editor
// features (hover, code actions) and the custom requests. Policy lives in the
// registered modules; this file only connects them. New editor features:
// declare the capability in CAPABILITIES and register the handler below.
import { CodeActionKind, TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import { withoutVersions } from './codeActions';
import { createServerContext, type ServerOptions } from './context';
import { registerCustomRequests } from './customRequests';
import { registerDocumentEvents } from './documentEvents';
import { registerExtensions } from './extensions';
import { EDITOR_CAPABILITIES, registerEditorFeatures } from './editorFeatures';
import { JobRunner } from './jobs/runner';
import { registerLifecycle } from './lifecycle';
import { fileUri } from './textSource';

const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  hoverProvider: true,
  ...EDITOR_CAPABILITIES,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

export function startServer(connection: Connection, opts: ServerOptions = {}): void {
  const ctx = createServerContext(connection, opts);
  const { stores, workspace } = ctx;
  const jobs = new JobRunner({
    settingsFor: (root) => ctx.analyser.settingsFor(root),
    goFor: (root, settings) => ctx.analyser.goFor(root, settings),
    severityFor: async (uri) => (await ctx.settings.get(uri)).severity,
  });
  registerLifecycle(ctx, CAPABILITIES, () => jobs.cancelAll());
  registerDocumentEvents(ctx);

  // Editor features: hover, code lenses (refreshed after every publish), the applyFix command.
  registerEditorFeatures({
    connection,
    registry: stores.registry,
    actions: stores.actions,
    diagnostics: stores.diagnostics,
    settingsFor: (root) => ctx.analyser.settingsFor(root),
    documentChangesSupported: () => workspace.can.documentChanges,
    lensRefreshSupported: () => workspace.can.codeLensRefresh,
  });

  connection.onCodeAction((params) => {
    const found = stores.actions.lookup(params);
    return workspace.can.documentChanges ? found : found.map(withoutVersions);
  });

  registerCustomRequests(ctx, jobs);
  registerExtensions(connection, {
    isTrusted: () => workspace.trusted,
    env: ctx.env,
    // The reproducer is not tied to a module: the settings of the first workspace folder (or the pushed ones).
    settings: () => ctx.settings.get(workspace.folders[0] ? fileUri(workspace.folders[0]) : ''),
  });

  ctx.documents.listen(connection);
  connection.listen();
}
