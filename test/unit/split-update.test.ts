import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { splitUpdate } from "../../src/document/split-update";

/** A document with many clients, several types, formatting, nesting and deletions. */
function busyDocument(): Y.Doc {
  const doc = new Y.Doc();
  for (let c = 0; c < 20; c++) {
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const text = peer.getText("text");
    for (let i = 0; i < 30; i++) text.insert(Math.floor(text.length / 2), `peer ${c} line ${i} `, i % 3 === 0 ? { bold: true } : {});
    text.delete(0, Math.min(5, text.length));
    const nested = new Y.Map<string>();
    nested.set("by", `peer ${c}`);
    peer.getArray("list").push([c, nested]);
    peer.getMap("meta").set(`k${c}`, "x".repeat(200));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
  }
  return doc;
}

const content = (doc: Y.Doc) => ({
  text: doc.getText("text").toDelta(),
  list: doc.getArray("list").toJSON(),
  meta: doc.getMap("meta").toJSON(),
});

describe("splitUpdate", () => {
  it("leaves an update that fits alone", () => {
    const update = Y.encodeStateAsUpdate(busyDocument());
    expect(splitUpdate(update, update.byteLength)).toEqual([update]);
  });

  it("splits into parts under the limit that rebuild the same document, in any order", () => {
    const source = busyDocument();
    const update = Y.encodeStateAsUpdate(source);
    const parts = splitUpdate(update, 2_000);
    expect(parts.length).toBeGreaterThan(update.byteLength / 2_000);
    for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(2_000);
    for (const order of [parts, [...parts].reverse()]) {
      const doc = new Y.Doc();
      for (const part of order) Y.applyUpdate(doc, part);
      expect(doc.store.pendingStructs).toBeNull();
      expect(content(doc)).toEqual(content(source));
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(source));
    }
  });

  it("splits a diff for a client that has part of the document", () => {
    const source = busyDocument();
    const half = new Y.Doc();
    Y.applyUpdate(half, Y.encodeStateAsUpdate(source));
    source.getText("text").insert(0, "later edit ".repeat(300));
    const diff = Y.encodeStateAsUpdate(source, Y.encodeStateVector(half));
    for (const part of splitUpdate(diff, 1_000)) Y.applyUpdate(half, part);
    expect(content(half)).toEqual(content(source));
  });

  it("cuts one long text into parts under the limit, never inside a surrogate pair", () => {
    const doc = new Y.Doc();
    // One client typing on: Yjs keeps this as a single struct.
    for (let i = 0; i < 2_000; i++) doc.getText("text").insert(doc.getText("text").length, i % 7 === 0 ? "😀 " : "word ");
    const update = Y.encodeStateAsUpdate(doc);
    expect(Y.decodeUpdate(update).structs).toHaveLength(1);
    const parts = splitUpdate(update, 1_000);
    for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(1_000);
    const copy = new Y.Doc();
    for (const part of parts.reverse()) Y.applyUpdate(copy, part);
    expect(copy.getText("text").toString()).toBe(doc.getText("text").toString());
    expect(copy.getText("text").toString()).not.toContain("\ufffd");
  });

  it("sends a struct that cannot be cut alone, in a part of its own size", () => {
    const doc = new Y.Doc();
    doc.getMap("files").set("blob", new Uint8Array(50_000).fill(7));
    doc.getText("other").insert(0, "small");
    const parts = splitUpdate(Y.encodeStateAsUpdate(doc), 10_000);
    expect(parts.filter((p) => p.byteLength > 10_000)).toHaveLength(1);
    const copy = new Y.Doc();
    for (const part of parts) Y.applyUpdate(copy, part);
    expect((copy.getMap("files").get("blob") as Uint8Array).length).toBe(50_000);
    expect(copy.getText("other").toString()).toBe("small");
  });
});
