/** Reading whiteboard strokes back from Yjs (web/src/board/model.ts) and the SVG export of crafted ones. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { COLORS, WIDTHS } from "../../web/src/board/ink";
import { beginStroke, extendStroke, readStroke, readStrokes, strokesOf } from "../../web/src/board/model";
import { pictureOf, toSvg } from "../../web/src/board/picture";

/** A stroke map with exactly these fields, as a crafted update could write it. */
function craftedStroke(fields: Record<string, unknown>): Y.Map<unknown> {
  const doc = new Y.Doc();
  const stroke = new Y.Map<unknown>();
  doc.getArray("scratch").push([stroke]);
  for (const [key, value] of Object.entries(fields)) stroke.set(key, value);
  return stroke;
}
const points = (...values: Array<number | string | null | Y.Map<unknown>>) => Y.Array.from(values);
const good = () => ({ color: COLORS[1], width: WIDTHS[2], points: points(1, 2, 3.5, -4) });

describe("readStroke", () => {
  it("reads a stroke the board drew, while and after it is drawn", () => {
    const doc = new Y.Doc();
    const strokes = strokesOf(doc);
    const stroke = beginStroke(strokes, { color: COLORS[0], width: WIDTHS[1] }, "u-ada", 10, 20);
    expect(readStroke(stroke)).toEqual({ color: COLORS[0], width: WIDTHS[1], points: [10, 20] });
    extendStroke(stroke, [11, 21, 12.5, 22]);
    expect(readStroke(stroke)).toEqual({ color: COLORS[0], width: WIDTHS[1], points: [10, 20, 11, 21, 12.5, 22] });
    expect(readStroke(craftedStroke(good()))).toEqual({ color: COLORS[1], width: WIDTHS[2], points: [1, 2, 3.5, -4] });
  });

  it("ignores strokes of the wrong shape", () => {
    const wrong: Array<[string, unknown]> = [
      ["not a map", 5],
      ["an array", Y.Array.from([1, 2])],
      ["a plain object", good()],
      ["no colour", craftedStroke({ ...good(), color: undefined })],
      ["a colour off the palette", craftedStroke({ ...good(), color: "#123456" })],
      ["a named colour", craftedStroke({ ...good(), color: "red" })],
      ["markup as colour", craftedStroke({ ...good(), color: '#1f2430"/><script>alert(1)</script>' })],
      ["a width off the palette", craftedStroke({ ...good(), width: 3 })],
      ["a width as text", craftedStroke({ ...good(), width: "4" })],
      ["markup as width", craftedStroke({ ...good(), width: '4"><script>alert(1)</script>' })],
      ["no points", craftedStroke({ ...good(), points: undefined })],
      ["points as a plain list", craftedStroke({ ...good(), points: [1, 2] })],
      ["points as text", craftedStroke({ ...good(), points: "M0 0" })],
      ["no coordinates", craftedStroke({ ...good(), points: points() })],
      ["an odd number of coordinates", craftedStroke({ ...good(), points: points(1, 2, 3) })],
      ["a coordinate as text", craftedStroke({ ...good(), points: points(1, '2"/><script>alert(1)</script>') })],
      ["a numeric string", craftedStroke({ ...good(), points: points(1, "2") })],
      ["NaN", craftedStroke({ ...good(), points: points(1, Number.NaN) })],
      ["Infinity", craftedStroke({ ...good(), points: points(Number.POSITIVE_INFINITY, 2) })],
      ["null", craftedStroke({ ...good(), points: points(1, null) })],
      ["a nested type", craftedStroke({ ...good(), points: points(1, new Y.Map()) })],
    ];
    for (const [what, item] of wrong) expect(readStroke(item), what).toBeNull();
  });
});

describe("the SVG export of a board with crafted strokes", () => {
  it("leaves the crafted strokes out, markup and all, and keeps the others", () => {
    // Mallory's board: one ordinary stroke, and strokes whose fields carry markup.
    const mallory = new Y.Doc();
    const drawn = strokesOf(mallory);
    beginStroke(drawn, { color: COLORS[4], width: WIDTHS[0] }, "u-mallory", 0, 0);
    extendStroke(drawn.get(0), [40, 30]);
    const markup = '"/><script>alert(document.cookie)</script><path d="';
    const crafted = (fields: Record<string, unknown>) => {
      const stroke = new Y.Map<unknown>();
      drawn.push([stroke]);
      for (const [key, value] of Object.entries({ by: "u-mallory", ...fields })) stroke.set(key, value);
    };
    crafted({ color: COLORS[0], width: WIDTHS[1], points: Y.Array.from([10, `10${markup}`, 20, 20]) });
    crafted({ color: `#e5484d${markup}`, width: WIDTHS[1], points: Y.Array.from([10, 10, 20, 20]) });
    crafted({ color: COLORS[0], width: `4${markup}`, points: Y.Array.from([10, 10, 20, 20]) });
    drawn.push([markup as never]);

    // What Ada's page holds after the update, and the file she downloads.
    const ada = new Y.Doc();
    Y.applyUpdate(ada, Y.encodeStateAsUpdate(mallory));
    const strokes = readStrokes(strokesOf(ada).toArray());
    expect(strokes).toEqual([{ color: COLORS[4], width: WIDTHS[0], points: [0, 0, 40, 30] }]);
    const svg = toSvg(pictureOf(strokes));
    expect(svg).not.toContain("script");
    expect(svg).not.toContain("cookie");
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain(`<path d="M0 0L40 30" fill="none" stroke="${COLORS[4]}" stroke-width="${WIDTHS[0]}"`);
  });
});
