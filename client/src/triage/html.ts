// The triage webview's page shell: strict CSP with a per-load nonce (no
// remote content, no inline code), the bundled page script from dist/ and the
// stylesheet from client/media/; the page script renders everything else.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function triageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'triage-page.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'client', 'media', 'triage.css'));
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join(
    '; ',
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Crash Triage</title>
</head>
<body>
<header>
  <h1>Crash triage</h1>
  <p id="heading" class="intro" role="status">Reading the crash log…</p>
</header>
<p id="error" class="error" role="alert" hidden></p>
<section id="summary" aria-labelledby="summary-title" hidden>
  <h2 id="summary-title">Summary</h2>
  <table id="summary-table"></table>
</section>
<main id="crashes"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
