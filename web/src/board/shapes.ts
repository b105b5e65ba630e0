/**
 * Each object as SVG elements described in data: the live board builds them as DOM nodes
 * (render.ts), the export writes them as markup (picture.ts), so both show the same thing.
 * Pure, tested in test/unit/board-shapes.test.ts. Values come from readObject only.
 */
import { arrowHead } from "./object-geometry";
import type { ObjectData } from "./objects";
import { rotateTransform } from "./rotation";

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
export const TEXT_SIZE = 20;
export const STICKY_TEXT_SIZE = 16;
export const STICKY_PADDING = 12;
export const LINE_HEIGHT = 1.3;
/** An average glyph's width in ems: wrapping is estimated, the same on every board and in the export. */
const GLYPH_WIDTH = 0.55;

export type Attrs = Record<string, string | number>;
export type Part =
  | { tag: "rect" | "ellipse" | "line" | "polygon" | "image"; attrs: Attrs }
  | { tag: "text"; attrs: Attrs; lines: Array<{ x: number; y: number; text: string }> };

/** The text broken into lines that fit `width` at `size`: at newlines, then between words, then inside words too long for a line. */
export function wrapText(text: string, width: number, size: number): string[] {
  const perLine = Math.max(1, Math.floor(width / (size * GLYPH_WIDTH)));
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      let rest = word;
      while (rest.length > perLine) {
        if (line) lines.push(line), (line = "");
        lines.push(rest.slice(0, perLine));
        rest = rest.slice(perLine);
      }
      const next = line ? `${line} ${rest}` : rest;
      if (next.length > perLine) lines.push(line), (line = rest);
      else line = next;
    }
    lines.push(line);
  }
  return lines;
}

/** The height a text object needs for its text at its width. */
export const textHeight = (text: string, width: number): number => Math.ceil(wrapText(text, width, TEXT_SIZE).length * TEXT_SIZE * LINE_HEIGHT + 8);

/** Text lines laid out from (x, y) downwards, only those that fit in `height`. */
function textPart(text: string, x: number, y: number, width: number, height: number, size: number, fill: string): Part {
  const step = size * LINE_HEIGHT;
  const fitting = Math.max(0, Math.floor(height / step));
  const lines = wrapText(text, width, size)
    .slice(0, fitting)
    .map((line, i) => ({ x, y: y + size + i * step, text: line }));
  return { tag: "text", attrs: { "font-family": FONT, "font-size": size, fill }, lines };
}

/** The object's SVG elements, each turned with it when it is turned (the live board and the export alike). */
export function objectParts(o: ObjectData): Part[] {
  const transform = rotateTransform(o);
  const parts = unturnedParts(o);
  return transform === null ? parts : parts.map((part) => ({ ...part, attrs: { ...part.attrs, transform } }));
}

function unturnedParts(o: ObjectData): Part[] {
  switch (o.kind) {
    case "rect":
      return [{ tag: "rect", attrs: { x: o.x, y: o.y, width: o.w, height: o.h, rx: 4, fill: "none", stroke: o.color, "stroke-width": o.width } }];
    case "ellipse":
      return [
        { tag: "ellipse", attrs: { cx: o.x + o.w / 2, cy: o.y + o.h / 2, rx: o.w / 2, ry: o.h / 2, fill: "none", stroke: o.color, "stroke-width": o.width } },
      ];
    case "line":
    case "arrow": {
      const line: Part = {
        tag: "line",
        attrs: { x1: o.x, y1: o.y, x2: o.x + o.w, y2: o.y + o.h, stroke: o.color, "stroke-width": o.width, "stroke-linecap": "round" },
      };
      if (o.kind === "line") return [line];
      const head = arrowHead(o.x, o.y, o.x + o.w, o.y + o.h, o.width);
      return [line, { tag: "polygon", attrs: { points: head.join(" "), fill: o.color, stroke: o.color, "stroke-width": 1, "stroke-linejoin": "round" } }];
    }
    case "text":
      return [textPart(o.text, o.x, o.y, o.w, Math.max(o.h, TEXT_SIZE * LINE_HEIGHT), TEXT_SIZE, o.color)];
    case "sticky": {
      const inner = o.w - 2 * STICKY_PADDING;
      return [
        { tag: "rect", attrs: { x: o.x, y: o.y, width: o.w, height: o.h, rx: 6, fill: o.fill, stroke: "#d0d4dc", "stroke-width": 1 } },
        textPart(o.text, o.x + STICKY_PADDING, o.y + STICKY_PADDING / 2, inner, o.h - STICKY_PADDING, STICKY_TEXT_SIZE, "#1f2430"),
      ];
    }
    case "image":
      return [{ tag: "image", attrs: { x: o.x, y: o.y, width: o.w, height: o.h, href: o.src, preserveAspectRatio: "none" } }];
  }
}
