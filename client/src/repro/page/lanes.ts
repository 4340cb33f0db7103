// The lanes of a run as its events arrive: a reset clears them, each event
// updates its lane (title, phase, disassembly, attempt, output, verdict), and
// a one-second tick shows the live elapsed time of every lane still running.
// Program output is capped so a chatty program cannot grow the page forever.
import type { ReproDisassembly, ReproEvent, ReproLane } from '../../../../shared/protocol';
import { LANES, laneTitle } from '../shared';
import { markPreempted, renderAsm, renderEpilogue } from './disassembly';
import { $, laneEl } from './dom';
import { lanes, newLane, type LaneDisassembly } from './state';
import { renderVerdict } from './verdict';
import { REPRO_PAGE, reproElapsed } from '../../../../server/src/core/vocabulary';

const MAX_OUTPUT = 200000;

export function resetLane(lane: ReproLane, variant: string): void {
  lanes[lane] = newLane(variant);
  const section = laneEl(lane);
  $('.lane-title', section).textContent = laneTitle(lane, variant);
  for (const cls of ['.phase', '.elapsed', '.epilogue', '.asm', '.output']) $(cls, section).textContent = '';
  const v = $('.verdict', section);
  v.hidden = true;
  v.textContent = '';
  v.className = 'verdict';
}

/** A lane's decoded epilogue (from a preview, or null when there is none) in the summary and the table. */
export function showDisassembly(lane: ReproLane, dis: LaneDisassembly | null): void {
  lanes[lane].dis = dis;
  renderEpilogue(lane);
  renderAsm(lane);
}

/** A preview's disassembly: the lane's title names the toolchain it was built with. */
export function showPreview(lane: ReproLane, dis: ReproDisassembly): void {
  $('.phase', laneEl(lane)).textContent = '';
  $('.lane-title', laneEl(lane)).textContent = laneTitle(lane, dis.variant, dis.toolchain);
  showDisassembly(lane, dis);
}

export function setPhase(lane: ReproLane, text: string): void {
  $('.phase', laneEl(lane)).textContent = text;
}

function appendOutput(lane: ReproLane, s: string): void {
  const pre = $('.output', laneEl(lane));
  pre.appendChild(document.createTextNode(s));
  lanes[lane].outputLen += s.length;
  if (lanes[lane].outputLen > MAX_OUTPUT) {
    const all = pre.textContent || '';
    pre.textContent = all.slice(-MAX_OUTPUT / 2);
    lanes[lane].outputLen = pre.textContent.length;
  }
  pre.scrollTop = pre.scrollHeight;
}

/** One event of a lane's run; `at` is when the extension received it (true elapsed times after a reload). */
export function onEvent(lane: ReproLane, e: ReproEvent, at: number): void {
  const state = lanes[lane];
  if (!state.runStart) {
    state.runStart = at;
    state.done = false;
  }
  switch (e.kind) {
    case 'phase':
      if (e.phase === 'done') {
        state.done = true;
        tick();
      } else setPhase(lane, e.phase === 'running' ? REPRO_PAGE.running : e.message);
      break;
    case 'toolchain':
      $('.lane-title', laneEl(lane)).textContent = laneTitle(lane, e.variant, `${e.toolchain}, ${e.runner || REPRO_PAGE.cannotRunHere}`);
      break;
    case 'disassembly':
      showDisassembly(lane, { symbol: e.symbol, frameSize: e.frameSize, leaf: e.leaf, findings: e.findings, lines: e.lines });
      break;
    case 'attempt':
      state.attempt = e.attempt;
      state.of = e.of || 1;
      state.budget = e.budgetSeconds || 0;
      state.attemptStart = at;
      break;
    case 'output':
      appendOutput(lane, e.text);
      break;
    case 'verdict':
      state.verdict = e.verdict;
      state.done = true;
      setPhase(lane, '');
      renderVerdict(lane);
      // Show the instruction it stopped at (the verdict above says what it means).
      if (lane === 'main') markPreempted(lane, true);
      tick();
      break;
  }
}

/** Live elapsed time per lane. */
export function tick(): void {
  for (const lane of LANES) {
    const state = lanes[lane];
    const out = $('.elapsed', laneEl(lane));
    if (!state.runStart) {
      out.textContent = '';
      continue;
    }
    if (state.done) {
      if (state.verdict) out.textContent = '';
      continue;
    }
    const total = Math.floor((Date.now() - state.runStart) / 1000);
    const attempt = state.attempt
      ? { n: state.attempt, of: state.of, seconds: Math.floor((Date.now() - state.attemptStart) / 1000), budget: state.budget }
      : undefined;
    out.textContent = reproElapsed(total, attempt);
  }
}
