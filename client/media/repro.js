// The reproducer webview's page script. Messages are typed in
// shared/protocol.ts (WebviewToExtension / ExtensionToWebview); the
// extension replays its log when this page is reloaded, and the form values
// live in vscode.setState, so hiding and showing the panel loses nothing.
// @ts-check
(function () {
  'use strict';
  /** @typedef {import('../../shared/protocol').ExtensionToWebview} ExtensionToWebview */
  /** @typedef {import('../../shared/protocol').ReproEvent} ReproEvent */
  /** @typedef {import('../../shared/protocol').ReproVerdict} ReproVerdict */
  /** @typedef {import('../../shared/protocol').AssemblyLine} AssemblyLine */
  /** @typedef {import('../../server/src/core/types').Finding} Finding */
  /** @typedef {{ symbol?: string, frameSize?: number, leaf?: boolean, toolchain?: string, findings: Finding[], lines: AssemblyLine[] }} Dis */

  const vscode = acquireVsCodeApi();
  const BETWEEN = 'preempted here, between the two halves of the SP update';
  const MAX_OUTPUT = 200000;
  const VARIANT_TITLES = { fast: 'Fast leaf variant', seed: 'Seed reproducer (as published)', control: 'Non-leaf control' };

  const $ = (/** @type {string} */ sel, root = document) => /** @type {HTMLElement} */ (root.querySelector(sel));
  const toolchainSel = /** @type {HTMLSelectElement} */ ($('#toolchain'));
  const variantSel = /** @type {HTMLSelectElement} */ ($('#variant'));
  const budgetIn = /** @type {HTMLInputElement} */ ($('#budget'));
  const attemptsIn = /** @type {HTMLInputElement} */ ($('#attempts'));
  const sideBox = /** @type {HTMLInputElement} */ ($('#sideBySide'));
  const startBtn = /** @type {HTMLButtonElement} */ ($('#start'));
  const stopBtn = /** @type {HTMLButtonElement} */ ($('#stop'));
  const errorBox = $('#error');

  /** Form values survive reloads through the webview state. */
  const saved = vscode.getState() || {};
  if (saved.variant) variantSel.value = saved.variant;
  if (saved.budget) budgetIn.value = String(saved.budget);
  if (saved.attempts) attemptsIn.value = String(saved.attempts);
  sideBox.checked = !!saved.sideBySide;
  const saveForm = () =>
    vscode.setState({
      variant: variantSel.value,
      goPath: toolchainSel.value,
      budget: Number(budgetIn.value),
      attempts: Number(attemptsIn.value),
      sideBySide: sideBox.checked,
    });

  /** Per-lane view state, rebuilt from the replayed messages after a reload. */
  function newLane() {
    return {
      variant: '',
      dis: /** @type {Dis|null} */ (null),
      verdict: /** @type {ReproVerdict|null} */ (null),
      runStart: 0,
      attemptStart: 0,
      attempt: 0,
      of: 0,
      budget: 0,
      done: true,
      outputLen: 0,
    };
  }
  const lanes = { main: newLane(), mitigated: newLane(), control: newLane() };
  /** What follows a lane's title: the side-by-side lanes say what they are. */
  const LANE_SUFFIX = { main: '', mitigated: ' with GODEBUG=asyncpreemptoff=1 (mitigation lane)', control: ' (control lane)' };
  let running = false;
  let replayed = false;
  let sawReset = false;

  const hex = (/** @type {number} */ n) => '0x' + n.toString(16);
  const laneEl = (/** @type {'main'|'mitigated'|'control'} */ l) => $('#lane-' + l);

  function text(tag, cls, content) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function setRunning(r) {
    running = r;
    startBtn.disabled = r;
    stopBtn.disabled = !r;
    for (const el of [toolchainSel, variantSel, budgetIn, attemptsIn, sideBox]) el.disabled = r;
    document.body.classList.toggle('running', r);
  }

  function showError(msg) {
    errorBox.textContent = msg || '';
    errorBox.hidden = !msg;
  }

  function resetLane(l, variant) {
    lanes[l] = newLane();
    lanes[l].variant = variant;
    const el = laneEl(l);
    $('.lane-title', el).textContent = (VARIANT_TITLES[variant] || variant) + LANE_SUFFIX[l];
    $('.phase', el).textContent = '';
    $('.elapsed', el).textContent = '';
    $('.epilogue', el).textContent = '';
    $('.asm', el).textContent = '';
    $('.output', el).textContent = '';
    const v = $('.verdict', el);
    v.hidden = true;
    v.textContent = '';
    v.className = 'verdict';
  }

  /** The epilogue summary: the two SP-writing instructions and their offsets, or why there are none. */
  function renderEpilogue(l) {
    const el = $('.epilogue', laneEl(l));
    el.textContent = '';
    const dis = lanes[l].dis;
    if (!dis) return;
    const head = text(
      'p',
      'dis-head',
      `${dis.symbol || ''}: frame ${dis.frameSize} bytes, ${dis.leaf ? 'leaf' : 'non-leaf'}` + (dis.toolchain ? `, ${dis.toolchain}` : ''),
    );
    el.appendChild(head);
    const sp = dis.findings.filter((f) => f.kind === 'split-sp-update');
    if (sp.length === 0) {
      el.appendChild(
        text(
          'p',
          'atomic',
          'No split SP update: this toolchain pops the frame with one instruction, so there is no window to be preempted in.',
        ),
      );
    }
    for (const f of sp) {
      const box = text('div', 'split-pair');
      box.appendChild(text('p', '', `Line ${f.line}: \`${f.pseudo}\` was assembled into two instructions that each write SP:`));
      const ol = text('ol', 'sp-writes');
      f.instructions.forEach((ins, i) => {
        const li = text('li', 'sp-write');
        li.appendChild(text('code', 'off', hex(f.offsets[i])));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(text('code', 'ins', ins));
        ol.appendChild(li);
      });
      box.appendChild(ol);
      box.appendChild(
        text(
          'p',
          'hint',
          `A preemption signal landing at ${hex(f.offsets[1])} (after the first, before the second) leaves SP inside the frame while the unwinder assumes the whole frame.`,
        ),
      );
      el.appendChild(box);
    }
    const fp = dis.findings.filter((f) => f.kind === 'split-fp-restore');
    for (const f of fp) {
      el.appendChild(
        text(
          'p',
          'fp-note',
          `Also split (lower severity): the frame-pointer restore at ${hex(f.offsets[0])}/${hex(f.offsets[1])} writes R29, not SP.`,
        ),
      );
    }
  }

  /** One row per native instruction, offsets computed from the Prog's (arm64: 4 bytes each). */
  function renderAsm(l) {
    const el = $('.asm', laneEl(l));
    el.textContent = '';
    const dis = lanes[l].dis;
    if (!dis) return;
    const spOffsets = new Set();
    for (const f of dis.findings)
      if (f.kind === 'split-sp-update') {
        spOffsets.add(f.offsets[0]);
        spOffsets.add(f.offsets[1]);
      }
    const header = text('div', 'asm-row asm-header');
    header.setAttribute('role', 'row');
    for (const h of ['offset', 'line', 'arm64', 'Go assembly']) {
      const c = text('span', '', h);
      c.setAttribute('role', 'columnheader');
      header.appendChild(c);
    }
    el.appendChild(header);
    dis.lines.forEach((line, idx) => {
      // Progs sharing an offset (a NOP before an instruction) own no bytes of their own.
      const next = dis.lines[idx + 1];
      const natives = next && next.offset === line.offset ? [] : line.native;
      const rows = natives.length ? natives : [''];
      rows.forEach((ins, i) => {
        const off = line.offset + 4 * i;
        const row = text('div', 'asm-row asm-line');
        row.setAttribute('role', 'row');
        row.dataset.offset = hex(off);
        if (line.split) row.classList.add('split');
        if (natives.length && spOffsets.has(off)) row.classList.add('sp-write');
        // arm64 before the pseudo-assembly: it is what ran, and it stays visible in a narrow lane.
        for (const [cls, content] of [
          ['off', natives.length ? hex(off) : ''],
          ['src', i === 0 ? String(line.sourceLine) : ''],
          ['native', ins],
          ['pseudo', i === 0 ? line.pseudo : ''],
        ]) {
          const c = text('span', cls, content);
          c.setAttribute('role', 'cell');
          row.appendChild(c);
        }
        el.appendChild(row);
      });
    });
    markPreempted(l);
  }

  function markPreempted(l, scroll = false) {
    const el = laneEl(l);
    for (const r of el.querySelectorAll('.asm-line.preempted')) r.classList.remove('preempted');
    for (const r of el.querySelectorAll('.preempted-label')) r.remove();
    const v = lanes[l].verdict;
    if (!v || v.outcome !== 'crashed' || v.preemptedOffset === null || v.preemptedOffset === undefined) return;
    const row = /** @type {HTMLElement|null} */ (el.querySelector(`.asm-line[data-offset="${hex(v.preemptedOffset)}"]`));
    if (!row) return;
    row.classList.add('preempted');
    const label = text('span', 'preempted-label', v.matchedSplitInstruction ? BETWEEN : 'preempted here');
    // Inside the arm64 cell, on its own line, so the table keeps its four columns.
    (row.querySelector('.native') || row).appendChild(label);
    row.setAttribute('aria-label', `${hex(v.preemptedOffset)}: ${label.textContent}`);
    if (scroll) row.scrollIntoView({ block: 'center' });
  }

  function renderVerdict(l) {
    const v = lanes[l].verdict;
    const el = $('.verdict', laneEl(l));
    if (!v) return;
    el.hidden = false;
    el.textContent = '';
    el.className = 'verdict outcome-' + v.outcome;
    if (v.outcome === 'crashed') {
      el.appendChild(text('p', 'verdict-title', `Crashed after ${v.seconds} s (attempt ${v.attempts}): ${v.signature}`));
      if (v.preemptedFunction) {
        el.appendChild(
          text(
            'p',
            '',
            `Preempted goroutine stopped at ${v.preemptedFunction}+${v.preemptedOffset === null ? '?' : hex(v.preemptedOffset)}` +
              (v.matchedSplitInstruction ? ` — ${BETWEEN}.` : '.'),
          ),
        );
      }
      if (v.explanation) el.appendChild(text('p', 'explanation', v.explanation));
    } else if (v.outcome === 'survived') {
      el.appendChild(
        text('p', 'verdict-title', `Survived the budget: ${v.attempts} attempt(s) of ${v.budgetSeconds} s, ${v.seconds} s in all.`),
      );
      // The mitigation lane: the server says what its survival shows (core/explain.ts MITIGATION_LANE).
      if (v.godebug) {
        el.appendChild(text('p', 'mitigation', v.message || `GODEBUG=${v.godebug}`));
        markPreempted(l);
        return;
      }
      const split = lanes[l].dis && lanes[l].dis.findings.some((f) => f.kind === 'split-sp-update');
      el.appendChild(text('p', '', 'What this shows: the runtime never caught the goroutine between two SP updates in that time.'));
      el.appendChild(
        text(
          'p',
          '',
          split
            ? 'What it does not prove: this epilogue IS split (see above); the race is random and can take minutes or hours to hit. Run longer or again.'
            : 'What it does not prove on its own: a run cannot show absence. The proof is the disassembly above: the frame is popped by one instruction, so there is no window.',
        ),
      );
    } else {
      el.appendChild(text('p', 'verdict-title', v.stopped ? 'Stopped.' : 'Could not finish.'));
      if (v.message) el.appendChild(text('p', 'message', v.message));
    }
    markPreempted(l);
  }

  function appendOutput(l, s) {
    const pre = $('.output', laneEl(l));
    pre.appendChild(document.createTextNode(s));
    lanes[l].outputLen += s.length;
    if (lanes[l].outputLen > MAX_OUTPUT) {
      const all = pre.textContent || '';
      pre.textContent = all.slice(-MAX_OUTPUT / 2);
      lanes[l].outputLen = pre.textContent.length;
    }
    pre.scrollTop = pre.scrollHeight;
  }

  /** @param {'main'|'mitigated'|'control'} l @param {ReproEvent} e @param {number} at */
  function onEvent(l, e, at) {
    const lane = lanes[l];
    const el = laneEl(l);
    if (!lane.runStart) {
      lane.runStart = at;
      lane.done = false;
    }
    switch (e.kind) {
      case 'phase':
        if (e.phase === 'done') {
          lane.done = true;
          tick();
        } else $('.phase', el).textContent = e.phase === 'running' ? 'Running.' : e.message;
        break;
      case 'toolchain':
        $('.lane-title', el).textContent =
          `${VARIANT_TITLES[e.variant] || e.variant}${LANE_SUFFIX[l]} — ${e.toolchain}, ${e.runner || 'cannot run here'}`;
        break;
      case 'disassembly':
        lane.dis = { symbol: e.symbol, frameSize: e.frameSize, leaf: e.leaf, findings: e.findings, lines: e.lines };
        renderEpilogue(l);
        renderAsm(l);
        break;
      case 'attempt':
        lane.attempt = e.attempt;
        lane.of = e.of || 1;
        lane.budget = e.budgetSeconds || 0;
        lane.attemptStart = at;
        break;
      case 'output':
        appendOutput(l, e.text);
        break;
      case 'verdict':
        lane.verdict = e.verdict;
        lane.done = true;
        $('.phase', el).textContent = '';
        renderVerdict(l);
        // Show the instruction it stopped at (the verdict above says what it means).
        if (l === 'main') markPreempted(l, true);
        tick();
        break;
    }
  }

  /** Live elapsed time per lane. */
  function tick() {
    for (const l of /** @type {const} */ (['main', 'mitigated', 'control'])) {
      const lane = lanes[l];
      const el = $('.elapsed', laneEl(l));
      if (!lane.runStart) {
        el.textContent = '';
        continue;
      }
      if (lane.done) {
        el.textContent = lane.verdict ? '' : el.textContent;
        continue;
      }
      const total = Math.floor((Date.now() - lane.runStart) / 1000);
      const att = lane.attempt
        ? ` — attempt ${lane.attempt}/${lane.of}: ${Math.floor((Date.now() - lane.attemptStart) / 1000)} s of ${lane.budget} s`
        : '';
      el.textContent = `Elapsed ${total} s${att}`;
    }
  }
  setInterval(tick, 1000);

  function lanesOf(variant, side) {
    const affected = variant === 'control' ? 'fast' : variant;
    return side
      ? [
          ['main', affected],
          ['mitigated', affected],
          ['control', 'control'],
        ]
      : [['main', variant]];
  }

  function requestPreview() {
    if (running) return;
    saveForm();
    vscode.postMessage({ type: 'preview', variant: variantSel.value, goPath: toolchainSel.value, sideBySide: sideBox.checked });
  }

  window.addEventListener('message', (ev) => {
    /** @type {ExtensionToWebview} */
    const m = ev.data;
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'toolchains': {
        const want = saved.goPath;
        toolchainSel.textContent = '';
        for (const c of m.choices) {
          const o = document.createElement('option');
          o.value = c.path;
          o.textContent = c.label;
          toolchainSel.appendChild(o);
        }
        if (want && m.choices.some((c) => c.path === want)) toolchainSel.value = want;
        $('#runner-note').textContent = m.runnerNote;
        break;
      }
      case 'reset': {
        sawReset = true;
        showError('');
        const list = m.lanes.map((l, i) => [l, m.variants[i]]);
        for (const [l, v] of list) resetLane(l, v);
        const side = m.lanes.includes('control');
        laneEl('control').hidden = !side;
        laneEl('mitigated').hidden = !m.lanes.includes('mitigated');
        document.body.classList.toggle('side-by-side', side);
        break;
      }
      case 'preview': {
        const el = laneEl(m.lane);
        if (m.pending || !m.disassembly) {
          $('.phase', el).textContent = m.message || '';
          if (!m.pending) {
            lanes[m.lane].dis = null;
            renderEpilogue(m.lane);
            renderAsm(m.lane);
          }
          break;
        }
        $('.phase', el).textContent = '';
        lanes[m.lane].dis = m.disassembly;
        $('.lane-title', el).textContent = `${VARIANT_TITLES[m.disassembly.variant]}${LANE_SUFFIX[m.lane]} — ${m.disassembly.toolchain}`;
        renderEpilogue(m.lane);
        renderAsm(m.lane);
        break;
      }
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
  });

  for (const el of [toolchainSel, variantSel, sideBox]) el.addEventListener('change', requestPreview);
  for (const el of [budgetIn, attemptsIn]) el.addEventListener('change', saveForm);
  $('#controls').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (running) return;
    saveForm();
    const budget = Number(budgetIn.value);
    if (!Number.isFinite(budget) || budget <= 0) {
      showError('The budget must be a positive number of seconds.');
      budgetIn.focus();
      return;
    }
    setRunning(true);
    vscode.postMessage({
      type: 'start',
      variant: variantSel.value,
      goPath: toolchainSel.value,
      budgetSeconds: budget,
      sideBySide: sideBox.checked,
      attempts: Math.max(1, Math.floor(Number(attemptsIn.value) || 1)),
    });
  });
  stopBtn.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  laneEl('control').hidden = true;
  laneEl('mitigated').hidden = true;
  for (const [l, v] of lanesOf(variantSel.value, sideBox.checked)) {
    lanes[l].variant = v;
  }
  vscode.postMessage({ type: 'ready' });
})();
