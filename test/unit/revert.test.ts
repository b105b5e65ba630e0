import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { revertUpdate } from "../../src/document/revert";

/** A client's document as its app sees it: typed roots. */
function appDoc(update?: Uint8Array) {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** The room's copy: loaded from bytes, its roots of unknown type, as on the server. */
function serverDoc(...updates: Uint8Array[]) {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

function view(doc: Y.Doc) {
  return {
    text: doc.getText("text").toDelta(),
    map: doc.getMap("map").toJSON(),
    list: doc.getArray("list").toJSON(),
    prose: doc.getXmlFragment("prose").toString(),
  };
}

describe("revertUpdate", () => {
  it("turns every kind of root type back into the version's content, nested types included", () => {
    const client = appDoc();
    client.transact(() => {
      client.getText("text").insert(0, "Hello brave world", { bold: true });
      client.getMap("map").set("title", "Plan");
      client.getMap("map").set("tags", ["a", "b"]);
      const nested = new Y.Map<number>();
      nested.set("x", 1);
      client.getArray("list").push([1, "two", nested]);
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText("first")]);
      client.getXmlFragment("prose").insert(0, [p]);
    });
    const version = Y.encodeStateAsUpdate(client);
    const expected = view(appDoc(version));

    // Later: deletions, insertions, overwrites, nested changes, a new root.
    client.transact(() => {
      client.getText("text").delete(6, 6);
      client.getText("text").insert(0, ">> ");
      client.getText("text").format(0, 3, { italic: true });
      client.getMap("map").set("title", "Changed");
      client.getMap("map").delete("tags");
      client.getMap("map").set("added", true);
      (client.getArray("list").get(2) as Y.Map<number>).set("x", 2);
      client.getArray("list").delete(0, 1);
      client.getXmlFragment("prose").delete(0, 1);
      client.getXmlFragment("prose").insert(0, [new Y.XmlElement("heading")]);
      client.getText("fresh").insert(0, "new root");
    });

    const server = serverDoc(Y.encodeStateAsUpdate(client));
    const revert = revertUpdate(server, version);
    expect(revert).not.toBeNull();
    Y.applyUpdate(server, revert!);
    Y.applyUpdate(client, revert!);
    expect(view(client)).toEqual(expected);
    expect(client.getText("fresh").toString()).toBe("");
    // The server's copy holds the same content as the client's.
    expect(view(appDoc(Y.encodeStateAsUpdate(server)))).toEqual(expected);
  });

  it("is null when the document already has the version's content", () => {
    const client = appDoc();
    client.getText("text").insert(0, "same");
    const version = Y.encodeStateAsUpdate(client);
    expect(revertUpdate(serverDoc(version), version)).toBeNull();
  });

  it("restores text whose deletion the live document has garbage-collected", () => {
    const client = appDoc();
    client.getText("text").insert(0, "keep this sentence");
    const version = Y.encodeStateAsUpdate(client);
    client.getText("text").delete(0, client.getText("text").length);
    client.getText("text").insert(0, "replaced");
    // gc is on in the room, so the deleted content is gone from its copy.
    const server = serverDoc(Y.encodeStateAsUpdate(client));
    Y.applyUpdate(server, revertUpdate(server, version)!);
    expect(server.getText("text").toString()).toBe("keep this sentence");
  });

  it("can be undone by restoring the later state, as the history keeps it", () => {
    const client = appDoc();
    client.getText("text").insert(0, "v1");
    const v1 = Y.encodeStateAsUpdate(client);
    client.getText("text").insert(2, " then v2");
    const v2 = Y.encodeStateAsUpdate(client);
    const server = serverDoc(v2);
    Y.applyUpdate(server, revertUpdate(server, v1)!);
    expect(server.getText("text").toString()).toBe("v1");
    Y.applyUpdate(server, revertUpdate(server, v2)!);
    expect(server.getText("text").toString()).toBe("v1 then v2");
  });
});
