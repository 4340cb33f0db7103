// The triage webview's page script (bundled for the browser by esbuild:
// dist/triage-page.js). Renders a TriagePanelState: a summary table when
// there are several crashes, then per crash the verdict, explanation and
// remedy (worded by the server from core/vocabulary), the evidence list and
// the partial marker of a cut-off crash, the decoded epilogue
// with the preempted instruction marked, and the preempted goroutine's stack.
// File:line links ask the extension to open the workspace file. The state is
// kept with setState so a reload (or a restored window) shows it again.
import {
  checkTargetText,
  crashTitlePrefix,
  hex,
  SP_MARK,
  splitEpilogueAt,
  TRIAGE_PAGE,
  TRIAGE_VIEW,
  triageHeading,
} from '../../../server/src/core/vocabulary';
import type {
  Frame,
  TriageCrashView,
  TriageExtensionToWebview,
  TriagePanelState,
  TriageWebviewToExtension,
} from '../../../shared/protocol';

interface VsCodeApi {
  postMessage(msg: TriageWebviewToExtension): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let openable = new Set<string>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, content?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (content !== undefined) e.textContent = content;
  return e;
}

const byId = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;

/** `file:line` as a link when the file is in the workspace, as text otherwise. */
function location(file: string | null | undefined, line: number | null | undefined): HTMLElement {
  const label = file ? `${file}${line ? `:${line}` : ''}` : TRIAGE_PAGE.unknownFile;
  if (!file || !line || !openable.has(file)) return el('code', 'loc', label);
  const a = el('a', 'loc', label);
  a.href = '#';
  a.dataset.file = file;
  a.dataset.line = String(line);
  a.title = TRIAGE_PAGE.openLine;
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    vscode.postMessage({ type: 'open', file, line });
  });
  return a;
}

function renderSummary(s: TriagePanelState): void {
  const section = byId('summary');
  const table = byId('summary-table');
  table.textContent = '';
  section.hidden = s.result.crashes.length < 2;
  if (section.hidden) return;
  const head = el('tr');
  for (const h of TRIAGE_PAGE.summaryColumns) head.appendChild(el('th', '', h));
  table.appendChild(head);
  for (const g of s.result.summary) {
    const tr = el('tr', `verdict-${g.verdict}`);
    tr.appendChild(el('td', 'count', String(g.count)));
    tr.appendChild(el('td', 'verdict-word', g.verdict));
    const where = el('td');
    if (g.function) {
      where.appendChild(el('code', '', g.function));
      where.appendChild(document.createTextNode(' '));
      if (g.file) where.appendChild(location(g.file, g.line));
    }
    tr.appendChild(where);
    tr.appendChild(el('td', '', g.signature));
    table.appendChild(tr);
  }
}

function renderWindow(c: TriageCrashView): HTMLElement {
  const box = el('div', 'asm');
  box.setAttribute('role', 'table');
  box.setAttribute('aria-label', TRIAGE_PAGE.epilogueTable);
  const header = el('div', 'asm-row asm-header');
  header.setAttribute('role', 'row');
  for (const h of TRIAGE_PAGE.epilogueColumns) {
    const x = el('span', '', h);
    x.setAttribute('role', 'columnheader');
    header.appendChild(x);
  }
  box.appendChild(header);
  for (const ins of c.window) {
    const row = el('div', `asm-row asm-line${ins.role ? ` ${ins.role}` : ''}`);
    row.setAttribute('role', 'row');
    row.dataset.offset = hex(ins.offset);
    const cells: [string, string][] = [
      ['off', hex(ins.offset)],
      ['src', ins.line ? String(ins.line) : ''],
      ['native', ins.instruction],
    ];
    for (const [cls, text] of cells) {
      const x = el('span', cls, text);
      x.setAttribute('role', 'cell');
      row.appendChild(x);
    }
    if (ins.role === 'preempted') {
      row.querySelector('.native')?.appendChild(el('span', 'preempted-label', SP_MARK));
      row.setAttribute('aria-label', `${hex(ins.offset)}: ${ins.instruction}, ${SP_MARK}`);
    }
    box.appendChild(row);
  }
  return box;
}

