/**
 * Selections on the board: mine (outlines, turned with a turned box, and grips when one
 * object is selected), published in awareness "selection" as object ids, and everyone
 * else's, outlined in their colour with their name. Other people's states are read through presence-shape.ts only.
 */

import { personOf, selectionOf } from "@edge-rooms/client";
import type { Awareness } from "y-protocols/awareness";
import { svg } from "../lib/dom";
import type { Bounds } from "./geometry";
import { handlesOf, objectBounds } from "./object-geometry";
import type { ObjectLayer } from "./object-layer";
import type { ObjectData } from "./objects";
import { rotateTransform } from "./rotation";
import type { Viewport } from "./viewport";

/** Grips and gaps are this many screen pixels, whatever the zoom. */
const GRIP = 9;
const GAP = 4;
const MINE = "#0090ff";

export interface Selection {
  readonly ids: ReadonlySet<string>;
  set(ids: Iterable<string>): void;
  render(viewport: Viewport): void;
  /** Called when my selection changes. */
  onSelect(listener: (ids: ReadonlySet<string>) => void): void;
}

export function mountSelection(
  overlay: SVGGElement,
  layer: ObjectLayer,
  awareness: Awareness,
  getViewport: () => Viewport,
  /** Whether I may resize and turn what I select (else it has no grips). */
  canChange: () => boolean,
): Selection {
  let ids = new Set<string>();
  const listeners: Array<(ids: ReadonlySet<string>) => void> = [];

  /** Around a turned box, a box turned with it; around anything else, the box around it. */
  const outline = (o: ObjectData, color: string, scale: number, dashed: boolean) => {
    const turn = rotateTransform(o);
    const b: Bounds = turn === null ? objectBounds(o) : { minX: o.x, minY: o.y, maxX: o.x + o.w, maxY: o.y + o.h };
    return svg("rect", {
      class: dashed ? "outline" : "outline outline-mine",
      x: b.minX - GAP / scale,
      y: b.minY - GAP / scale,
      width: b.maxX - b.minX + (2 * GAP) / scale,
      height: b.maxY - b.minY + (2 * GAP) / scale,
      fill: "none",
      stroke: color,
      "stroke-width": 1.5,
      "vector-effect": "non-scaling-stroke",
      ...(dashed ? { "stroke-dasharray": "4 3" } : {}),
      ...(turn === null ? {} : { transform: turn }),
    });
  };

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
        parts.push(outline(o, person.color, scale, true));
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
    for (const o of mine) parts.push(outline(o, MINE, scale, false));
    if (mine.length === 1 && canChange())
      for (const grip of handlesOf(mine[0]!, scale)) {
        const look = { class: "grip", "data-handle": grip.handle, fill: "#ffffff", stroke: MINE, "stroke-width": 1.5, "vector-effect": "non-scaling-stroke" };
        // The rotation grip is round, the corners square.
        parts.push(
          grip.handle === "rotate"
            ? svg("circle", { ...look, cx: grip.x, cy: grip.y, r: GRIP / 2 / scale })
            : svg("rect", { ...look, x: grip.x - GRIP / 2 / scale, y: grip.y - GRIP / 2 / scale, width: GRIP / scale, height: GRIP / scale }),
        );
      }
    overlay.replaceChildren(...parts);
  };

  const set = (next: Iterable<string>) => {
    const fresh = new Set(next);
    const changed = fresh.size !== ids.size || [...fresh].some((id) => !ids.has(id));
    ids = fresh;
    if (changed) awareness.setLocalStateField("selection", [...ids]), listeners.forEach((l) => l(ids));
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
    onSelect: (listener) => void listeners.push(listener),
  };
}
