/** The presence shape apps accept from other people (src/presence-shape.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cursorOf, drawsCaret, MAX_SELECTION, MAX_TEXT, personOf, pointerOf, selectionOf } from "../src/presence-shape";

const ROOT = "prosemirror";
const ada = { id: "u-ada", name: "Ada Lovelace", color: "#e5484d" };

/** A document with text, and relative positions as y-prosemirror puts them in awareness (JSON). */
function documentWithText() {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(ROOT);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Hello")]);
  fragment.insert(0, [paragraph]);
  const text = paragraph.get(0) as Y.XmlText;
  const json = (position: Y.RelativePosition) => JSON.parse(JSON.stringify(position)) as unknown;
  return {
    doc,
    start: json(Y.createRelativePositionFromTypeIndex(fragment, 0)),
    inText: json(Y.createRelativePositionFromTypeIndex(text, 3)),
    atEnd: json(Y.createRelativePositionFromTypeIndex(text, 5, -1)),
  };
}

describe("personOf", () => {
  it("accepts the person the pages announce and copies only its three fields", () => {
    expect(personOf({ user: { ...ada, extra: "x" }, cursor: null })).toEqual(ada);
  });

  it("ignores users of the wrong shape", () => {
    const wrong: unknown[] = [
      null,
      5,
      "Ada",
      {},
      { user: null },
      { user: 5 },
      { user: "Ada" },
      { user: [ada] },
      { user: { ...ada, id: undefined } },
      { user: { ...ada, id: 7 } },
      { user: { ...ada, name: 42 } },
      { user: { ...ada, name: "" } },
      { user: { ...ada, name: ["Ada"] } },
      { user: { ...ada, name: "A".repeat(MAX_TEXT + 1) } },
      { user: { ...ada, color: undefined } },
      { user: { ...ada, color: "#e66" } },
      { user: { ...ada, color: "red" } },
      { user: { ...ada, color: "#e5484d; background: url(https://evil.example/)" } },
      { user: { ...ada, color: { r: 1 } } },
    ];
    for (const state of wrong) expect(personOf(state), JSON.stringify(state)?.slice(0, 80)).toBeNull();
    expect(personOf({ user: { ...ada, name: "A".repeat(MAX_TEXT) } })).not.toBeNull();
  });
});

describe("cursorOf", () => {
  it("accepts the positions y-prosemirror writes: root-relative, item-relative, left-associated", () => {
    const { start, inText, atEnd } = documentWithText();
    expect(cursorOf({ cursor: { anchor: start, head: inText } }, ROOT)).toEqual({ anchor: start, head: inText });
    expect(cursorOf({ cursor: { anchor: inText, head: atEnd } }, ROOT)).toEqual({ anchor: inText, head: atEnd });
    expect(drawsCaret({ user: ada, cursor: { anchor: start, head: atEnd } }, ROOT)).toBe(true);
  });

  it("ignores cursors of the wrong shape", () => {
    const { inText } = documentWithText();
    const at = (anchor: unknown) => ({ cursor: { anchor, head: inText } });
    const wrong: unknown[] = [
      {},
      { cursor: null },
      { cursor: "here" },
      { cursor: 3 },
      { cursor: [inText, inText] },
      { cursor: { anchor: inText } },
      at(null),
      at({}),
      at({ type: null, tname: null, item: null, assoc: 0 }),
      at({ item: { client: -1, clock: 0 } }),
      at({ item: { client: 1, clock: -1 } }),
      at({ item: { client: 1, clock: 0.5 } }),
      at({ item: { client: "1", clock: 0 } }),
      at({ item: 5 }),
      at({ type: { client: 1 } }),
      at({ tname: "meta" }),
      at({ tname: "" }),
      at({ tname: ROOT, assoc: "left" }),
      at({ tname: ROOT, assoc: 0.5 }),
    ];
    for (const state of wrong) expect(cursorOf(state, ROOT), JSON.stringify(state)).toBeNull();
    expect(drawsCaret({ user: 5, cursor: { anchor: inText, head: inText } }, ROOT)).toBe(false);
    expect(drawsCaret({ user: ada }, ROOT)).toBe(false);
  });

  it("every cursor it accepts, Yjs resolves without throwing", () => {
    const { doc } = documentWithText();
    const anyValue = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer({ min: -2, max: 2 ** 32 }),
      fc.double(),
      fc.string({ maxLength: 3 }),
      fc.constant(ROOT),
      fc.constant("meta"),
    );
    const id = fc.oneof(
      anyValue,
      fc.record({ client: anyValue, clock: anyValue }),
      fc.record({ client: fc.constant(doc.clientID), clock: fc.integer({ min: -1, max: 12 }) }),
    );
    const position = fc.oneof(anyValue, fc.record({ type: id, tname: anyValue, item: id, assoc: anyValue }, { requiredKeys: [] }));
    fc.assert(
      fc.property(position, position, (anchor, head) => {
        const cursor = cursorOf({ cursor: { anchor, head } }, ROOT);
        if (cursor === null) return;
        for (const p of [cursor.anchor, cursor.head]) Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(p), doc);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("pointerOf", () => {
  it("accepts two finite numbers and ignores anything else", () => {
    expect(pointerOf({ pointer: { x: -3.5, y: 12 } })).toEqual({ x: -3.5, y: 12 });
    for (const pointer of [null, 5, "1,2", [1, 2], { x: 1 }, { x: "1", y: 2 }, { x: 1, y: null }, { x: Number.NaN, y: 0 }, { x: Infinity, y: 0 }])
      expect(pointerOf({ pointer }), String(pointer)).toBeNull();
  });
});

describe("selectionOf", () => {
  it("accepts a list of board object ids and ignores anything else", () => {
    expect(selectionOf({ selection: ["a1b2", "c_3-d"] })).toEqual(["a1b2", "c_3-d"]);
    expect(selectionOf({ selection: [] })).toEqual([]);
    const tooMany = Array.from({ length: MAX_SELECTION + 1 }, (_, i) => `id${i}`);
    for (const selection of [null, "a1b2", { 0: "a1b2" }, [1], ["a b"], ['"><script>'], [""], ["x".repeat(65)], tooMany])
      expect(selectionOf({ selection }), JSON.stringify(selection).slice(0, 40)).toBeNull();
    expect(selectionOf({})).toBeNull();
  });
});