function renderStack(frames: Frame[]): HTMLElement {
  const ol = el('ol', 'stack');
  for (const f of frames) {
    const li = el('li', 'frame');
    li.appendChild(el('code', 'fn', `${f.function}${f.offset !== undefined ? `+${hex(f.offset)}` : ''}`));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(location(f.file, f.line));
    ol.appendChild(li);
  }
  return ol;
}

function renderCrash(c: TriageCrashView, many: boolean): HTMLElement {
  const sec = el('section', `crash verdict-${c.verdict}`);
  sec.id = `crash-${c.index}`;
  const title = el('h2', 'crash-title');
  if (many) title.appendChild(document.createTextNode(crashTitlePrefix(c.index)));
  title.appendChild(el('span', 'verdict-word', c.verdict));
  if (c.partial) {
    const mark = el('span', 'partial', TRIAGE_VIEW.partial);
    mark.title = TRIAGE_VIEW.partialTitle;
    title.appendChild(document.createTextNode(' '));
    title.appendChild(mark);
  }
  if (c.signatures[0]) title.appendChild(el('span', 'signature', ` — ${c.signatures[0]}`));
  sec.appendChild(title);
  sec.appendChild(el('p', 'explanation', c.explanation));
  if (c.evidence.length) {
    sec.appendChild(el('h3', '', TRIAGE_VIEW.evidence));
    const ul = el('ul', 'evidence');
    for (const e of c.evidence) {
      const li = el('li', `evidence-${e.kind}`);
      li.appendChild(el('span', 'evidence-kind', `${e.kind}: `));
      li.appendChild(document.createTextNode(e.text));
      ul.appendChild(li);
    }
    sec.appendChild(ul);
  }
  if (c.epilogue) {
    const p = el('p', 'epilogue');
    p.appendChild(document.createTextNode(splitEpilogueAt(c.epilogue.function, c.epilogue.leaf)));
    p.appendChild(location(c.epilogue.file, c.epilogue.line));
    sec.appendChild(p);
  } else if (c.preempted) {
    const p = el('p', 'preempted');
    const at = `${c.preempted.function}${c.preempted.offset !== null ? `+${hex(c.preempted.offset)}` : ''}`;
    p.appendChild(document.createTextNode(`${c.preempted.preempted ? TRIAGE_VIEW.preemptedAt : TRIAGE_VIEW.unusableReturnIn} ${at}, `));
    p.appendChild(location(c.preempted.file, c.preempted.line));
    sec.appendChild(p);
  }
  if (c.remedy) {
    sec.appendChild(el('h3', '', TRIAGE_PAGE.whatToDo));
    sec.appendChild(el('p', 'remedy', c.remedy));
  }
  if (c.window.length) {
    sec.appendChild(el('h3', '', TRIAGE_PAGE.epilogueHeading));
    sec.appendChild(renderWindow(c));
  }
  if (c.stack.length) {
    sec.appendChild(el('h3', '', TRIAGE_PAGE.stackHeading));
    sec.appendChild(renderStack(c.stack));
  }
  return sec;
}

function render(s: TriagePanelState): void {
  openable = new Set(s.openable);
  const n = s.result.crashes.length;
  const against = s.result.checkedAgainst ? checkTargetText(s.result.checkedAgainst) : undefined;
  byId('heading').textContent = triageHeading(n, s.source, s.result.lines, against);
  byId('error').hidden = true;
  renderSummary(s);
  const main = byId('crashes');
  main.textContent = '';
  for (const c of s.result.crashes) main.appendChild(renderCrash(c, n > 1));
}

window.addEventListener('message', (ev: MessageEvent<TriageExtensionToWebview>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'result') {
    vscode.setState(m.state);
    render(m.state);
  } else if (m.type === 'error') {
    const e = byId('error');
    e.textContent = m.message;
    e.hidden = false;
  }
});

const saved = vscode.getState() as TriagePanelState | undefined;
if (saved && saved.result) render(saved);
vscode.postMessage({ type: 'ready' });
