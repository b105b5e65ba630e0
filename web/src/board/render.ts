/** Strokes as SVG paths and objects as SVG groups, for the live board and for history previews. */
import { svg } from "../lib/dom";
import { strokePath } from "./geometry";
import type { StrokeData } from "./model";
import type { ObjectData } from "./objects";
import { objectParts, type Part } from "./shapes";

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

/** A part as a DOM node; text goes in as text nodes, never as markup. */
function partElement(part: Part): SVGElement {
  if (part.tag !== "text") return svg(part.tag, part.attrs);
  return svg(
    "text",
    part.attrs,
    ...part.lines.map((line) => {
      const span = svg("tspan", { x: line.x, y: line.y });
      span.textContent = line.text;
      return span;
    }),
  );
}

export function objectElement(o: ObjectData): SVGGElement {
  const el = svg("g", { class: "board-object" });
  drawObject(el, o);
  return el;
}

export function drawObject(el: SVGGElement, o: ObjectData): void {
  el.dataset.id = o.id;
  el.dataset.kind = o.kind;
  el.replaceChildren(...objectParts(o).map(partElement));
}
