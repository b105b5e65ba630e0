/**
 * Boxes turned about their centre: the angle in degrees, clockwise on the board (whose y
 * grows downwards, as SVG's `rotate()` turns), kept in [0, 360). A line has no rotation of
 * its own: its two ends say which way it points. Pure, tested in test/unit/rotation.test.ts.
 */

/** A box's place: the top left corner and the size it has before it is turned. */
export interface Place {
  x: number;
  y: number;
  w: number;
  h: number;
}
export type Turned = Place & { rotation?: number };
export type Point = [number, number];

/** What Shift+R and Shift+L turn the selection by. */
export const ROTATION_STEP = 15;

/** The angle in [0, 360), to a tenth of a degree (plenty, and updates stay small). */
export function normalizeDegrees(degrees: number): number {
  // Twice modulo, so that negative angles come round too (and -0 is never written).
  return (((Math.round(degrees * 10) % 3600) + 3600) % 3600) / 10;
}

export const centreOf = (p: Place): Point => [p.x + p.w / 2, p.y + p.h / 2];

/** (x, y) turned by `degrees` about (cx, cy). */
export function rotatePoint(x: number, y: number, cx: number, cy: number, degrees: number): Point {
  if (degrees === 0) return [x, y];
  const a = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a), Math.sin(a)];
  const [dx, dy] = [x - cx, y - cy];
  return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos];
}

/** A point of the unturned box, where the turned box has it. */
export function onTurned(p: Turned, x: number, y: number): Point {
  const [cx, cy] = centreOf(p);
  return rotatePoint(x, y, cx, cy, p.rotation ?? 0);
}

/** The board point (x, y) in the unturned box's frame: what hit testing and resizing compare with the box. */
export function intoBox(p: Turned, x: number, y: number): Point {
  const [cx, cy] = centreOf(p);
  return rotatePoint(x, y, cx, cy, -(p.rotation ?? 0));
}

/** The four corners as they stand: top left, top right, bottom right, bottom left of the unturned box. */
export function cornersOf(p: Turned): Point[] {
  return [onTurned(p, p.x, p.y), onTurned(p, p.x + p.w, p.y), onTurned(p, p.x + p.w, p.y + p.h), onTurned(p, p.x, p.y + p.h)];
}

/** The rotation that turns the box's top towards (px, py): what dragging the rotation grip sets, to whole degrees. */
export function rotationTowards(p: Place, px: number, py: number): number {
  const [cx, cy] = centreOf(p);
  if (px === cx && py === cy) return 0;
  return normalizeDegrees(Math.round((Math.atan2(px - cx, cy - py) * 180) / Math.PI));
}

/** The SVG transform that turns the box, or null when it is not turned. */
export function rotateTransform(p: Turned): string | null {
  const degrees = p.rotation ?? 0;
  if (degrees === 0) return null;
  const [cx, cy] = centreOf(p);
  return `rotate(${degrees} ${cx} ${cy})`;
}
