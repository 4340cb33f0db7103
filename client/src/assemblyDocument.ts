// Read-only `preempt-guard-asm:` documents: a function's listing, fetched
// from the server with AssemblyRequest, shown with the go-asm-listing grammar.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ASSEMBLY_SCHEME, AssemblyRequest } from '../../shared/protocol';
import { asmPath, asmQuery, parseAsmQuery, type AsmTarget } from './asmUri';

export const ASM_LANGUAGE_ID = 'go-asm-listing';

export class AssemblyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(ASSEMBLY_SCHEME, this);
  }

  static uriFor(t: AsmTarget): vscode.Uri {
    return vscode.Uri.from({ scheme: ASSEMBLY_SCHEME, path: asmPath(t.symbol), query: asmQuery(t) });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const target = parseAsmQuery(uri.query);
    if (!target) return `; not a Preempt Guard assembly address: ${uri.toString()}\n`;
    const client = this.client();
    if (!client || !client.isRunning()) return `; ${target.symbol}: the Preempt Guard server is not running\n`;
    const result = await client.sendRequest(AssemblyRequest, { symbol: target.symbol, uri: target.uri }, token);
    if (!result) return `; ${target.symbol}: no listing (not analysed yet, or not found in the last build)\n`;
    return result.text;
  }

  /** Opens the listing beside the current editor. */
  async show(t: AsmTarget): Promise<vscode.TextEditor> {
    const uri = AssemblyDocuments.uriFor(t);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== ASM_LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, ASM_LANGUAGE_ID);
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
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
  }
}
