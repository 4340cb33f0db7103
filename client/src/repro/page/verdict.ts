// A lane's verdict box: crashed (the signature, where the goroutine was
// preempted and what that means), survived (what the run shows and what it
// does not prove, or for the mitigation lane what its survival shows, worded
// by the server), or stopped / could not finish.
import {
  REPRO_PAGE,
  REPRO_SURVIVED_ATOMIC,
  REPRO_SURVIVED_SHOWS,
  REPRO_SURVIVED_SPLIT,
  reproCrashedTitle,
  reproStoppedAt,
  reproSurvivedTitle,
} from '../../../../server/src/core/vocabulary';
import type { ReproLane, ReproVerdict } from '../../../../shared/protocol';
import { markPreempted } from './disassembly';
import { $, el, laneEl } from './dom';
import { lanes } from './state';

function crashed(box: HTMLElement, v: ReproVerdict): void {
  box.appendChild(el('p', 'verdict-title', reproCrashedTitle(v.seconds, v.attempts, v.signature)));
  if (v.preemptedFunction) {
    box.appendChild(el('p', '', reproStoppedAt(v.preemptedFunction, v.preemptedOffset, !!v.matchedSplitInstruction)));
  }
  if (v.explanation) box.appendChild(el('p', 'explanation', v.explanation));
}

function survived(box: HTMLElement, v: ReproVerdict, lane: ReproLane): void {
  box.appendChild(el('p', 'verdict-title', reproSurvivedTitle(v.attempts, v.budgetSeconds, v.seconds)));
  // The mitigation lane: the server says what its survival shows (core/vocabulary MITIGATION_LANE).
  if (v.godebug) {
    box.appendChild(el('p', 'mitigation', v.message || `GODEBUG=${v.godebug}`));
    return;
  }
  const split = lanes[lane].dis?.findings.some((f) => f.kind === 'split-sp-update') ?? false;
  box.appendChild(el('p', '', REPRO_SURVIVED_SHOWS));
  box.appendChild(el('p', '', split ? REPRO_SURVIVED_SPLIT : REPRO_SURVIVED_ATOMIC));
}

export function renderVerdict(lane: ReproLane): void {
  const v = lanes[lane].verdict;
  const box = $('.verdict', laneEl(lane));
  if (!v) return;
  box.hidden = false;
  box.textContent = '';
  box.className = `verdict outcome-${v.outcome}`;
  if (v.outcome === 'crashed') crashed(box, v);
  else if (v.outcome === 'survived') survived(box, v, lane);
  else {
    box.appendChild(el('p', 'verdict-title', v.stopped ? REPRO_PAGE.stopped : REPRO_PAGE.couldNotFinish));
    if (v.message) box.appendChild(el('p', 'message', v.message));
  }
  markPreempted(lane);
}
