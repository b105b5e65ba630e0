/** Where whiteboard objects are and what a pointer touches (web/src/board/object-geometry.ts). */
import { describe, expect, it } from "vitest";
import {
  arrowHead,
  contentBounds,
  fitWithin,
  handleAt,
  hitsObject,
  MIN_SIZE,
  objectAt,
  objectBounds,
  objectsInBox,
  pinPlace,
  placeFromDrag,
  ROTATE_GRIP_GAP,
  resize,
  unionBounds,
} from "../../web/src/board/object-geometry";
import type { ObjectData } from "../../web/src/board/objects";
import { cornersOf } from "../../web/src/board/rotation";

const rect: ObjectData = { id: "r", kind: "rect", x: 0, y: 0, w: 100, h: 50, z: 1, color: "#1f2430", width: 2 };
const ellipse: ObjectData = { id: "e", kind: "ellipse", x: 0, y: 0, w: 100, h: 50, z: 2, color: "#1f2430", width: 2 };
const line: ObjectData = { id: "l", kind: "arrow", x: 200, y: 100, w: -100, h: -100, z: 3, color: "#1f2430", width: 8 };

describe("object geometry", () => {
  it("bounds a box as it is and a line by its two ends, whichever way it points", () => {
    expect(objectBounds(rect)).toEqual({ minX: 0, minY: 0, maxX: 100, maxY: 50 });
    expect(objectBounds(line)).toEqual({ minX: 100, minY: 0, maxX: 200, maxY: 100 });
    expect(unionBounds([objectBounds(rect), objectBounds(line)])).toEqual({ minX: 0, minY: 0, maxX: 200, maxY: 100 });
    expect(unionBounds([])).toBeNull();
    expect(contentBounds([{ points: [-10, 5, 0, 200] }], [rect, line])).toEqual({ minX: -10, minY: 0, maxX: 200, maxY: 200 });
    expect(contentBounds([], [])).toBeNull();
  });

  it("hits a box anywhere inside, an ellipse inside its curve, a line along it (plus its half width)", () => {
    expect(hitsObject(rect, 50, 25, 0)).toBe(true);
    expect(hitsObject(rect, 103, 25, 0)).toBe(false);
    expect(hitsObject(rect, 103, 25, 4)).toBe(true);
    // The box's corner is outside the ellipse it holds.
    expect(hitsObject(ellipse, 2, 2, 0)).toBe(false);
    expect(hitsObject(ellipse, 50, 25, 0)).toBe(true);
    expect(hitsObject(line, 150, 50, 0)).toBe(true);
    expect(hitsObject(line, 150, 55, 0)).toBe(true);
    expect(hitsObject(line, 150, 70, 0)).toBe(false);
  });

  it("picks the frontmost object under the pointer, and what a dragged box touches", () => {
    expect(objectAt([rect, ellipse], 50, 25, 0)?.id).toBe("e");
    expect(objectAt([rect, ellipse], 2, 2, 0)?.id).toBe("r");
    expect(objectAt([rect, ellipse], 500, 500, 10)).toBeNull();
    expect(objectsInBox([rect, line], { minX: 90, minY: 40, maxX: 95, maxY: 45 }).map((o) => o.id)).toEqual(["r"]);
    expect(objectsInBox([rect, line], { minX: 90, minY: 40, maxX: 150, maxY: 60 }).map((o) => o.id)).toEqual(["r", "l"]);
  });

  it("places a dragged-out box from any corner, never smaller than a grabbable size; a line keeps its direction", () => {
    expect(placeFromDrag("rect", 100, 80, 20, 10)).toEqual({ x: 20, y: 10, w: 80, h: 70 });
    expect(placeFromDrag("sticky", 5, 5, 6, 6)).toEqual({ x: 5, y: 5, w: MIN_SIZE, h: MIN_SIZE });
    expect(placeFromDrag("arrow", 100, 80, 20, 10)).toEqual({ x: 100, y: 80, w: -80, h: -70 });
  });

  it("resizes from a grip with the opposite corner (or end) fixed, flipping when dragged past it", () => {
    expect(handleAt(rect, 98, 52, 4)).toBe("se");
    expect(handleAt(rect, 50, 25, 4)).toBeNull();
    expect(resize(rect, "se", 150, 80)).toEqual({ x: 0, y: 0, w: 150, h: 80 });
    expect(resize(rect, "nw", 20, 10)).toEqual({ x: 20, y: 10, w: 80, h: 40 });
    expect(resize(rect, "ne", -50, 20)).toEqual({ x: -50, y: 20, w: 50, h: 30 });
    expect(handleAt(line, 100, 0, 2)).toBe("end");
    expect(resize(line, "start", 0, 0)).toEqual({ x: 0, y: 0, w: 100, h: 0 });
    expect(resize(line, "end", 300, 100)).toEqual({ x: 200, y: 100, w: 100, h: 0 });
  });

  it("bounds, hits and selects a turned box where it stands, not where it stood", () => {
    // 100 × 50 at (0, 0) turned a quarter: it stands 50 wide and 100 high about (50, 25).
    const turned: ObjectData = { ...rect, rotation: 90 };
    const b = objectBounds(turned);
    expect([b.minX, b.minY, b.maxX, b.maxY].map((n) => Math.round(n))).toEqual([25, -25, 75, 75]);
    expect(pinPlace(turned).map(Math.round)).toEqual([75, -25]);
    expect(hitsObject(turned, 50, 70, 0)).toBe(true);
    expect(hitsObject(turned, 90, 25, 0)).toBe(false);
    expect(hitsObject(rect, 90, 25, 0)).toBe(true);
    const tilted: ObjectData = { ...ellipse, rotation: 90 };
    expect(hitsObject(tilted, 50, 70, 0)).toBe(true);
    expect(hitsObject(tilted, 95, 25, 0)).toBe(false);
    expect(objectsInBox([turned], { minX: 40, minY: 60, maxX: 60, maxY: 90 })).toEqual([turned]);
    expect(objectsInBox([turned], { minX: 85, minY: 0, maxX: 99, maxY: 10 })).toEqual([]);
    expect(contentBounds([], [turned])).toEqual(b);
  });

  it("puts a turned box's grips on its turned corners, and its rotation grip above its top at any zoom", () => {
    const turned: ObjectData = { ...rect, rotation: 90 };
    // The rotation grip is above the top's middle: for a quarter turn, to the right of the centre.
    expect(handleAt(rect, 50, -ROTATE_GRIP_GAP, 2)).toBe("rotate");
    expect(handleAt(rect, 50, -ROTATE_GRIP_GAP / 2, 2, 2)).toBe("rotate");
    expect(handleAt(turned, 75 + ROTATE_GRIP_GAP, 25, 2)).toBe("rotate");
    // Its top right corner (100, 0) stands at (75, 75).
    expect(handleAt(turned, 75, 75, 2)).toBe("ne");
    expect(handleAt(turned, 100, 0, 2)).toBeNull();
  });

  it("resizes a turned box with its opposite corner fixed where it stands, keeping its rotation", () => {
    const turned: ObjectData = { ...rect, rotation: 90 };
    const [, , , sw] = cornersOf(turned);
    // Dragging the top right corner (at (75, 75)) 40 further along the box's width (downwards).
    const place = resize(turned, "ne", 75, 115);
    expect(place.w).toBeCloseTo(140);
    expect(place.h).toBeCloseTo(50);
    const [, , , after] = cornersOf({ ...place, rotation: 90 });
    expect(after![0]).toBeCloseTo(sw![0]);
    expect(after![1]).toBeCloseTo(sw![1]);
  });

  it("fits an image's size within a longest side, never growing it", () => {
    expect(fitWithin({ width: 1920, height: 1080 }, 480)).toEqual({ w: 480, h: 270 });
    expect(fitWithin({ width: 100, height: 300 }, 480)).toEqual({ w: 100, h: 300 });
    expect(fitWithin({ width: 0, height: 0 }, 480)).toEqual({ w: 1, h: 1 });
  });

  it("points an arrow's head at the line's end", () => {
    const [tipX, tipY, ax, ay, bx, by] = arrowHead(0, 0, 100, 0, 2);
    expect([tipX, tipY]).toEqual([100, 0]);
    expect(ax).toBeCloseTo(88);
    expect(bx).toBeCloseTo(88);
    expect(ay).toBeCloseTo(-by!);
    expect(arrowHead(5, 5, 5, 5, 2).every(Number.isFinite)).toBe(true);
  });
});
