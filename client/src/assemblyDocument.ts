// Read-only `preempt-guard-asm:` documents: a function's listing, fetched
// from the server with AssemblyRequest, shown with the go-asm-listing grammar.
// The split pairs are highlighted (line background, overview ruler) and the
// first one is scrolled into the middle of the editor when it opens.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ASSEMBLY_SCHEME, AssemblyRequest } from '../../shared/protocol';
import { asmPath, asmQuery, parseAsmQuery, type AsmTarget } from './asmUri';
import { asmNoListing, asmNotAnAddress, asmServerNotRunning, FP_MARK, SP_MARK } from '../../server/src/core/vocabulary';

export const ASM_LANGUAGE_ID = 'go-asm-listing';

export class AssemblyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private readonly splitLines = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('inputValidation.warningBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(ASSEMBLY_SCHEME, this);
    const decorateVisible = () => vscode.window.visibleTextEditors.forEach((e) => this.decorate(e));
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors(decorateVisible),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === ASSEMBLY_SCHEME) decorateVisible();
      }),
    ];
  }

  /** Lines of the split pairs: each mark line and the two instructions around it. */
  static splitRanges(doc: vscode.TextDocument): vscode.Range[] {
    const out: vscode.Range[] = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const t = doc.lineAt(i).text;
      if (t.startsWith('//') || !(t.includes(SP_MARK) || t.includes(FP_MARK))) continue;
      out.push(new vscode.Range(Math.max(0, i - 1), 0, Math.min(doc.lineCount - 1, i + 1), 0));
    }
    return out;
  }

  private decorate(editor: vscode.TextEditor): void {
    if (editor.document.uri.scheme !== ASSEMBLY_SCHEME) return;
    editor.setDecorations(this.splitLines, AssemblyDocuments.splitRanges(editor.document));
  }

  static uriFor(t: AsmTarget): vscode.Uri {
    return vscode.Uri.from({ scheme: ASSEMBLY_SCHEME, path: asmPath(t.symbol), query: asmQuery(t) });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const target = parseAsmQuery(uri.query);
    if (!target) return `; ${asmNotAnAddress(uri.toString())}\n`;
    const client = this.client();
    if (!client || !client.isRunning()) return `; ${asmServerNotRunning(target.symbol)}\n`;
    const result = await client.sendRequest(AssemblyRequest, { symbol: target.symbol, uri: target.uri }, token);
    if (!result) return `; ${asmNoListing(target.symbol)}\n`;
    return result.text;
  }

  /** Opens the listing beside the current editor. */
  async show(t: AsmTarget): Promise<vscode.TextEditor> {
    const uri = AssemblyDocuments.uriFor(t);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== ASM_LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, ASM_LANGUAGE_ID);
    const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    this.decorate(editor);
    // The crash hazard first: the SP split, else the frame-pointer one.
    const ranges = AssemblyDocuments.splitRanges(doc);
    const first = ranges.find((r) => doc.lineAt(r.start.line + 1).text.includes(SP_MARK)) ?? ranges[0];
    if (first) {
      editor.revealRange(first, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      editor.selection = new vscode.Selection(first.start, first.start);
    }
    return editor;
  }

  /** After a re-analysis, open listings are refreshed from the new build. */
  refreshOpen(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === ASSEMBLY_SCHEME && !doc.isClosed) this.changed.fire(doc.uri);
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.splitLines.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}
