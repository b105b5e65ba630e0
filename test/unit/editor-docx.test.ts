import { describe, expect, it } from "vitest";
import { toDocx } from "../../web/src/editor/docx-export";
import { carriedColors, carryForMammoth, MAMMOTH_STYLE_MAP, paletteHighlight, wordHtml } from "../../web/src/editor/docx-mammoth";
import { schema } from "../../web/src/editor/schema";

const { nodes, marks } = schema;

describe("what mammoth skips in a Word file, carried through it", () => {
  it("a run's text colour, highlight or shading become the names of our marks' classes", () => {
    expect(carriedColors('<w:color w:val="DC2626"/>')).toBe("text-red");
    expect(carriedColors('<w:b/><w:color w:val="2563eb"/><w:highlight w:val="cyan"/>')).toBe("highlight-blue text-blue");
    // Google Docs writes a highlight as the run's shading.
    expect(carriedColors('<w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/>')).toBe("highlight-yellow");
    // Black, automatic and white are no colour; a colour far from the palette's is none either.
    expect(carriedColors('<w:color w:val="000000"/><w:shd w:fill="FFFFFF"/>')).toBe("");
    expect(carriedColors('<w:color w:val="auto"/><w:highlight w:val="none"/>')).toBe("");
    expect(carriedColors("<w:i/>")).toBe("");
  });

  it("Word's highlights are the palette's our export wrote them for, or the nearest", () => {
    expect(paletteHighlight("darkYellow")).toBe("orange");
    expect(paletteHighlight("magenta")).toBe("pink");
    expect(paletteHighlight("darkGreen")).toBe("green");
    expect(paletteHighlight("white")).toBeNull();
    expect(paletteHighlight("none")).toBeNull();
  });

  it("runs get their colours as a highlight name; only an empty paragraph with a line above or below it (not a box round it) or Word's line is a rule", () => {
    const xml = [
      '<w:body><w:p><w:r><w:rPr><w:color w:val="dc2626"/><w:highlight w:val="yellow"/><w:rPrChange w:id="1"><w:rPr><w:color w:val="16a34a"/></w:rPr></w:rPrChange></w:rPr><w:t>red</w:t></w:r></w:p>',
      '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:pBdr><w:bottom w:val="single" w:sz="6"/></w:pBdr></w:pPr></w:p>',
      '<w:p><w:pPr><w:pBdr><w:bottom w:val="single"/></w:pBdr></w:pPr><w:r><w:t>boxed</w:t></w:r></w:p>',
      '<w:p/><w:p><w:pPr><w:pBdr><w:top w:val="single"/><w:left w:val="single"/><w:bottom w:val="single"/><w:right w:val="single"/></w:pBdr></w:pPr></w:p>',
      '<w:p w14:paraId="1"><w:r><w:pict><v:rect o:hr="t" o:hrstd="t"/></w:pict></w:r></w:p></w:body>',
    ].join("");
    expect(carryForMammoth(xml)).toBe(
      [
        '<w:body><w:p><w:r><w:rPr><w:color w:val="dc2626"/><w:highlight w:val="highlight-yellow text-red"/></w:rPr><w:t>red</w:t></w:r></w:p>',
        '<w:p><w:pPr><w:pStyle w:val="EdgeRoomsRule"/><w:pBdr><w:bottom w:val="single" w:sz="6"/></w:pBdr></w:pPr></w:p>',
        '<w:p><w:pPr><w:pBdr><w:bottom w:val="single"/></w:pBdr></w:pPr><w:r><w:t>boxed</w:t></w:r></w:p>',
        '<w:p/><w:p><w:pPr><w:pBdr><w:top w:val="single"/><w:left w:val="single"/><w:bottom w:val="single"/><w:right w:val="single"/></w:pBdr></w:pPr></w:p>',
        '<w:p w14:paraId="1"><w:pPr><w:pStyle w:val="EdgeRoomsRule"/></w:pPr><w:r><w:pict><v:rect o:hr="t" o:hrstd="t"/></w:pict></w:r></w:p></w:body>',
      ].join(""),
    );
  });

  it("the style map names every pairing of the palettes once", () => {
    const colors = MAMMOTH_STYLE_MAP.filter((line) => line.startsWith("highlight["));
    expect(colors).toHaveLength(6 * 7 - 1);
    expect(colors).toContain("highlight[color='highlight-pink text-gray'] => mark.highlight-pink > span.text-gray");
    expect(new Set(colors).size).toBe(colors.length);
  });

  it("a document exported to Word and read back keeps its colours, highlights and rule", async () => {
    const doc = nodes.doc.create(null, [
      nodes.paragraph.create(null, [
        schema.text("red", [marks.text_color.create({ color: "red" })]),
        schema.text(" and "),
        schema.text("marked", [marks.highlight.create({ color: "yellow" })]),
        schema.text(" and "),
        schema.text("both", [marks.strong.create(), marks.text_color.create({ color: "blue" }), marks.highlight.create({ color: "orange" })]),
      ]),
      nodes.horizontal_rule.create(),
      nodes.paragraph.create(null, schema.text("after")),
    ]);
    const word = await toDocx(doc, "Colours", new Map());
    expect(await wordHtml(await word.arrayBuffer())).toBe(
      '<p><span class="text-red">red</span> and <mark class="highlight-yellow">marked</mark> and <strong><mark class="highlight-orange"><span class="text-blue">both</span></mark></strong></p><hr /><p>after</p>',
    );
  });
});
