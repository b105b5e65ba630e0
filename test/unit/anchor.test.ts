import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type Anchor, decodePosition, encodePosition, resolveAnchor } from "../../src/document/anchor";

/** The anchor a client makes for `text[from, to)`: before its first character, after its last. */
function anchorOf(type: Y.Text, from: number, to: number): Anchor {
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(type, from)), end: encodePosition(Y.createRelativePositionFromTypeIndex(type, to, -1)) };
}

/** The room's copy of a document: loaded from bytes, its roots of unknown type. */
function serverCopy(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe("resolveAnchor", () => {
  it("follows the anchored words through inserts before them and inside them, on the client and the server", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "hello world");
    const anchor = anchorOf(text, 6, 11);
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "attached", type: "t", from: 6, to: 11 });
    text.insert(0, ">> ");
    text.insert(11, "big ");
    expect(text.toString()).toBe(">> hello wobig rld");
    // Typing right after the range is not part of it.
    text.insert(18, "!");
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "attached", type: "t", from: 9, to: 18 });
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "attached", type: "t", from: 9, to: 18 });
  });

  it("is detached once the anchored text is deleted, and stays attached while some of it is left", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "keep this part");
    const anchor = anchorOf(text, 5, 9);
    text.delete(5, 2);
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "attached", type: "t", from: 5, to: 7 });
    text.delete(5, 2);
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "detached" });
    // Text typed where the range was is not the anchored text.
    text.insert(5, "new ");
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "detached" });
  });

  it("counts positions as ProseMirror does in a y-prosemirror fragment, across paragraphs", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("prosemirror");
    const p1 = new Y.XmlElement("paragraph");
    const p2 = new Y.XmlElement("paragraph");
    fragment.insert(0, [p1, p2]);
    const t1 = new Y.XmlText("First line");
    const t2 = new Y.XmlText("Second line");
    p1.insert(0, [t1]);
    p2.insert(0, [t2]);
    // <p>First line</p><p>Second line</p>: "line" of the first is 7–11, "Second" is 13–19.
    const anchor = {
      start: encodePosition(Y.createRelativePositionFromTypeIndex(t1, 6)),
      end: encodePosition(Y.createRelativePositionFromTypeIndex(t2, 6, -1)),
    };
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "attached", type: "prosemirror", from: 7, to: 19 });
    fragment.insert(0, [new Y.XmlElement("paragraph")]);
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "attached", type: "prosemirror", from: 9, to: 21 });
  });

  it("is detached for a position from another document's content or an unknown one", () => {
    const other = new Y.Doc();
    other.getText("t").insert(0, "elsewhere");
    const foreign = anchorOf(other.getText("t"), 1, 4);
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "mine");
    expect(resolveAnchor(doc, foreign)).toEqual({ state: "detached" });
  });
});

describe("resolveAnchor on a whiteboard object", () => {
  it("is attached while the object is in the root map objects, wherever it moves, detached once it is deleted, attached again after an undo", () => {
    const doc = new Y.Doc();
    const objects = doc.getMap<Y.Map<unknown>>("objects");
    const note = new Y.Map<unknown>();
    objects.set("note-1", note);
    note.set("x", 10);
    const anchor = { object: "note-1" };
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "attached", type: "objects", object: "note-1" });
    note.set("x", 400);
    // The room's copy has an untyped root: its entries are still found.
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "attached", type: "objects", object: "note-1" });
    const undo = new Y.UndoManager(objects);
    objects.delete("note-1");
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "detached" });
    // Undoing the deletion puts the object back under its id, and the thread with it.
    undo.undo();
    expect(resolveAnchor(serverCopy(doc), anchor)).toEqual({ state: "attached", type: "objects", object: "note-1" });
  });

  it("is detached for an object that never was, on a board with no objects, or in a document", () => {
    const board = new Y.Doc();
    board.getMap("objects").set("there", new Y.Map());
    expect(resolveAnchor(serverCopy(board), { object: "elsewhere" })).toEqual({ state: "detached" });
    expect(resolveAnchor(new Y.Doc(), { object: "there" })).toEqual({ state: "detached" });
    const document = new Y.Doc();
    document.getText("objects").insert(0, "there");
    expect(resolveAnchor(serverCopy(document), { object: "there" })).toEqual({ state: "detached" });
  });
});

describe("decodePosition", () => {
  it("accepts encoded relative positions and refuses anything else", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "abc");
    const good = encodePosition(Y.createRelativePositionFromTypeIndex(doc.getText("t"), 1));
    expect(decodePosition(good).item).not.toBeNull();
    for (const bad of ["", "!!!", "AAAA", btoa("not a position at all"), `${good}AAAA`, "A".repeat(600)]) {
      expect(() => decodePosition(bad), bad).toThrow(TypeError);
    }
  });
});
