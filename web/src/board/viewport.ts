/**
 * Pan and zoom: a screen point is `board · scale + (x, y)`. Each person's view is their own,
 * never shared. Pure, tested in test/unit.
 */
import type { Bounds } from "./geometry";

export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 8;

export function toBoard(v: Viewport, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - v.x) / v.scale, y: (sy - v.y) / v.scale };
}

export function toScreen(v: Viewport, bx: number, by: number): { x: number; y: number } {
  return { x: bx * v.scale + v.x, y: by * v.scale + v.y };
}

/** Zooms by `factor` keeping the board point under (sx, sy) where it is on screen. */
export function zoomAt(v: Viewport, factor: number, sx: number, sy: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const anchor = toBoard(v, sx, sy);
  return { scale, x: sx - anchor.x * scale, y: sy - anchor.y * scale };
}

/** The viewport after the screen grew by (dw, dh) (negative: shrank): what was in its middle stays there. */
export function recentred(v: Viewport, dw: number, dh: number): Viewport {
  return { ...v, x: v.x + dw / 2, y: v.y + dh / 2 };
}

/** The viewport showing all of `bounds` centred in a width × height screen (never above 100 %). */
export function fitTo(bounds: Bounds | null, width: number, height: number, padding = 48): Viewport {
  if (bounds === null) return { x: width / 2, y: height / 2, scale: 1 };
  const w = Math.max(1, bounds.maxX - bounds.minX);
  const h = Math.max(1, bounds.maxY - bounds.minY);
  const scale = Math.min(1, Math.max(MIN_SCALE, Math.min((width - 2 * padding) / w, (height - 2 * padding) / h)));
  return { scale, x: width / 2 - ((bounds.minX + bounds.maxX) / 2) * scale, y: height / 2 - ((bounds.minY + bounds.maxY) / 2) * scale };
}
