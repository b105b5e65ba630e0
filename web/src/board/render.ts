/** Strokes as SVG paths, for the live board and for history previews. */
import { svg } from "../lib/dom";
import { strokePath } from "./geometry";
import type { StrokeData } from "./model";

export function strokeElement(stroke: StrokeData): SVGPathElement {
  const el = svg("path", { class: "stroke", fill: "none", "stroke-linecap": "round", "stroke-linejoin": "round" });
  drawStroke(el, stroke);
  return el;
}

export function drawStroke(el: SVGPathElement, { color, width, points }: StrokeData): void {
  el.setAttribute("stroke", color);
  el.setAttribute("stroke-width", String(width));
  el.setAttribute("d", strokePath(points));
}
