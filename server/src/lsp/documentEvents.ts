// What opening, editing, closing and saving a document starts: a module is
// analysed once on open (when analyzeOnOpen), at once on save (when
// analyzeOnSave), and its quick fixes are tied to the document version they
// were computed for.
import type { ServerContext } from './context';
import { fileKind, moduleOfFile, modulesOfManifest, uriToPath } from './workspace';

export function registerDocumentEvents(ctx: ServerContext): void {
  const { documents, scheduler, analyser, stores, workspace } = ctx;
  const { registry, actions } = stores;

  documents.onDidOpen(async (e) => {
    const f = uriToPath(e.document.uri);
    if (!f || fileKind(f) !== 'go') return;
    const root = moduleOfFile(f);
    if (!root) return;
    // Opening does not change what is on disk: analyse a module only once on open.
    if (registry.has(root) && (registry.get(root).result || scheduler.isBusy(root))) return;
    if (!workspace.trusted) return void scheduler.schedule(root);
    if ((await analyser.settingsFor(root)).analyzeOnOpen) void scheduler.schedule(root);
    else registry.get(root);
  });

  // Quick fixes computed for an older text of a document must not apply to the new one.
  documents.onDidChangeContent((e) => actions.documentChanged(e.document.uri, e.document.version));
  documents.onDidClose((e) => actions.documentChanged(e.document.uri, null));

  documents.onDidSave(async (e) => {
    const f = uriToPath(e.document.uri);
    if (!f) return;
    const k = fileKind(f);
    if (k === 'go.mod' || k === 'go.work') return modulesOfManifest(f).forEach((r) => void scheduler.schedule(r));
    if (k !== 'go') return;
    const root = moduleOfFile(f);
    // A save is one deliberate event: build at once (saves during a build coalesce into the next one).
    if (root && (await analyser.settingsFor(root)).analyzeOnSave) void scheduler.schedule(root, { immediate: true });
  });
}
