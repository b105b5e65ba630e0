import { describe, expect, it } from "vitest";
import { strokePath } from "../../web/src/board/geometry";
import type { ObjectData } from "../../web/src/board/objects";
import { escapeXml, pictureOf, toSvg } from "../../web/src/board/picture";

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
    expect(picture).toEqual({ x: 0, y: 0, width: 800, height: 600, strokes: [], objects: [] });
    expect(toSvg(picture)).not.toContain("<path");
  });

  const src = `/api/rooms/r/files/${"0".repeat(64)}`;
  const objects: ObjectData[] = [
    { id: "n", kind: "sticky", x: 200, y: 0, w: 100, h: 100, z: 1, fill: "#fff3a3", text: "Ship it" },
    { id: "t", kind: "text", x: -100, y: -100, w: 1000, h: 30, z: 2, color: "#1f2430", text: '</text><script>alert("x")</script> & \u0001' },
    { id: "i", kind: "image", x: 0, y: 100, w: 40, h: 20, z: 3, src },
  ];

  it("frames the objects too, draws them under the ink, and escapes their text", () => {
    const picture = pictureOf(strokes, objects);
    // Objects reach x -100..900 and y -100..120; the frame adds 32 + 8 / 2 on every side.
    expect(picture).toMatchObject({ x: -136, y: -136, width: 1072, height: 292 });
    const svg = toSvg(picture);
    expect(svg.indexOf('fill="#fff3a3"')).toBeLessThan(svg.indexOf("<path "));
    expect(svg).toContain(">Ship it</tspan>");
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&#60;/text&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; </tspan>");
  });

  it("frames a turned object where it stands and writes it turned, an image's grey box too", () => {
    const turned: ObjectData[] = [
      { id: "t", kind: "rect", x: 0, y: 0, w: 200, h: 20, z: 1, color: "#1f2430", width: 2, rotation: 90 },
      { id: "i", kind: "image", x: 0, y: 0, w: 200, h: 20, z: 2, src: "/api/rooms/r/files/x", rotation: 90 },
    ];
    const picture = pictureOf([], turned);
    // Turned a quarter about (100, 10), it stands from x 90 to 110 and y -90 to 110; the frame adds 32 + 2 / 2.
    expect(picture.x).toBeCloseTo(57);
    expect(picture.y).toBeCloseTo(-123);
    expect(picture.width).toBeCloseTo(86);
    expect(picture.height).toBeCloseTo(266);
    const svg = toSvg(picture);
    expect(svg).toMatch(/<rect x="0" y="0" width="200" height="20" rx="4" [^>]*transform="rotate\(90 100 10\)"\/>/);
    expect(svg).toMatch(/<rect [^>]*transform="rotate\(90 100 10\)" fill="#e8eaee"\/>/);
  });

  it("embeds an image only as a data: URL of a raster type, else draws a grey box in its place", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    expect(toSvg(pictureOf([], objects), new Map([[src, png]]))).toContain(
      `<image x="0" y="100" width="40" height="20" preserveAspectRatio="none" href="${png}"/>`,
    );
    for (const embedded of [undefined, "data:image/svg+xml;base64,PHN2Zz4=", 'data:image/png;base64,AA"/><script>', `https://evil.example${src}`]) {
      const svg = toSvg(pictureOf([], objects), new Map(embedded === undefined ? [] : [[src, embedded]]));
      expect(svg, String(embedded)).not.toContain("<image");
      expect(svg).toContain('<rect x="0" y="100" width="40" height="20" fill="#e8eaee"/>');
    }
  });

  it("escapes markup and leaves out the characters XML cannot hold", () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\u0008\t\n\ufffe`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;\t\n");
    expect(escapeXml(-1.5)).toBe("-1.5");
  });
});
