/** Who wrote each block of a document, from real Yjs updates of several authors. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { blockAuthors } from "../../src/document/block-authors";
import { logOf } from "./logged-edits";

const paragraph = (text: string) => {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
};

/** The text of the paragraph at `index` of the fragment. */
const textIn = (fragment: Y.XmlFragment, index: number) => (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;

describe("blockAuthors", () => {
  it("credits each paragraph's visible characters to the people who typed them, most first", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("prosemirror");
    const { edits, as } = logOf(doc);
    as("ann", () => fragment.insert(0, [paragraph("Ann's plan."), paragraph("Second.")]));
    as("bob", () => textIn(fragment, 1).insert(7, " Bob agrees entirely."));
    as("bob", () => fragment.insert(2, [paragraph("Bob's own.")]));
    as("cy", () => textIn(fragment, 0).insert(11, " +1"));

    expect(blockAuthors(null, edits)).toEqual({
      root: "prosemirror",
      blocks: [
        {
          authors: [
            { author: "ann", chars: 11 },
            { author: "cy", chars: 3 },
          ],
        },
        {
          authors: [
            { author: "bob", chars: 21 },
            { author: "ann", chars: 7 },
          ],
        },
        { authors: [{ author: "bob", chars: 10 }] },
      ],
    });
  });

  it("no longer counts deleted text, credits an empty block to whoever added it, and drops deleted blocks", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("prosemirror");
    const { edits, as } = logOf(doc);
    as("ann", () => fragment.insert(0, [paragraph("Ann wrote this."), paragraph("Gone soon.")]));
    as("bob", () => textIn(fragment, 0).delete(0, 15));
    as("bob", () => textIn(fragment, 0).insert(0, "Bob rewrote it."));
    as("cy", () => fragment.insert(1, [new Y.XmlElement("horizontalRule")]));
    as("bob", () => fragment.delete(2, 1));

    expect(blockAuthors(null, edits, "prosemirror").blocks).toEqual([{ authors: [{ author: "bob", chars: 15 }] }, { authors: [{ author: "cy", chars: 0 }] }]);
  });

  it("counts nested text (a list's items) and leaves text of unknown authors, and a base's, as null", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("prosemirror");
    const { edits, as } = logOf(doc);
    as("ann", () => fragment.insert(0, [paragraph("From the base.")]));
    const base = Y.encodeStateAsUpdate(doc);
    const after = edits.length;
    as(null, () => {
      const list = new Y.XmlElement("bulletList");
      const item = new Y.XmlElement("listItem");
      item.insert(0, [paragraph("old")]);
      list.insert(0, [item]);
      fragment.insert(1, [list]);
    });
    as("bob", () => ((((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, " and new"));

    expect(blockAuthors(base, edits.slice(after)).blocks).toEqual([
      { authors: [{ author: null, chars: 14 }] },
      {
        authors: [
          { author: "bob", chars: 8 },
          { author: null, chars: 3 },
        ],
      },
    ]);
  });

  it("reads the root asked for, and the one with the most blocks without it", () => {
    const doc = new Y.Doc();
    const { edits, as } = logOf(doc);
    as("ann", () => doc.getXmlFragment("notes").insert(0, [paragraph("a")]));
    as("bob", () => doc.getXmlFragment("body").insert(0, [paragraph("b"), paragraph("c")]));
    expect(blockAuthors(null, edits).root).toBe("body");
    expect(blockAuthors(null, edits, "notes").blocks).toEqual([{ authors: [{ author: "ann", chars: 1 }] }]);
    expect(blockAuthors(null, edits, "missing")).toEqual({ root: "missing", blocks: [] });
  });
});
