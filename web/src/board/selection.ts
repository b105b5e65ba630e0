/**
 * Selections on the board: mine (outlines, and grips when one object is selected), published
 * in awareness "selection" as object ids, and everyone else's, outlined in their colour with
 * their name. Other people's states are read through presence-shape.ts only.
 */

import { personOf, selectionOf } from "@edge-rooms/client";
import type { Awareness } from "y-protocols/awareness";
import { svg } from "../lib/dom";
import type { Bounds } from "./geometry";
import { handlesOf, objectBounds } from "./object-geometry";
import type { ObjectLayer } from "./object-layer";
import type { Viewport } from "./viewport";

/** Grips and gaps are this many screen pixels, whatever the zoom. */
const GRIP = 9;
const GAP = 4;
const MINE = "#0090ff";

export interface Selection {
  readonly ids: ReadonlySet<string>;
  set(ids: Iterable<string>): void;
  render(viewport: Viewport): void;
}

export function mountSelection(
  overlay: SVGGElement,
  layer: ObjectLayer,
  awareness: Awareness,
  getViewport: () => Viewport,
  onSelect: (ids: ReadonlySet<string>) => void,
): Selection {
  let ids = new Set<string>();

  const outline = (b: Bounds, color: string, scale: number, dashed: boolean) =>
    svg("rect", {
      x: b.minX - GAP / scale,
      y: b.minY - GAP / scale,
      width: b.maxX - b.minX + (2 * GAP) / scale,
      height: b.maxY - b.minY + (2 * GAP) / scale,
      fill: "none",
      stroke: color,
      "stroke-width": 1.5,
      "vector-effect": "non-scaling-stroke",
      ...(dashed ? { "stroke-dasharray": "4 3" } : {}),
    });

  const render = (viewport: Viewport) => {
    const scale = viewport.scale;
    const parts: SVGElement[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      const person = personOf(state);
      const theirs = selectionOf(state);
      if (clientId === awareness.clientID || !person || !theirs) continue;
      const selected = theirs.flatMap((id) => layer.byId(id) ?? []);
      selected.forEach((o, i) => {
        const b = objectBounds(o);
        parts.push(outline(b, person.color, scale, true));
        if (i > 0) return;
        const label = svg("text", {
          class: "selection-label",
          x: b.minX - GAP / scale,
          y: b.minY - (GAP + 4) / scale,
          fill: person.color,
          "font-size": 12 / scale,
          "data-name": person.name,
        });
        label.textContent = person.name;
        parts.push(label);
      });
    }
    const mine = [...ids].flatMap((id) => layer.byId(id) ?? []);
    for (const o of mine) parts.push(outline(objectBounds(o), MINE, scale, false));
    if (mine.length === 1)
      for (const grip of handlesOf(mine[0]!))
        parts.push(
          svg("rect", {
            class: "grip",
            "data-handle": grip.handle,
            x: grip.x - GRIP / 2 / scale,
            y: grip.y - GRIP / 2 / scale,
            width: GRIP / scale,
            height: GRIP / scale,
            fill: "#ffffff",
            stroke: MINE,
            "stroke-width": 1.5,
            "vector-effect": "non-scaling-stroke",
          }),
        );
    overlay.replaceChildren(...parts);
  };

  const set = (next: Iterable<string>) => {
    const fresh = new Set(next);
    const changed = fresh.size !== ids.size || [...fresh].some((id) => !ids.has(id));
    ids = fresh;
    if (changed) awareness.setLocalStateField("selection", [...ids]), onSelect(ids);
    render(getViewport());
  };
  // Objects deleted under my selection (by someone else, or an undo) leave it.
  layer.onChange(() => {
    const kept = [...ids].filter((id) => layer.byId(id));
    if (kept.length !== ids.size) set(kept);
    else render(getViewport());
  });
  awareness.on("change", () => render(getViewport()));

  return {
    get ids() {
      return ids;
    },
    set,
    render,
  };
}
