// "Move `buf` to the heap" quick fixes for leaf findings, verified on the
// background lane after the analysis (core/heapfix/heapFix.ts compiles each candidate
// through `go build -overlay`), so diagnostics and other builds never wait for
// them. Each fix is an edit of the document version it was computed from.
// When some are ready the module's diagnostics are published again, which
// makes clients ask for code actions anew (there is no codeAction/refresh).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CodeActionKind, type CodeAction, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { proposeHeapFix, type HeapFixResult } from '../core/heapfix/heapFix';
import type { Settings } from '../../../shared/protocol';
import type { BackgroundLane } from './background';
import { sameDiagnostic, versionedAction, versionedEdit, type CodeActionStore } from './codeActions';
import { groupByFunction } from './diagnostics';
import type { Limiter } from './limiter';
import type { DiagnosticsStore, ModuleRecord } from './moduleState';
import type { ModuleOutcome } from './moduleOutcome';
import { fileUri, TextSource } from './textSource';
import { heapFixDroppedLine, heapFixesLine, heapFixVerifiedLine, noHeapFixLine } from '../core/vocabulary';

export interface HeapFixDeps {
  connection: Connection;
  actions: CodeActionStore;
  diagnostics: DiagnosticsStore;
  documents: TextDocuments<TextDocument>;
  env: NodeJS.ProcessEnv;
  lane: BackgroundLane;
  /** Verification yields to analyses: it starts a build only when none runs. */
  limiter: Limiter;
}

/** Called once an analysis is published; queues its background work and returns at once. */
export type AfterAnalysis = (record: ModuleRecord, outcome: ModuleOutcome, settings: Settings) => void;

/** The package's sources as the fix verification sees them: the file (editor text) and its .go siblings. */
function packageHash(file: string, fileText: string): string {
  const h = createHash('sha256').update(file).update('\0').update(fileText);
  const dir = path.dirname(file);
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.go') && path.join(dir, n) !== file)
      .sort();
  } catch {
    /* gone */
  }
  for (const n of names) {
    h.update('\0').update(n).update('\0');
    try {
      h.update(readFileSync(path.join(dir, n)));
    } catch {
      /* gone */
    }
  }
  return h.digest('hex');
}

const CACHE_LIMIT = 200;

export function heapFixHook(d: HeapFixDeps): AfterAnalysis {
  // A save elsewhere in the module must not re-verify fixes of unchanged packages (one build per candidate).
  const cache = new Map<string, HeapFixResult>();
  const verify = async (record: ModuleRecord, outcome: ModuleOutcome, settings: Settings, signal: AbortSignal): Promise<void> => {
    const result = record.result;
    if (!result) return;
    const groups = groupByFunction(outcome.classified.module).filter((g) => g.leaf);
    if (groups.length === 0) return;
    const text = new TextSource(d.documents);
    const console = d.connection.console;
    let verified = 0;
    for (const g of groups) {
      if (signal.aborted) return;
      const finding = g.findings.find((f) => f.kind === 'split-sp-update') ?? g.findings[0];
      const source = text.versioned(g.file);
      if (source === undefined) continue;
      const fileText = source.text;
      const key = [
        result.toolchain.path,
        result.toolchain.version,
        settings.goos,
        settings.buildFlags.join(' '),
        g.symbol,
        g.declLine,
        finding.frameSize,
        packageHash(g.file, fileText),
      ].join('|');
      let r = cache.get(key);
      const cached = !!r;
      if (!r) {
        await d.limiter.whenIdle(signal);
        r = await proposeHeapFix({
          finding,
          fileText,
          moduleRoot: record.root,
          go: result.toolchain.path,
          env: record.env ?? d.env,
          goos: settings.goos,
          buildFlags: settings.buildFlags,
          signal,
        });
        if (signal.aborted) return;
        cache.set(key, r);
        if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      }
      if (!r.ok) {
        console.log(noHeapFixLine(g.symbol, r.reason, cached));
        continue;
      }
      const uri = fileUri(g.file);
      // Edited while verifying: the fix belongs to text the editor no longer has.
      if ((d.documents.get(uri)?.version ?? null) !== source.version) {
        console.log(heapFixDroppedLine(g.symbol, g.file));
        continue;
      }
      // The function's diagnostics as published: one per return site, each pointing at this declaration.
      const lines = new Set(g.findings.map((f) => f.line - 1));
      const published = (outcome.diagnostics.get(uri) ?? []).filter(
        (x) => lines.has(x.range.start.line) && x.relatedInformation?.[0]?.location.range.start.line === g.declLine - 1,
      );
      const action: CodeAction = {
        title: r.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: published.filter((x, i) => published.findIndex((y) => sameDiagnostic(x, y)) === i),
        isPreferred: true,
        edit: versionedEdit(
          uri,
          source.version,
          r.edits.map((e) => ({ range: { start: e.start, end: e.end }, newText: e.newText })),
        ),
      };
      d.actions.add(record.root, uri, [versionedAction(action, uri, source.version)]);
      verified++;
      console.log(heapFixVerifiedLine(g.symbol, r.title, r.strategy, r.verifiedWith, cached));
    }
    if (verified > 0) d.diagnostics.set(record.root, outcome.diagnostics);
    console.log(heapFixesLine(record.root, verified, groups.length));
  };
  return (record, outcome, settings) => {
    void d.lane.start(record.root, (signal) => verify(record, outcome, settings, signal));
  };
}
