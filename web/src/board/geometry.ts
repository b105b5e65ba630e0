/** Stroke geometry on flat [x0, y0, x1, y1, ...] point lists. Pure, tested in test/unit. */

/** An SVG path through the points, smoothed with quadratic curves through segment midpoints. */
export function strokePath(points: readonly number[]): string {
  const n = points.length / 2;
  if (n === 0) return "";
  const x = (i: number) => points[2 * i]!;
  const y = (i: number) => points[2 * i + 1]!;
  // A single point is a dot: a zero-length line with round caps.
  if (n === 1) return `M${x(0)} ${y(0)}l0 0`;
  if (n === 2) return `M${x(0)} ${y(0)}L${x(1)} ${y(1)}`;
  let d = `M${x(0)} ${y(0)}`;
  for (let i = 1; i < n - 1; i++) d += `Q${x(i)} ${y(i)} ${(x(i) + x(i + 1)) / 2} ${(y(i) + y(i + 1)) / 2}`;
  return `${d}L${x(n - 1)} ${y(n - 1)}`;
}

/** Distance from (px, py) to the polyline through the points (Infinity for none). */
export function distanceToStroke(points: readonly number[], px: number, py: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const ax = points[i]!;
    const ay = points[i + 1]!;
    const bx = points[i + 2] ?? ax;
    const by = points[i + 3] ?? ay;
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The box around every point of every stroke, or null when there are none. */
export function boundsOf(strokes: Iterable<readonly number[]>): Bounds | null {
  let box: Bounds | null = null;
  for (const points of strokes) {
    for (let i = 0; i + 1 < points.length; i += 2) {
      const x = points[i]!;
      const y = points[i + 1]!;
      box = box
        ? { minX: Math.min(box.minX, x), minY: Math.min(box.minY, y), maxX: Math.max(box.maxX, x), maxY: Math.max(box.maxY, y) }
        : { minX: x, minY: y, maxX: x, maxY: y };
    }
  }
  return box;
}
