// A lane's decoded epilogue: the summary (the two SP-writing instructions of
// each split update and their offsets, or why there are none) and the
// disassembly table, one row per native instruction (arm64: 4 bytes each,
// offsets computed from the Prog's), the SP writes marked, and the row where
// a crashed run's goroutine was preempted labelled.
import {
  hex,
  PREEMPTED_BETWEEN_HALVES,
  PREEMPTED_HERE,
  REPRO_NO_SPLIT,
  REPRO_PAGE,
  reproFpNote,
  reproSplitIntro,
  reproSplitWindow,
} from '../../../../server/src/core/vocabulary';
import type { ReproLane } from '../../../../shared/protocol';
import { $, el, laneEl } from './dom';
import { lanes } from './state';

export function renderEpilogue(lane: ReproLane): void {
  const box = $('.epilogue', laneEl(lane));
  box.textContent = '';
  const dis = lanes[lane].dis;
  if (!dis) return;
  const what = `${dis.symbol || ''}: frame ${dis.frameSize} bytes, ${dis.leaf ? 'leaf' : 'non-leaf'}`;
  box.appendChild(el('p', 'dis-head', what + (dis.toolchain ? `, ${dis.toolchain}` : '')));
  const sp = dis.findings.filter((f) => f.kind === 'split-sp-update');
  if (sp.length === 0) box.appendChild(el('p', 'atomic', REPRO_NO_SPLIT));
  for (const f of sp) {
    const pair = el('div', 'split-pair');
    pair.appendChild(el('p', '', reproSplitIntro(f)));
    const ol = el('ol', 'sp-writes');
    f.instructions.forEach((ins, i) => {
      const li = el('li', 'sp-write');
      li.appendChild(el('code', 'off', hex(f.offsets[i])));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('code', 'ins', ins));
      ol.appendChild(li);
    });
    pair.appendChild(ol);
    pair.appendChild(el('p', 'hint', reproSplitWindow(f.offsets[1])));
    box.appendChild(pair);
  }
  for (const f of dis.findings.filter((x) => x.kind === 'split-fp-restore')) box.appendChild(el('p', 'fp-note', reproFpNote(f.offsets)));
}

export function renderAsm(lane: ReproLane): void {
  const table = $('.asm', laneEl(lane));
  table.textContent = '';
  const dis = lanes[lane].dis;
  if (!dis) return;
  const spOffsets = new Set<number>();
  for (const f of dis.findings) if (f.kind === 'split-sp-update') for (const o of f.offsets) spOffsets.add(o);
  const header = el('div', 'asm-row asm-header');
  header.setAttribute('role', 'row');
  for (const h of REPRO_PAGE.asmColumns) {
    const c = el('span', '', h);
    c.setAttribute('role', 'columnheader');
    header.appendChild(c);
  }
  table.appendChild(header);
  dis.lines.forEach((line, idx) => {
    // Progs sharing an offset (a NOP before an instruction) own no bytes of their own.
    const next = dis.lines[idx + 1];
    const natives = next && next.offset === line.offset ? [] : line.native;
    const rows = natives.length ? natives : [''];
    rows.forEach((ins, i) => {
      const off = line.offset + 4 * i;
      const row = el('div', 'asm-row asm-line');
      row.setAttribute('role', 'row');
      row.dataset.offset = hex(off);
      if (line.split) row.classList.add('split');
      if (natives.length && spOffsets.has(off)) row.classList.add('sp-write');
      // arm64 before the pseudo-assembly: it is what ran, and it stays visible in a narrow lane.
      const cells: [string, string][] = [
        ['off', natives.length ? hex(off) : ''],
        ['src', i === 0 ? String(line.sourceLine) : ''],
        ['native', ins],
        ['pseudo', i === 0 ? line.pseudo : ''],
      ];
      for (const [cls, content] of cells) {
        const c = el('span', cls, content);
        c.setAttribute('role', 'cell');
        row.appendChild(c);
      }
      table.appendChild(row);
    });
  });
  markPreempted(lane);
}

/** Labels the row a crashed run was preempted at (and scrolls to it when asked); clears any older label. */
export function markPreempted(lane: ReproLane, scroll = false): void {
  const section = laneEl(lane);
  for (const r of section.querySelectorAll('.asm-line.preempted')) r.classList.remove('preempted');
  for (const r of section.querySelectorAll('.preempted-label')) r.remove();
  const v = lanes[lane].verdict;
  if (!v || v.outcome !== 'crashed' || v.preemptedOffset === null || v.preemptedOffset === undefined) return;
  const row = section.querySelector<HTMLElement>(`.asm-line[data-offset="${hex(v.preemptedOffset)}"]`);
  if (!row) return;
  row.classList.add('preempted');
  const words = v.matchedSplitInstruction ? PREEMPTED_BETWEEN_HALVES : PREEMPTED_HERE;
  // Inside the arm64 cell, on its own line, so the table keeps its four columns.
  (row.querySelector('.native') ?? row).appendChild(el('span', 'preempted-label', words));
  row.setAttribute('aria-label', `${hex(v.preemptedOffset)}: ${words}`);
  if (scroll) row.scrollIntoView({ block: 'center' });
}
