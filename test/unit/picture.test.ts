/** The pages' pure helpers: redirects after sign-in, reconnect timing, stroke geometry, pan and zoom, whiteboard export. */
import { describe, expect, it } from "vitest";
import { pictureOf, toSvg } from "../../web/src/board/picture";
import { boundsOf, distanceToStroke, strokePath } from "../../web/src/board/geometry";
import { fitTo, toBoard, toScreen, zoomAt } from "../../web/src/board/viewport";
import { safeNext } from "../../web/src/lib/next";
import { addJitter, backoffCeiling, jitteredDelay } from "../../web/src/room/backoff";

describe("safeNext", () => {
  it("keeps paths on this site and refuses everything that leaves it", () => {
    expect(safeNext("/rooms/plans?x=1")).toBe("/rooms/plans?x=1");
    for (const bad of [null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "rooms/x"]) expect(safeNext(bad)).toBe("/");
  });
});

describe("reconnect backoff with jitter", () => {
  it("doubles up to the cap and always waits between half the ceiling and the ceiling", () => {
    expect([1, 2, 3, 10, 20].map((n) => backoffCeiling(n))).toEqual([200, 400, 800, 10_000, 10_000]);
    expect(jitteredDelay(3, () => 0)).toBe(400);
    expect(jitteredDelay(3, () => 0.999_999)).toBeCloseTo(800, 2);
  });

  it("sets the stock provider's wait for the attempt it is about to make", () => {
    const listeners: Array<() => void> = [];
    const provider = { wsUnsuccessfulReconnects: 2, maxBackoffTime: 2500, on: (_: "connection-close", l: () => void) => listeners.push(l) };
    addJitter(provider, () => 0.5);
    listeners.forEach((l) => l());
    // y-websocket counts this close (3 failures) and waits min(100 · 2^3, maxBackoffTime): 600 ms.
    expect(provider.maxBackoffTime).toBe(600);
  });
});

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
    expect(boundsOf([[0, 5, 10, -2], [-3, 1]])).toEqual({ minX: -3, minY: -2, maxX: 10, maxY: 5 });
    expect(boundsOf([])).toBeNull();
  });
});

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
});

describe("whiteboard export", () => {
  const strokes = [
    { color: "#1f2430", width: 4, points: [10, 20, 110, 20, 110, 70] },
    { color: "#e5484d", width: 8, points: [-50, 0] },
  ];

  it("frames every stroke with a margin beyond the widest line, one path per stroke on a white background", () => {
    const picture = pictureOf(strokes);
    // Points span x -50..110 and y 0..70; the frame adds 32 + 8 / 2 on every side.
    expect(picture).toMatchObject({ x: -86, y: -36, width: 232, height: 142 });
    const svg = toSvg(picture);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="232" height="142" viewBox="-86 -36 232 142">/);
    expect(svg).toContain('<rect x="-86" y="-36" width="232" height="142" fill="#ffffff"/>');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('stroke="#e5484d" stroke-width="8"');
    expect(svg).toContain(`d="${strokePath(strokes[0]!.points)}"`);
  });

  it("exports an empty board as a blank page", () => {
    const picture = pictureOf([]);
    expect(picture).toEqual({ x: 0, y: 0, width: 800, height: 600, strokes: [] });
    expect(toSvg(picture)).not.toContain("<path");
  });
});
