/** Whiteboard objects as SVG elements (web/src/board/shapes.ts), shared by the live board and the export. */
import { describe, expect, it } from "vitest";
import type { ObjectData } from "../../web/src/board/objects";
import { LINE_HEIGHT, objectParts, STICKY_TEXT_SIZE, textHeight, wrapText } from "../../web/src/board/shapes";

const at = { id: "o", x: 10, y: 20, w: 200, h: 100, z: 1 };

describe("wrapText", () => {
  it("breaks at newlines, between words, and inside words longer than a line", () => {
    // 110 units at size 20 hold 10 glyphs of the estimated width.
    expect(wrapText("one two three four", 110, 20)).toEqual(["one two", "three four"]);
    expect(wrapText("first\n\nthird", 110, 20)).toEqual(["first", "", "third"]);
    expect(wrapText("abcdefghijklmnopqrstuvwxyz end", 110, 20)).toEqual(["abcdefghij", "klmnopqrst", "uvwxyz end"]);
    expect(wrapText("", 110, 20)).toEqual([""]);
    expect(wrapText("tiny box", 1, 20)).toEqual(["t", "i", "n", "y", "b", "o", "x"]);
  });

  it("gives a text object the height of its lines", () => {
    expect(textHeight("one two three four", 110)).toBe(Math.ceil(2 * 20 * LINE_HEIGHT + 8));
  });
});

describe("objectParts", () => {
  it("draws shapes in their palette colour and width", () => {
    expect(objectParts({ ...at, kind: "rect", color: "#e5484d", width: 4 })).toEqual([
      { tag: "rect", attrs: { x: 10, y: 20, width: 200, height: 100, rx: 4, fill: "none", stroke: "#e5484d", "stroke-width": 4 } },
    ]);
    expect(objectParts({ ...at, kind: "ellipse", color: "#e5484d", width: 4 })[0]).toMatchObject({
      tag: "ellipse",
      attrs: { cx: 110, cy: 70, rx: 100, ry: 50 },
    });
    const arrow = objectParts({ ...at, kind: "arrow", color: "#0090ff", width: 2 });
    expect(arrow.map((p) => p.tag)).toEqual(["line", "polygon"]);
    expect(arrow[0]!.attrs).toMatchObject({ x1: 10, y1: 20, x2: 210, y2: 120 });
    expect(objectParts({ ...at, kind: "line", color: "#0090ff", width: 2 }).map((p) => p.tag)).toEqual(["line"]);
  });

  it("turns every part of a turned box about the box's centre, and nothing else", () => {
    const note = objectParts({ ...at, kind: "sticky", fill: "#fff3a3", text: "Turned", rotation: 30 });
    expect(note.map((p) => p.attrs.transform)).toEqual(["rotate(30 110 70)", "rotate(30 110 70)"]);
    expect(objectParts({ ...at, kind: "rect", color: "#e5484d", width: 4 })[0]!.attrs).not.toHaveProperty("transform");
  });

  it("lays text out in lines, and a sticky note's only as far as the note reaches", () => {
    const text = objectParts({ ...at, kind: "text", color: "#1f2430", text: "Hello <world>\nbye" });
    expect(text).toMatchObject([{ tag: "text", attrs: { fill: "#1f2430" }, lines: [{ text: "Hello <world>" }, { text: "bye" }] }]);
    const long = Array.from({ length: 40 }, (_, i) => `line${i}`).join("\n");
    const [paper, words] = objectParts({ ...at, kind: "sticky", fill: "#fff3a3", text: long });
    expect(paper).toMatchObject({ tag: "rect", attrs: { fill: "#fff3a3" } });
    if (words?.tag !== "text") throw new Error("a sticky note has text");
    const lines = words.lines;
    expect(lines.length).toBe(Math.floor((100 - 12) / (STICKY_TEXT_SIZE * LINE_HEIGHT)));
    expect(lines.at(-1)!.y).toBeLessThanOrEqual(at.y + at.h);
  });

  it("shows an image at its place, from its room URL", () => {
    const src = `/api/rooms/r/files/${"0".repeat(64)}`;
    expect(objectParts({ ...at, kind: "image", src } satisfies ObjectData)).toEqual([
      { tag: "image", attrs: { x: 10, y: 20, width: 200, height: 100, href: src, preserveAspectRatio: "none" } },
    ]);
  });
});
