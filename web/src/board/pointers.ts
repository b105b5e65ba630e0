/** Everyone's pointer on the whiteboard, live, through awareness (field "pointer", board coordinates). */

import { type Person, personOf, pointerOf } from "@edge-rooms/client";
import type { Awareness } from "y-protocols/awareness";
import { h, svg } from "../lib/dom";
import { toScreen, type Viewport } from "./viewport";

/** About 16 pointer moves a second: smooth to watch, and a busy room merges them anyway (docs/protocol.md). */
const SEND_EVERY_MS = 60;

export interface Pointers {
  /** My pointer moved to board point (x, y), or left the board (null). */
  move(point: { x: number; y: number } | null): void;
  /** The viewport changed: re-place everyone's pointers. */
  render(viewport: Viewport): void;
}

function pointerElement(person: Person): HTMLElement {
  const arrow = svg(
    "svg",
    { width: 18, height: 18, viewBox: "0 0 18 18", "aria-hidden": "true" },
    svg("path", { d: "M2 2l5.5 14 2-6 6-2z", fill: person.color, stroke: "#fff", "stroke-width": 1.5, "stroke-linejoin": "round" }),
  );
  const label = h("span", { class: "pointer-label" }, person.name);
  label.style.background = person.color;
  return h("div", { class: "remote-pointer", "data-name": person.name }, arrow, label);
}

export function trackPointers(layer: HTMLElement, awareness: Awareness, getViewport: () => Viewport): Pointers {
  const shown = new Map<number, HTMLElement>();
  let pending: { x: number; y: number } | null | undefined;
  /** A send is scheduled: moves until then only replace `pending`. */
  let scheduled = false;

  const render = (viewport: Viewport) => {
    const live = new Set<number>();
    for (const [clientId, state] of awareness.getStates()) {
      const pointer = pointerOf(state);
      const person = personOf(state);
      if (clientId === awareness.clientID || !person || !pointer) continue;
      live.add(clientId);
      let el = shown.get(clientId);
      if (!el) {
        el = pointerElement(person);
        shown.set(clientId, el);
        layer.append(el);
      }
      const at = toScreen(viewport, pointer.x, pointer.y);
      el.style.transform = `translate(${at.x}px, ${at.y}px)`;
    }
    for (const [clientId, el] of shown) {
      if (live.has(clientId)) continue;
      el.remove();
      shown.delete(clientId);
    }
  };
  awareness.on("change", () => render(getViewport()));

  const flush = () => {
    scheduled = false;
    if (pending !== undefined) awareness.setLocalStateField("pointer", pending);
    pending = undefined;
  };
  return {
    move(point) {
      pending = point;
      if (scheduled) return;
      scheduled = true;
      setTimeout(flush, SEND_EVERY_MS);
    },
    render,
  };
}
