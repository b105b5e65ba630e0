/**
 * The strokes on the live board: one path per stroke that reads (readStroke), kept in the
 * array's order; only changed strokes redraw. A stroke of the wrong shape has no path until a
 * change fixes it.
 */
import * as Y from "yjs";
import { svg } from "../lib/dom";
import { readStroke, type Stroke } from "./model";
import { drawStroke, strokeElement } from "./render";

export interface StrokeLayer {
  el: SVGGElement;
  destroy(): void;
}

export function mountStrokeLayer(strokes: Y.Array<Stroke>): StrokeLayer {
  const el = svg("g", { class: "ink" });
  const elements = new Map<Stroke, SVGPathElement>();
  const syncAll = () => {
    const present = new Set(strokes.toArray());
    for (const [stroke, path] of elements) if (!present.has(stroke)) path.remove(), elements.delete(stroke);
    for (const stroke of present) {
      let path = elements.get(stroke);
      if (!path) {
        const data = readStroke(stroke);
        if (!data) continue;
        elements.set(stroke, (path = strokeElement(data)));
      }
      el.append(path);
    }
  };
  const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (events.some((e) => e.target === strokes)) syncAll();
    for (const e of events) {
      const stroke = (e.target === strokes ? null : e.target instanceof Y.Map ? e.target : e.target.parent) as Stroke | null;
      if (!stroke) continue;
      const path = elements.get(stroke);
      const data = readStroke(stroke);
      if (path && data) drawStroke(path, data);
      else if (path) path.remove(), elements.delete(stroke);
      else if (data) syncAll();
    }
  };
  strokes.observeDeep(observer);
  syncAll();
  return { el, destroy: () => strokes.unobserveDeep(observer) };
}
