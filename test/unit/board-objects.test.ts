/** Whiteboard objects in Yjs (web/src/board/objects.ts): what the board writes, reads back, and refuses to read. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { COLORS, WIDTHS } from "../../web/src/board/ink";
import {
  addObject,
  MAX_TEXT,
  objectsOf,
  readObject,
  readObjects,
  removeObjects,
  restack,
  STICKY_COLORS,
  turnObjects,
  updateObject,
} from "../../web/src/board/objects";

const FILE = `/api/rooms/plans%20q3/files/${"ab12".repeat(16)}`;

/** An object map with exactly these fields, as a crafted update could write it. */
function crafted(fields: Record<string, unknown>): Y.Map<unknown> {
  const item = new Y.Map<unknown>();
  new Y.Doc().getArray("scratch").push([item]);
  for (const [key, value] of Object.entries(fields)) item.set(key, value);
  return item;
}
const place = { x: 10, y: -20, w: 100, h: 50, z: 1 };

describe("readObject", () => {
  it("reads every kind the board writes", () => {
    const doc = new Y.Doc();
    const objects = objectsOf(doc);
    const written = [
      { kind: "rect", ...place, color: COLORS[1], width: WIDTHS[0] },
      { kind: "ellipse", ...place, color: COLORS[2], width: WIDTHS[2] },
      { kind: "line", ...place, w: -30, h: 0, color: COLORS[0], width: WIDTHS[1] },
      { kind: "arrow", ...place, w: 0, h: -40, color: COLORS[3], width: WIDTHS[1] },
      { kind: "text", ...place, color: COLORS[4], text: "Launch <b>plan</b>\nQ3" },
      { kind: "sticky", ...place, fill: STICKY_COLORS[2], text: "" },
      { kind: "image", ...place, src: FILE },
    ] as const;
    const ids = written.map((fields) => addObject(objects, fields, "u-ada"));
    const read = readObjects(objects);
    expect(read.map((o) => o.id)).toEqual(ids);
    read.forEach((o, i) => {
      const { z: _, ...fields } = written[i]!;
      expect(o).toEqual({ ...fields, id: ids[i], z: i + 1 });
    });
    expect(objects.get(ids[0]!)!.get("by")).toBe("u-ada");
  });

  it("ignores objects of the wrong shape", () => {
    const rect = { kind: "rect", ...place, color: COLORS[0], width: WIDTHS[0] };
    expect(readObject("ok", crafted(rect))).not.toBeNull();
    const wrong: Array<Record<string, unknown>> = [
      { ...rect, kind: "script" },
      { ...rect, kind: undefined },
      { ...rect, x: Number.NaN },
      { ...rect, y: "1" },
      { ...rect, w: 0 },
      { ...rect, h: -5 },
      { ...rect, w: 1e9 },
      { ...rect, x: 1e12 },
      { ...rect, z: Infinity },
      { ...rect, z: undefined },
      { ...rect, color: "red" },
      { ...rect, color: '#000" onload="alert(1)' },
      { ...rect, width: 3 },
      { ...rect, rotation: "90" },
      { ...rect, rotation: Number.NaN },
      { kind: "line", ...place, w: 2e5, color: COLORS[0], width: WIDTHS[0] },
      { kind: "text", ...place, color: COLORS[0], text: 42 },
      { kind: "text", ...place, color: COLORS[0], text: "x".repeat(MAX_TEXT + 1) },
      { kind: "text", ...place, color: COLORS[0], text: new Y.Text("typed") },
      { kind: "sticky", ...place, fill: "#ff0000", text: "" },
      { kind: "image", ...place, src: "javascript:alert(1)" },
      { kind: "image", ...place, src: `https://evil.example${FILE}` },
      { kind: "image", ...place, src: `${FILE}" onload="alert(1)` },
      { kind: "image", ...place, src: `/api/rooms/a"b/files/${"ab12".repeat(16)}` },
      { kind: "image", ...place, src: FILE.replace("ab12", "AB12") },
      { kind: "image", ...place },
    ];
    for (const fields of wrong) expect(readObject("ok", crafted(fields)), JSON.stringify(fields)).toBeNull();
    expect(readObject('bad"id', crafted(rect))).toBeNull();
    expect(readObject("ok", "a string")).toBeNull();
    expect(readObject("ok", new Y.Array())).toBeNull();
  });

  it("reads a box's rotation in [0, 360), leaves it out when there is none, and gives a line none", () => {
    const rect = { kind: "rect", ...place, color: COLORS[0], width: WIDTHS[0] };
    expect(readObject("ok", crafted({ ...rect, rotation: 30 }))).toMatchObject({ rotation: 30 });
    expect(readObject("ok", crafted({ ...rect, rotation: -90 }))).toMatchObject({ rotation: 270 });
    expect(readObject("ok", crafted({ ...rect, rotation: 720 }))).not.toHaveProperty("rotation");
    expect(readObject("ok", crafted(rect))).not.toHaveProperty("rotation");
    expect(readObject("ok", crafted({ kind: "arrow", ...place, color: COLORS[0], width: WIDTHS[0], rotation: 45 }))).not.toHaveProperty("rotation");
  });

  it("leaves unreadable objects out and orders the rest by z, then id, the same on every board", () => {
    const doc = new Y.Doc();
    const objects = objectsOf(doc);
    const rect = { kind: "rect", ...place, color: COLORS[0], width: WIDTHS[0] };
    const unattached = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));
    objects.set("b", unattached({ ...rect, z: 2 }));
    objects.set("a", unattached({ ...rect, z: 2 }));
    objects.set("c", unattached({ ...rect, z: -1 }));
    objects.set("d", unattached({ ...rect, color: "teal" }));
    expect(readObjects(objects).map((o) => o.id)).toEqual(["c", "a", "b"]);
  });
});

