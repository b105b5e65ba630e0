/** The diff between two points of a log, from real Yjs updates of two authors. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { diffStates } from "../../src/document/history-diff";
import { logOf } from "./logged-edits";

describe("diffStates", () => {
  it("credits insertions and deletions between two points to their authors", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    const { edits, as } = logOf(doc);
    as("ann", () => text.insert(0, "Hello world"));
    as("bob", () => text.insert(5, ","));
    as("bob", () => text.delete(7, 5));
    as("ann", () => text.insert(7, "there"));
    expect(text.toString()).toBe("Hello, there");

    expect(diffStates(null, edits, 1).changes).toEqual([
      { op: "insert", text: ",", author: "bob", at: 2000 },
      { op: "delete", text: "world", author: "bob", at: 3000 },
      { op: "insert", text: "there", author: "ann", at: 4000 },
    ]);
    expect(diffStates(null, edits, 0)).toEqual({
      root: "t",
      changes: [
        { op: "insert", text: "Hello", author: "ann", at: 1000 },
        { op: "insert", text: ",", author: "bob", at: 2000 },
        { op: "insert", text: " there", author: "ann", at: 4000 },
      ],
    });
  });

  it("shows nothing for text inserted and deleted again between the points", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    const { edits, as } = logOf(doc);
    as("ann", () => text.insert(0, "keep"));
    as("bob", () => text.insert(4, " oops"));
    as("bob", () => text.delete(4, 5));
    expect(diffStates(null, edits, 1).changes).toEqual([]);
    expect(diffStates(null, edits, 2).changes).toEqual([{ op: "delete", text: " oops", author: "bob", at: 3000 }]);
  });

  it("starts from a base state and keeps paragraphs apart", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("prosemirror");
    const first = new Y.XmlElement("paragraph");
    first.insert(0, [new Y.XmlText("one")]);
    fragment.insert(0, [first]);
    const base = Y.encodeStateAsUpdate(doc);
    const { edits, as } = logOf(doc);
    as("ann", () => {
      const second = new Y.XmlElement("paragraph");
      second.insert(0, [new Y.XmlText("two")]);
      fragment.insert(1, [second]);
    });
    as("bob", () => fragment.delete(0, 1));
    const diff = diffStates(
      base,
      edits.map((e) => ({ ...e, seq: e.seq + 5 })),
      5,
    );
    expect(diff).toEqual({
      root: "prosemirror",
      changes: [
        { op: "delete", text: "one", author: "bob", at: 2000 },
        { op: "insert", text: "two", author: "ann", at: 1000 },
      ],
    });
  });

  it("reports a board's objects added and removed whole", () => {
    const doc = new Y.Doc();
    const objects = doc.getMap<Y.Map<unknown>>("objects");
    const { edits, as } = logOf(doc);
    const shape = (kind: string) => {
      const m = new Y.Map<unknown>();
      m.set("kind", kind);
      return m;
    };
    as("ann", () => objects.set("a", shape("circle")));
    as("bob", () => objects.set("b", shape("square")));
    as("bob", () => objects.delete("a"));
    expect(diffStates(null, edits, 1, "objects").changes).toEqual([
      { op: "delete", text: 'a: {kind: "circle"}', author: "bob", at: 3000 },
      { op: "insert", text: 'b: {kind: "square"}', author: "bob", at: 2000 },
    ]);
  });

  it("names the root asked for, even one the document lacks", () => {
    expect(diffStates(null, [], 0, "nothing")).toEqual({ root: "nothing", changes: [] });
  });
});
