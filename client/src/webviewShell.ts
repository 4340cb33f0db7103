// The page shell every webview of the extension uses: a strict Content
// Security Policy with a per-load nonce (no remote content, no inline code,
// styles and fonts only from the extension), the bundled page script from
// dist/, the shared stylesheet (client/media/webview.css) and the page's own
// from client/media/, around the page's own body.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  /** Bundle in dist/ (`triage-page.js`). */
  script: string;
  /** Stylesheet in client/media/ (`triage.css`). */
  style: string;
  title: string;
  /** The body's markup, without the script tag. */
  body: string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', page.script));
  const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'client', 'media', name));
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join(
    '; ',
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('webview.css')}">
<link rel="stylesheet" href="${media(page.style)}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
