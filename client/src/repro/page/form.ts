// The reproducer page's form: toolchain, variant, budget, attempts, side by
// side. Its values are kept in the webview state (vscode.setState), so they
// come back when the page reloads and when a window reload restores the
// panel. Changing what is shown asks for a preview; submitting starts a run.
import type { ReproVariant } from '../../../../shared/protocol';
import { readFormState, type ReproFormState } from '../shared';
import { $ } from './dom';
import { vscode } from './state';
import { REPRO_PAGE } from '../../../../server/src/core/vocabulary';

export const toolchainSel = $<HTMLSelectElement>('#toolchain');
const variantSel = $<HTMLSelectElement>('#variant');
const budgetIn = $<HTMLInputElement>('#budget');
const attemptsIn = $<HTMLInputElement>('#attempts');
const sideBox = $<HTMLInputElement>('#sideBySide');
const startBtn = $<HTMLButtonElement>('#start');
const stopBtn = $<HTMLButtonElement>('#stop');
const errorBox = $('#error');

/** What the page saved last (the toolchain is applied once the choices arrive). */
export const saved: Partial<ReproFormState> = readFormState(vscode.getState());
if (saved.variant) variantSel.value = saved.variant;
if (saved.budget) budgetIn.value = String(saved.budget);
if (saved.attempts) attemptsIn.value = String(saved.attempts);
sideBox.checked = !!saved.sideBySide;

let running = false;

const variant = () => variantSel.value as ReproVariant;

function saveForm(): void {
  const state: ReproFormState = {
    variant: variant(),
    goPath: toolchainSel.value,
    budget: Number(budgetIn.value),
    attempts: Number(attemptsIn.value),
    sideBySide: sideBox.checked,
  };
  vscode.setState(state);
}

export function setRunning(r: boolean): void {
  running = r;
  startBtn.disabled = r;
  stopBtn.disabled = !r;
  for (const input of [toolchainSel, variantSel, budgetIn, attemptsIn, sideBox]) input.disabled = r;
  document.body.classList.toggle('running', r);
}

export function showError(msg: string): void {
  errorBox.textContent = msg;
  errorBox.hidden = !msg;
}

export function requestPreview(): void {
  if (running) return;
  saveForm();
  vscode.postMessage({ type: 'preview', variant: variant(), goPath: toolchainSel.value, sideBySide: sideBox.checked });
}

function start(): void {
  if (running) return;
  saveForm();
  const budget = Number(budgetIn.value);
  if (!Number.isFinite(budget) || budget <= 0) {
    showError(REPRO_PAGE.budgetInvalid);
    budgetIn.focus();
    return;
  }
  setRunning(true);
  vscode.postMessage({
    type: 'start',
    variant: variant(),
    goPath: toolchainSel.value,
    budgetSeconds: budget,
    sideBySide: sideBox.checked,
    attempts: Math.max(1, Math.floor(Number(attemptsIn.value) || 1)),
  });
}

/** Wires the controls (once, at load). */
export function listenToForm(): void {
  for (const input of [toolchainSel, variantSel, sideBox]) input.addEventListener('change', requestPreview);
  for (const input of [budgetIn, attemptsIn]) input.addEventListener('change', saveForm);
  $('#controls').addEventListener('submit', (ev) => {
    ev.preventDefault();
    start();
  });
  stopBtn.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
}
