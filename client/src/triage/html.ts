// The triage webview's page: the body the page script fills (the shell, its
// strict CSP and the bundled script come from webviewShell.ts).
import type * as vscode from 'vscode';
import { webviewHtml } from '../webviewShell';

export function triageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const body = `<header>
  <h1>Crash triage</h1>
  <p id="heading" class="intro" role="status">Reading the crash log…</p>
</header>
<p id="error" class="error" role="alert" hidden></p>
<section id="summary" aria-labelledby="summary-title" hidden>
  <h2 id="summary-title">Summary</h2>
  <table id="summary-table"></table>
</section>
<main id="crashes"></main>`;
  return webviewHtml(webview, extensionUri, { script: 'triage-page.js', style: 'triage.css', title: 'Crash Triage', body });
}
