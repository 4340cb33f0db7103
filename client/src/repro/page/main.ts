// The reproducer webview's page script (bundled for the browser by esbuild:
// dist/repro-page.js; the shell is html.ts). Messages are typed in
// shared/protocol.ts (ExtensionToWebview in, WebviewToExtension out). The
// extension replays its log when this page reloads (hidden then shown, or a
// window reload through the panel's serializer): a replay starts with a
// reset; with nothing to replay the page asks for a preview of the variant.
import type { ExtensionToWebview } from '../../../../shared/protocol';
import { $, el, laneEl } from './dom';
import { listenToForm, requestPreview, saved, setRunning, showError, toolchainSel } from './form';
import { onEvent, resetLane, setPhase, showDisassembly, showPreview, tick } from './lanes';
import { vscode } from './state';

let replayed = false;
let sawReset = false;

function receive(m: ExtensionToWebview): void {
  switch (m.type) {
    case 'toolchains': {
      toolchainSel.textContent = '';
      for (const c of m.choices) {
        const o = el('option', undefined, c.label);
        o.value = c.path;
        toolchainSel.appendChild(o);
      }
      if (saved.goPath && m.choices.some((c) => c.path === saved.goPath)) toolchainSel.value = saved.goPath;
      $('#runner-note').textContent = m.runnerNote;
      break;
    }
    case 'reset': {
      sawReset = true;
      showError('');
      m.lanes.forEach((lane, i) => resetLane(lane, m.variants[i]));
      const side = m.lanes.includes('control');
      laneEl('control').hidden = !side;
      laneEl('mitigated').hidden = !m.lanes.includes('mitigated');
      document.body.classList.toggle('side-by-side', side);
      break;
    }
    case 'preview':
      if (m.disassembly && !m.pending) showPreview(m.lane, m.disassembly);
      else {
        setPhase(m.lane, m.message || '');
        if (!m.pending) showDisassembly(m.lane, null);
      }
      break;
    case 'event':
      onEvent(m.lane, m.event, m.at || Date.now());
      break;
    case 'running':
      setRunning(m.running);
      if (!replayed) {
        replayed = true;
        if (!sawReset) requestPreview(); // first open: nothing to replay, show the epilogue
      }
      break;
    case 'error':
      showError(m.message);
      break;
  }
}

window.addEventListener('message', (ev: MessageEvent<ExtensionToWebview>) => {
  if (ev.data && typeof ev.data === 'object') receive(ev.data);
});
listenToForm();
setInterval(tick, 1000);
laneEl('control').hidden = true;
laneEl('mitigated').hidden = true;
vscode.postMessage({ type: 'ready' });
