/** Boxes turned about their centre (web/src/board/rotation.ts). */
import { describe, expect, it } from "vitest";
import { centreOf, cornersOf, intoBox, normalizeDegrees, rotatePoint, rotateTransform, rotationTowards } from "../../web/src/board/rotation";

const box = { x: 0, y: 0, w: 100, h: 50 };
const close = (points: Array<[number, number]>) => points.map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);

describe("rotation", () => {
  it("keeps angles in [0, 360) to a tenth of a degree", () => {
    expect([0, 15, 360, 375, -15, -360, -735, 12.345, 359.96].map(normalizeDegrees)).toEqual([0, 15, 0, 15, 345, 0, 345, 12.3, 0]);
  });

  it("turns clockwise on a board whose y grows downwards, as SVG's rotate() does", () => {
    // A point right of the centre goes below it after a quarter turn.
    expect(close([rotatePoint(10, 0, 0, 0, 90)])).toEqual([[0, 10]]);
    expect(rotatePoint(3, 4, 1, 1, 0)).toEqual([3, 4]);
  });

  it("gives a turned box's corners about its centre, and takes a board point back into the box's frame", () => {
    expect(centreOf(box)).toEqual([50, 25]);
    expect(close(cornersOf({ ...box, rotation: 90 }))).toEqual([
      [75, -25],
      [75, 75],
      [25, 75],
      [25, -25],
    ]);
    expect(cornersOf(box)).toEqual([
      [0, 0],
      [100, 0],
      [100, 50],
      [0, 50],
    ]);
    // The turned box's top right corner is the unturned one's, in its frame.
    expect(close([intoBox({ ...box, rotation: 90 }, 75, 75)])).toEqual([[100, 0]]);
  });

  it("turns the box's top towards the rotation grip's pointer, in whole degrees", () => {
    expect(rotationTowards(box, 50, -100)).toBe(0);
    expect(rotationTowards(box, 200, 25)).toBe(90);
    expect(rotationTowards(box, 50, 200)).toBe(180);
    expect(rotationTowards(box, -100, 25)).toBe(270);
    expect(rotationTowards(box, 150, -75)).toBe(45);
    expect(rotationTowards(box, 50, 25)).toBe(0);
  });

  it("writes the SVG transform only for a turned box", () => {
    expect(rotateTransform({ ...box, rotation: 30 })).toBe("rotate(30 50 25)");
    expect(rotateTransform(box)).toBeNull();
  });
});
