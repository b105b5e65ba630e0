/**
 * A whiteboard in Yjs: the root array "strokes", one Y.Map per stroke with its colour, width,
 * author and a Y.Array of flat coordinates that grows while the stroke is drawn, so others
 * see it being drawn. Erasing deletes the stroke's map.
 */
import * as Y from "yjs";

export const STROKES = "strokes";

export type Stroke = Y.Map<unknown>;

export interface StrokeStyle {
  color: string;
  width: number;
}

export const strokesOf = (doc: Y.Doc): Y.Array<Stroke> => doc.getArray<Stroke>(STROKES);

export function pointsOf(stroke: Stroke): number[] {
  const points = stroke.get("points");
  return points instanceof Y.Array ? (points.toArray() as number[]) : [];
}

export function styleOf(stroke: Stroke): StrokeStyle {
  const color = stroke.get("color");
  const width = stroke.get("width");
  // Anything but a plain hex colour (a crafted update could store any string) draws in ink.
  return { color: typeof color === "string" && /^#[0-9a-f]{6}$/i.test(color) ? color : "#1f2430", width: typeof width === "number" && width > 0 && width <= 64 ? width : 3 };
}

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