describe("changing objects", () => {
  const board = () => {
    const doc = new Y.Doc();
    const objects = objectsOf(doc);
    const add = () => addObject(objects, { kind: "ellipse", ...place, color: COLORS[0], width: WIDTHS[0] }, "u-ada");
    return { doc, objects, ids: [add(), add(), add(), add()] };
  };
  const order = (objects: ReturnType<typeof objectsOf>) => readObjects(objects).map((o) => o.id);

  it("brings a selection to the front or sends it to the back, keeping its own order", () => {
    const { objects, ids } = board();
    const [a, b, c, d] = ids as [string, string, string, string];
    restack(objects, new Set([a, c]), "front");
    expect(order(objects)).toEqual([b, d, a, c]);
    restack(objects, new Set([d, c]), "back");
    expect(order(objects)).toEqual([d, c, b, a]);
    restack(objects, new Set(["gone"]), "front");
    expect(order(objects)).toEqual([d, c, b, a]);
  });

  it("turns the selected boxes a step at a time, round past a full turn, and leaves lines as they point", () => {
    const { objects, ids } = board();
    const line = addObject(objects, { kind: "line", ...place, color: COLORS[0], width: WIDTHS[0] }, "u-ada");
    turnObjects(objects, new Set([ids[0]!, line]), 15);
    turnObjects(objects, new Set([ids[0]!, line]), -30);
    expect(readObject(ids[0]!, objects.get(ids[0]!))).toMatchObject({ rotation: 345 });
    expect(objects.get(line)!.has("rotation")).toBe(false);
    expect(readObject(ids[1]!, objects.get(ids[1]!))).not.toHaveProperty("rotation");
  });

  it("updates only what changed, and removes objects", () => {
    const { doc, objects, ids } = board();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    updateObject(objects, ids[0]!, { x: place.x, y: place.y });
    expect(updates).toHaveLength(0);
    updateObject(objects, ids[0]!, { x: 500 });
    expect(readObject(ids[0]!, objects.get(ids[0]!))).toMatchObject({ x: 500, y: place.y });
    updateObject(objects, "gone", { x: 1 });
    expect(objects.has("gone")).toBe(false);
    removeObjects(objects, [ids[0]!, ids[1]!]);
    expect(order(objects)).toEqual(ids.slice(2));
  });

  it("undoes only my own changes to objects (the board's undo manager tracks its origin)", () => {
    const { doc, objects, ids } = board();
    const mine = { board: "u-bob" };
    const undo = new Y.UndoManager(objects, { trackedOrigins: new Set([mine]), captureTimeout: Infinity });
    doc.transact(() => updateObject(objects, ids[0]!, { x: 999 }), mine);
    undo.stopCapturing();
    doc.transact(() => removeObjects(objects, [ids[1]!]), mine);
    updateObject(objects, ids[2]!, { y: 777 });
    undo.undo();
    expect(order(objects)).toEqual(ids);
    undo.undo();
    expect(readObject(ids[0]!, objects.get(ids[0]!))).toMatchObject({ x: place.x });
    expect(readObject(ids[2]!, objects.get(ids[2]!))).toMatchObject({ y: 777 });
  });
});
