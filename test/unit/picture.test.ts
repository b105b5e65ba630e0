import { describe, expect, it } from "vitest";
import { strokePath } from "../../web/src/board/geometry";
import { pictureOf, toSvg } from "../../web/src/board/picture";

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
