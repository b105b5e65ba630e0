/**
 * The whole board as a picture, pure (tested in test/unit): every stroke as one path, the
 * frame fitted around them with a margin, on a white background (the dot grid is an editing
 * aid and stays out).
 */
import { boundsOf, strokePath } from "./geometry";
import type { StrokeStyle } from "./model";

const MARGIN = 32;
export const BACKGROUND = "#ffffff";
/** An empty board exports as a blank page of this size. */
const EMPTY = { width: 800, height: 600 };

export interface Picture {
  /** The board coordinates of the top left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  strokes: Array<StrokeStyle & { d: string }>;
}

/** What to draw and where. */
export function pictureOf(strokes: ReadonlyArray<StrokeStyle & { points: readonly number[] }>): Picture {
  const box = boundsOf(strokes.map((s) => s.points));
  const pad = MARGIN + Math.max(0, ...strokes.map((s) => s.width)) / 2;
  const frame = box
    ? { x: box.minX - pad, y: box.minY - pad, width: box.maxX - box.minX + 2 * pad, height: box.maxY - box.minY + 2 * pad }
    : { x: 0, y: 0, ...EMPTY };
  return { ...frame, strokes: strokes.filter((s) => s.points.length >= 2).map((s) => ({ color: s.color, width: s.width, d: strokePath(s.points) })) };
}

/**
 * A standalone SVG file. Strokes come through readStroke (model.ts): palette colours and
 * widths and finite numbers only, so nothing needs escaping and no markup can get in.
 */
export function toSvg(p: Picture): string {
  const paths = p.strokes.map(
    (s) => `<path d="${s.d}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linecap="round" stroke-linejoin="round"/>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(p.width)}" height="${Math.ceil(p.height)}" viewBox="${p.x} ${p.y} ${p.width} ${p.height}">`,
    `<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" fill="${BACKGROUND}"/>`,
    ...paths,
    "</svg>",
    "",
  ].join("\n");
}
