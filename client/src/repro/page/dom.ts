// DOM helpers of the reproducer page: find an element the page shell
// (html.ts) is known to have, make an element with a class and text, and a
// lane's section. Everything is text content: nothing is parsed as HTML.
import type { ReproLane } from '../../../../shared/protocol';
import { reproPageMissing } from '../../../../server/src/core/vocabulary';

/** An element the shell always has (a missing one is a bug of html.ts, and shows as an exception in the webview's console). */
export function $<T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T {
  const e = root.querySelector<T>(selector);
  if (!e) throw new Error(reproPageMissing(selector));
  return e;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, content?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (content !== undefined) e.textContent = content;
  return e;
}

export const laneEl = (lane: ReproLane): HTMLElement => $(`#lane-${lane}`);
