// The reproducer webview's page: real form controls with labels and the three
// lanes the page script (page/main.ts) fills; the shell, its strict CSP and the
// bundled script come from webviewShell.ts.
import type * as vscode from 'vscode';
import { webviewHtml } from '../webviewShell';
import type { ReproLane } from '../../../shared/protocol';

export function reproHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // Element ids: `verdict` for the main lane, `verdict-control` / `verdict-mitigated` for the others.
  const idFor = (id: ReproLane, base: string) => (id === 'main' ? base : `${base}-${id}`);
  const lane = (id: ReproLane, title: string) => `
    <section class="lane" id="lane-${id}" aria-labelledby="lane-${id}-title">
      <h2 id="lane-${id}-title" class="lane-title">${title}</h2>
      <p class="lane-status" role="status"><span class="phase"></span> <span class="elapsed" id="${idFor(id, 'elapsed')}"></span></p>
      <div class="verdict" id="${idFor(id, 'verdict')}" aria-live="polite" hidden></div>
      <h3>Epilogue of the reproducer's function</h3>
      <div class="epilogue"></div>
      <details class="asm-details" open>
        <summary>Disassembly (Go pseudo-assembly and the arm64 instructions it became)</summary>
        <div class="asm" id="${idFor(id, 'asm')}" role="table" aria-label="Disassembly"></div>
      </details>
      <h3>Program output</h3>
      <pre class="output" id="${idFor(id, 'output')}" tabindex="0" aria-label="Program output"></pre>
    </section>`;
  const body = `<header>
  <h1>Preemption reproducer</h1>
  <p class="intro">Builds the project's own tiny Go program for arm64 in a temp directory (never your workspace code) and runs it
  until the goroutine is preempted between the two halves of a split stack-pointer update and the runtime's unwinder crashes
  (<a href="https://github.com/golang/go/issues/73259">golang/go#73259</a>).</p>
  <p id="runner-note" class="note"></p>
</header>
<form id="controls" class="controls">
  <label for="toolchain">Toolchain</label>
  <select id="toolchain"></select>
  <label for="variant">Variant</label>
  <select id="variant">
    <option value="fast">Fast leaf variant (one element of a [1 &lt;&lt; 16]byte)</option>
    <option value="seed">Seed reproducer (as published)</option>
    <option value="control">Non-leaf control (one //go:noinline call)</option>
  </select>
  <label for="budget">Budget per attempt (seconds)</label>
  <input id="budget" type="number" min="5" max="86400" step="5" value="300">
  <label for="attempts">Attempts (fresh process each)</label>
  <input id="attempts" type="number" min="1" max="20" step="1" value="1">
  <span class="check"><input id="sideBySide" type="checkbox"><label for="sideBySide">Side by side: affected variant, the same with GODEBUG=asyncpreemptoff=1 (the mitigation), and the non-leaf control, same budget</label></span>
  <div class="buttons">
    <button id="start" type="submit">Start</button>
    <button id="stop" type="button" class="secondary" disabled>Stop</button>
  </div>
</form>
<p id="error" class="error" role="alert" hidden></p>
<main id="lanes" class="lanes">
  ${lane('main', 'Run')}
  ${lane('mitigated', 'Mitigated')}
  ${lane('control', 'Control')}
</main>`;
  return webviewHtml(webview, extensionUri, { script: 'repro-page.js', style: 'repro.css', title: 'Preemption Reproducer', body });
}
