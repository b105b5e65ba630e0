/**
 * Where objects are and what a pointer touches: bounds, hit testing, box selection, moving,
 * resizing and the rotation grip, turned boxes included (rotation.ts). Pure, tested in
 * test/unit/object-geometry.test.ts.
 */
import { type Bounds, boundsOf, distanceToStroke } from "./geometry";
import { isLineKind, type ObjectData, type ObjectKind } from "./objects";
import { cornersOf, intoBox, onTurned, type Place, rotatePoint, type Turned } from "./rotation";

/** A box can shrink to this and no further (board units): it must stay grabbable. */
export const MIN_SIZE = 8;

/** How far above a box's top its rotation grip stands (screen pixels). */
export const ROTATE_GRIP_GAP = 24;

export type Handle = "nw" | "ne" | "sw" | "se" | "start" | "end" | "rotate";

/** The box around an object (a turned box's four corners, a line's two ends). */
export function objectBounds(o: Pick<ObjectData, "kind"> & Turned): Bounds {
  if (!isLineKind(o.kind) && o.rotation) return boxAround(cornersOf(o));
  return {
    minX: Math.min(o.x, o.x + o.w),
    minY: Math.min(o.y, o.y + o.h),
    maxX: Math.max(o.x, o.x + o.w),
    maxY: Math.max(o.y, o.y + o.h),
  };
}

function boxAround(points: ReadonlyArray<readonly [number, number]>): Bounds {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** Where a comment pin sits on an object: the top right corner of the box around it. */
export function pinPlace(o: Pick<ObjectData, "kind"> & Turned): [number, number] {
  const b = objectBounds(o);
  return [b.maxX, b.minY];
}

/** The box around all of them, or null for none. */
export function unionBounds(boxes: Iterable<Bounds>): Bounds | null {
  let all: Bounds | null = null;
  for (const b of boxes)
    all = all ? { minX: Math.min(all.minX, b.minX), minY: Math.min(all.minY, b.minY), maxX: Math.max(all.maxX, b.maxX), maxY: Math.max(all.maxY, b.maxY) } : b;
  return all;
}

/** The box around every stroke's points and every object: what "fit" shows and the export frames. */
export function contentBounds(strokes: ReadonlyArray<{ points: readonly number[] }>, objects: readonly ObjectData[]): Bounds | null {
  const inked = boundsOf(strokes.map((s) => s.points));
  return unionBounds([...(inked ? [inked] : []), ...objects.map(objectBounds)]);
}

/** Whether (px, py) touches the object, `tolerance` board units around it: boxes anywhere inside, lines along them. */
export function hitsObject(o: ObjectData, px: number, py: number, tolerance: number): boolean {
  if (isLineKind(o.kind)) {
    const reach = tolerance + ("width" in o ? o.width / 2 : 0);
    return distanceToStroke([o.x, o.y, o.x + o.w, o.y + o.h], px, py) <= reach;
  }
  // A turned box is hit where the point, turned back with it, hits the box.
  const [qx, qy] = intoBox(o, px, py);
  if (o.kind === "ellipse") {
    const rx = o.w / 2 + tolerance;
    const ry = o.h / 2 + tolerance;
    const dx = qx - (o.x + o.w / 2);
    const dy = qy - (o.y + o.h / 2);
    return (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry) <= 1;
  }
  return qx >= o.x - tolerance && qx <= o.x + o.w + tolerance && qy >= o.y - tolerance && qy <= o.y + o.h + tolerance;
}

/** The frontmost object under the point; `objects` are back to front, as readObjects gives them. */
export function objectAt(objects: readonly ObjectData[], px: number, py: number, tolerance: number): ObjectData | null {
  for (let i = objects.length - 1; i >= 0; i--) if (hitsObject(objects[i]!, px, py, tolerance)) return objects[i]!;
  return null;
}

/** The objects a selection box touches. */
export function objectsInBox(objects: readonly ObjectData[], box: Bounds): ObjectData[] {
  return objects.filter((o) => {
    const b = objectBounds(o);
    return b.minX <= box.maxX && b.maxX >= box.minX && b.minY <= box.maxY && b.maxY >= box.minY;
  });
}

/** The box two corners span, whichever way the drag went. */
export function boxBetween(x0: number, y0: number, x1: number, y1: number): Bounds {
  return { minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) };
}

