import { describe, expect, it } from "vitest";
import { boundsOf, distanceToStroke, strokePath } from "../../web/src/board/geometry";

describe("stroke geometry", () => {
  it("draws a dot, a line and a smoothed curve", () => {
    expect(strokePath([])).toBe("");
    expect(strokePath([1, 2])).toBe("M1 2l0 0");
    expect(strokePath([0, 0, 10, 0])).toBe("M0 0L10 0");
    expect(strokePath([0, 0, 10, 0, 10, 10])).toBe("M0 0Q10 0 10 5L10 10");
  });

  it("measures how far a point is from a stroke, and the box around strokes", () => {
    expect(distanceToStroke([0, 0, 10, 0], 5, 3)).toBe(3);
    expect(distanceToStroke([0, 0, 10, 0], 13, 4)).toBe(5);
    expect(distanceToStroke([4, 4], 4, 7)).toBe(3);
    expect(distanceToStroke([], 0, 0)).toBe(Infinity);
    expect(
      boundsOf([
        [0, 5, 10, -2],
        [-3, 1],
      ]),
    ).toEqual({ minX: -3, minY: -2, maxX: 10, maxY: 5 });
    expect(boundsOf([])).toBeNull();
  });
});
