// The triage webview's page: the body the page script fills, its words from
// core/vocabulary (the shell, its strict CSP and the bundled script come from
// webviewShell.ts).
import type * as vscode from 'vscode';
import { webviewHtml } from '../webviewShell';
import { TRIAGE_PAGE, TRIAGE_PANEL_TITLE } from '../../../server/src/core/vocabulary';

export function triageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const body = `<header>
  <h1>${TRIAGE_PAGE.heading}</h1>
  <p id="heading" class="intro" role="status">${TRIAGE_PAGE.reading}</p>
</header>
<p id="error" class="error" role="alert" hidden></p>
<section id="summary" aria-labelledby="summary-title" hidden>
  <h2 id="summary-title">${TRIAGE_PAGE.summary}</h2>
  <table id="summary-table"></table>
</section>
<main id="crashes"></main>`;
  return webviewHtml(webview, extensionUri, { script: 'triage-page.js', style: 'triage.css', title: TRIAGE_PANEL_TITLE, body });
}