/** The place of a new object dragged from (x0, y0) to (x1, y1): a line keeps its direction, a box at least MIN_SIZE. */
export function placeFromDrag(kind: ObjectKind, x0: number, y0: number, x1: number, y1: number): Place {
  if (isLineKind(kind)) return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  const b = boxBetween(x0, y0, x1, y1);
  return { x: b.minX, y: b.minY, w: Math.max(MIN_SIZE, b.maxX - b.minX), h: Math.max(MIN_SIZE, b.maxY - b.minY) };
}

/**
 * The grips a selected object offers: both ends of a line; a box's four corners, turned with
 * it, and its rotation grip ROTATE_GRIP_GAP screen pixels above its top's middle at `scale`.
 */
export function handlesOf(o: ObjectData, scale = 1): Array<{ handle: Handle; x: number; y: number }> {
  if (isLineKind(o.kind))
    return [
      { handle: "start", x: o.x, y: o.y },
      { handle: "end", x: o.x + o.w, y: o.y + o.h },
    ];
  const at = (handle: Handle, x: number, y: number) => {
    const [tx, ty] = onTurned(o, x, y);
    return { handle, x: tx, y: ty };
  };
  return [
    at("nw", o.x, o.y),
    at("ne", o.x + o.w, o.y),
    at("sw", o.x, o.y + o.h),
    at("se", o.x + o.w, o.y + o.h),
    at("rotate", o.x + o.w / 2, o.y - ROTATE_GRIP_GAP / scale),
  ];
}

/** The handle of `o` within `tolerance` of the point, if any. */
export function handleAt(o: ObjectData, px: number, py: number, tolerance: number, scale = 1): Handle | null {
  return handlesOf(o, scale).find((h) => Math.abs(h.x - px) <= tolerance && Math.abs(h.y - py) <= tolerance)?.handle ?? null;
}

/**
 * The object's place with `handle` dragged to (px, py): the opposite corner (or end) stays
 * put, where it stands on the board for a turned box too; the box keeps its rotation.
 */
export function resize(o: Pick<ObjectData, "kind"> & Turned, handle: Exclude<Handle, "rotate">, px: number, py: number): Place {
  if (handle === "start") return { x: px, y: py, w: o.x + o.w - px, h: o.y + o.h - py };
  if (handle === "end") return { x: o.x, y: o.y, w: px - o.x, h: py - o.y };
  const degrees = o.rotation ?? 0;
  // The fixed corner where it stands, and the pointer in the box's turned frame about it.
  const [fx, fy] = onTurned(o, handle === "nw" || handle === "sw" ? o.x + o.w : o.x, handle === "nw" || handle === "ne" ? o.y + o.h : o.y);
  const [qx, qy] = rotatePoint(px, py, fx, fy, -degrees);
  const box = placeFromDrag(o.kind, fx, fy, qx, qy);
  if (degrees === 0) return box;
  // The new box's centre, turned back about the fixed corner, is where the turned box is centred.
  const [cx, cy] = rotatePoint(box.x + box.w / 2, box.y + box.h / 2, fx, fy, degrees);
  return { x: cx - box.w / 2, y: cy - box.h / 2, w: box.w, h: box.h };
}

/** The head of an arrow from (x0, y0) to (x1, y1): a triangle's three corners, flat, sized by the line width. */
export function arrowHead(x0: number, y0: number, x1: number, y1: number, width: number): number[] {
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  const ux = (x1 - x0) / length;
  const uy = (y1 - y0) / length;
  const size = 6 + width * 3;
  const bx = x1 - ux * size;
  const by = y1 - uy * size;
  const half = size * 0.5;
  return [x1, y1, bx - uy * half, by + ux * half, bx + uy * half, by - ux * half];
}

/** A size with the proportions of `size`, its longer side at most `max` (never grown), whole units. */
export function fitWithin(size: { width: number; height: number }, max: number): { w: number; h: number } {
  const scale = Math.min(1, max / Math.max(size.width, size.height, 1));
  return { w: Math.max(1, Math.round(size.width * scale)), h: Math.max(1, Math.round(size.height * scale)) };
}
