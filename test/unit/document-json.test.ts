import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentJson } from "../../src/document/document-json";

describe("documentJson", () => {
  it("tells each root's kind from its content and renders it as JSON", () => {
    const doc = new Y.Doc();
    doc.getText("notes").insert(0, "plain text");
    doc.getMap("meta").set("title", "Doc");
    doc.getArray("items").push([1, { a: true }]);
    const p = new Y.XmlElement("paragraph");
    p.setAttribute("align", "left");
    const t = new Y.XmlText();
    t.insert(0, "bold", { bold: true });
    t.insert(4, " plain", { bold: null });
    p.insert(0, [t]);
    doc.getXmlFragment("prosemirror").insert(0, [p]);
    doc.getText("emptied").insert(0, "gone");
    doc.getText("emptied").delete(0, 4);

    expect(documentJson(Y.encodeStateAsUpdate(doc))).toEqual({
      emptied: null,
      items: [1, { a: true }],
      meta: { title: "Doc" },
      notes: "plain text",
      prosemirror: [
        {
          type: "paragraph",
          attrs: { align: "left" },
          content: [
            { type: "text", text: "bold", marks: [{ type: "bold" }] },
            { type: "text", text: " plain" },
          ],
        },
      ],
    });
  });
});
