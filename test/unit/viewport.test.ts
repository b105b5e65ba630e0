import { describe, expect, it } from "vitest";
import { fitTo, recentred, toBoard, toScreen, zoomAt } from "../../web/src/board/viewport";

describe("viewport", () => {
  it("zooms around the pointer, keeping the board point under it in place", () => {
    const v = zoomAt({ x: 30, y: -20, scale: 1 }, 2, 200, 100);
    const before = toBoard({ x: 30, y: -20, scale: 1 }, 200, 100);
    expect(toScreen(v, before.x, before.y)).toEqual({ x: 200, y: 100 });
    expect(zoomAt(v, 1000, 0, 0).scale).toBe(8);
    expect(zoomAt(v, 0.000_1, 0, 0).scale).toBe(0.1);
  });

  it("fits content into the screen, centred and never above 100 %", () => {
    const fit = fitTo({ minX: 0, minY: 0, maxX: 2000, maxY: 1000 }, 1000, 600, 0);
    expect(fit.scale).toBe(0.5);
    expect(toScreen(fit, 1000, 500)).toEqual({ x: 500, y: 300 });
    expect(fitTo({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 1000, 600).scale).toBe(1);
    expect(fitTo(null, 1000, 600)).toEqual({ x: 500, y: 300, scale: 1 });
  });

  it("keeps the board point in the middle of the screen there when the screen is resized", () => {
    const v = { x: 120, y: -40, scale: 2 };
    const middle = toBoard(v, 500, 300);
    // A 320 pixel panel opens beside the board: 1000 × 600 becomes 680 × 600.
    expect(toScreen(recentred(v, -320, 0), middle.x, middle.y)).toEqual({ x: 340, y: 300 });
    expect(recentred(recentred(v, -320, 0), 320, 0)).toEqual(v);
  });
});
