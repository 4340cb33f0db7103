// The reproducer webview's page: real form controls with labels and the three
// lanes the page script (page/main.ts) fills; the shell, its strict CSP and the
// bundled script come from webviewShell.ts. The words come from core/vocabulary
// (REPRO_PAGE), escaped here as HTML text.
import type * as vscode from 'vscode';
import { webviewHtml } from '../webviewShell';
import type { ReproLane, ReproVariant } from '../../../shared/protocol';
import { ISSUE_REF, ISSUE_URL, REPRO_PAGE, REPRO_PANEL_TITLE, reproVariantOption } from '../../../server/src/core/vocabulary';

/** Text as HTML text or attribute value. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function reproHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const w = REPRO_PAGE;
  // Element ids: `verdict` for the main lane, `verdict-control` / `verdict-mitigated` for the others.
  const idFor = (id: ReproLane, base: string) => (id === 'main' ? base : `${base}-${id}`);
  const lane = (id: ReproLane) => `
    <section class="lane" id="lane-${id}" aria-labelledby="lane-${id}-title">
      <h2 id="lane-${id}-title" class="lane-title">${esc(w.lanes[id])}</h2>
      <p class="lane-status" role="status"><span class="phase"></span> <span class="elapsed" id="${idFor(id, 'elapsed')}"></span></p>
      <div class="verdict" id="${idFor(id, 'verdict')}" aria-live="polite" hidden></div>
      <h3>${esc(w.epilogueHeading)}</h3>
      <div class="epilogue"></div>
      <details class="asm-details" open>
        <summary>${esc(w.disassemblySummary)}</summary>
        <div class="asm" id="${idFor(id, 'asm')}" role="table" aria-label="${esc(w.disassembly)}"></div>
      </details>
      <h3>${esc(w.output)}</h3>
      <pre class="output" id="${idFor(id, 'output')}" tabindex="0" aria-label="${esc(w.output)}"></pre>
    </section>`;
  const option = (v: ReproVariant) => `<option value="${v}">${esc(reproVariantOption(v))}</option>`;
  const body = `<header>
  <h1>${esc(w.heading)}</h1>
  <p class="intro">${esc(w.intro)}
  (<a href="${ISSUE_URL}">${ISSUE_REF}</a>).</p>
  <p id="runner-note" class="note"></p>
</header>
<form id="controls" class="controls">
  <label for="toolchain">${esc(w.toolchain)}</label>
  <select id="toolchain"></select>
  <label for="variant">${esc(w.variant)}</label>
  <select id="variant">
    ${option('fast')}
    ${option('seed')}
    ${option('control')}
  </select>
  <label for="budget">${esc(w.budget)}</label>
  <input id="budget" type="number" min="5" max="86400" step="5" value="300">
  <label for="attempts">${esc(w.attempts)}</label>
  <input id="attempts" type="number" min="1" max="20" step="1" value="1">
  <span class="check"><input id="sideBySide" type="checkbox"><label for="sideBySide">${esc(w.sideBySide)}</label></span>
  <div class="buttons">
    <button id="start" type="submit">${esc(w.start)}</button>
    <button id="stop" type="button" class="secondary" disabled>${esc(w.stop)}</button>
  </div>
</form>
<p id="error" class="error" role="alert" hidden></p>
<main id="lanes" class="lanes">
  ${lane('main')}
  ${lane('mitigated')}
  ${lane('control')}
</main>`;
  return webviewHtml(webview, extensionUri, { script: 'repro-page.js', style: 'repro.css', title: REPRO_PANEL_TITLE, body });
}
