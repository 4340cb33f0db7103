// Line text of Go files for ranges: the editor's buffer when the file is open
// (it may differ from disk), else the file on disk, read once per analysis.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { VersionedText } from './codeActions';

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export class TextSource {
  private readonly lines = new Map<string, string[] | undefined>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  lineText(file: string, line: number): string | undefined {
    return this.fileLines(file)?.[line];
  }

  text(file: string): string | undefined {
    return this.versioned(file)?.text;
  }

  /** Read now (not from this source's snapshot), with the editor's version of it (null: the file on disk). */
  versioned(file: string): VersionedText | undefined {
    const doc = this.documents.get(fileUri(file));
    if (doc) return { text: doc.getText(), version: doc.version };
    try {
      return { text: readFileSync(file, 'utf8'), version: null };
    } catch {
      return undefined;
    }
  }

  private fileLines(file: string): string[] | undefined {
    if (!this.lines.has(file)) this.lines.set(file, this.text(file)?.split(/\r?\n/));
    return this.lines.get(file);
  }
}
