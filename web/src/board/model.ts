/**
 * A whiteboard in Yjs: the root array "strokes", one Y.Map per stroke with its colour, width,
 * author and a Y.Array of flat coordinates that grows while the stroke is drawn, so others
 * see it being drawn. Erasing deletes the stroke's map. Strokes are read back through
 * `readStroke`, which is pure and tested in test/unit/board-strokes.test.ts.
 */
import * as Y from "yjs";
import { isColor, isWidth } from "./ink";

export const STROKES = "strokes";

export type Stroke = Y.Map<unknown>;

export interface StrokeStyle {
  color: string;
  width: number;
}

export const strokesOf = (doc: Y.Doc): Y.Array<Stroke> => doc.getArray<Stroke>(STROKES);

/** A stroke as the board draws and exports it. */
export interface StrokeData extends StrokeStyle {
  /** Flat [x0, y0, x1, y1, ...], finite numbers. */
  points: number[];
}

/**
 * The stroke to draw, or null when it has the wrong shape: not a map, a colour or width the
 * palette does not offer, or points that are not a Y.Array of pairs of finite numbers. A
 * crafted update can store anything in a stroke, and these values end up in SVG attributes
 * and in the file another person downloads; strokes that do not fit are not drawn at all.
 */
export function readStroke(item: unknown): StrokeData | null {
  if (!(item instanceof Y.Map)) return null;
  const color: unknown = item.get("color");
  const width: unknown = item.get("width");
  const points: unknown = item.get("points");
  if (!isColor(color) || !isWidth(width) || !(points instanceof Y.Array)) return null;
  const coordinates: unknown[] = points.toArray();
  if (coordinates.length < 2 || coordinates.length % 2 !== 0 || !coordinates.every(Number.isFinite)) return null;
  return { color, width, points: coordinates as number[] };
}

/** The strokes that read, in the board's order; the others are left out. */
export const readStrokes = (items: readonly unknown[]): StrokeData[] => items.flatMap((item) => readStroke(item) ?? []);

/** Appends a stroke starting at (x, y); call inside a transaction with the drawing origin. */
export function beginStroke(strokes: Y.Array<Stroke>, style: StrokeStyle, by: string, x: number, y: number): Stroke {
  const stroke: Stroke = new Y.Map();
  stroke.set("color", style.color);
  stroke.set("width", style.width);
  stroke.set("by", by);
  stroke.set("points", Y.Array.from([x, y]));
  strokes.push([stroke]);
  return stroke;
}

export function extendStroke(stroke: Stroke, coordinates: number[]): void {
  (stroke.get("points") as Y.Array<number>).push(coordinates);
}

export function eraseStroke(strokes: Y.Array<Stroke>, stroke: Stroke): void {
  const index = strokes.toArray().indexOf(stroke);
  if (index !== -1) strokes.delete(index, 1);
}
