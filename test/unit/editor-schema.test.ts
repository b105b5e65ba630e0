import type { DOMOutputSpec, Mark, Node, ParseRule, TagParseRule } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { cssHex, nearestPaletteColor, paletteHex } from "../../web/src/editor/colors";
import { cellSpan, imageWidth, safeHref, safeImageSrc } from "../../web/src/editor/safe-attrs";
import { schema } from "../../web/src/editor/schema";

const { nodes, marks } = schema;
const render = (x: Node | Mark): DOMOutputSpec => (x.type.spec.toDOM as (x: Node | Mark) => DOMOutputSpec)(x);

type Element = Parameters<NonNullable<TagParseRule["getAttrs"]>>[0];
/** An element as parse rules see it: just its attributes (workerd has no DOM). */
const element = (attrs: Record<string, string>) =>
  ({ getAttribute: (name: string) => attrs[name] ?? null, className: attrs.class ?? "", querySelector: () => null }) as unknown as Element;
const tagRule = (type: { spec: { parseDOM?: readonly ParseRule[] } }, tag: string) =>
  type.spec.parseDOM!.find((r): r is TagParseRule => "tag" in r && r.tag === tag)!;

describe("the document schema with crafted attributes", () => {
  it("renders an image only from this site, with a sane width and plain alt text", () => {
    const spec = render(nodes.image.create({ src: "javascript:alert(1)", alt: { toString: 1 }, title: null, width: "1e99" }));
    expect(spec).toEqual(["img", { alt: "", width: 1600, loading: "lazy" }]);
    const ours = render(nodes.image.create({ src: "/api/rooms/r/files/ab", alt: "chart", title: "t", width: 321.4 }));
    expect(ours).toEqual(["img", { src: "/api/rooms/r/files/ab", alt: "chart", title: "t", width: 321, loading: "lazy" }]);
    expect(imageWidth(-5)).toBeNull();
    expect(imageWidth("12")).toBe(48);
    expect(safeImageSrc("//evil.example/x.png")).toBeNull();
  });

  it("reads an imported image only from this site, and leaves others out", () => {
    const rule = tagRule(nodes.image, "img[src]");
    expect(rule.getAttrs!(element({ src: "https://tracker.example/p.gif" }))).toBe(false);
    expect(rule.getAttrs!(element({ src: "/api/rooms/r/files/ab", alt: "a".repeat(5000), width: "99999" }))).toEqual({
      src: "/api/rooms/r/files/ab",
      alt: "a".repeat(1000),
      title: null,
      width: 1600,
    });
  });

  it("renders a heading of a crafted level as a first-level heading", () => {
    for (const level of [1e21, -1, "2", 2.5, Number.NaN]) expect(render(nodes.heading.create({ level }))).toEqual(["h1", 0]);
    expect(render(nodes.heading.create({ level: 3 }))).toEqual(["h3", 0]);
  });

  it("renders a code block's language only when it is a word", () => {
    expect(render(nodes.code_block.create({ params: '"><script>' }))).toEqual(["pre", {}, ["code", 0]]);
    expect(render(nodes.code_block.create({ params: "c++" }))).toEqual(["pre", { "data-language": "c++" }, ["code", 0]]);
  });

  it("renders and reads a link only with a web or mail address", () => {
    const [, attrs] = render(marks.link.create({ href: "javascript:alert(1)", title: null })) as [string, Record<string, unknown>];
    expect(attrs.href).toBeUndefined();
    const rule = tagRule(marks.link, "a[href]");
    expect(rule.getAttrs!(element({ href: "javascript:alert(1)" }))).toBe(false);
    expect(rule.getAttrs!(element({ href: "https://example.com/", title: "Ex" }))).toEqual({ href: "https://example.com/", title: "Ex" });
    expect(safeHref(" data:text/html,hi")).toBeNull();
    expect(safeHref("example.com/a")).toBe("https://example.com/a");
  });

  it("shows a colour only from the palette, as a class, never as a style", () => {
    expect(render(marks.text_color.create({ color: "red" }))).toEqual(["span", { class: "text-red" }, 0]);
    expect(render(marks.text_color.create({ color: "red;background:url(x)" }))).toEqual(["span", {}, 0]);
    expect(render(marks.highlight.create({ color: "__proto__" }))).toEqual(["mark", {}, 0]);
    expect(render(marks.highlight.create({ color: "yellow" }))).toEqual(["mark", { class: "highlight-yellow" }, 0]);
    expect(paletteHex("text", "constructor")).toBeNull();
  });

  it("reads another editor's colours as the palette's nearest, and not-colours as none", () => {
    expect(cssHex("rgb(220, 38, 38)")).toBe("#dc2626");
    expect(cssHex("#F00")).toBe("#ff0000");
    expect(cssHex("rgb(300, 0, 0)")).toBeNull();
    expect(cssHex("expression(alert(1))")).toBeNull();
    expect(nearestPaletteColor("text", "rgb(255, 0, 0)")).toBe("red");
    expect(nearestPaletteColor("text", "#000000")).toBeNull();
    expect(nearestPaletteColor("highlight", "yellow")).toBe("yellow");
    expect(nearestPaletteColor("highlight", "url(javascript:alert(1))")).toBeNull();
    expect(nearestPaletteColor("highlight", "#ffffff")).toBeNull();
    expect(nearestPaletteColor("highlight", "rgb(0, 255, 0)")).toBe("green");
    const rule = tagRule(marks.text_color, "span[class]");
    expect(rule.getAttrs!(element({ class: "note text-blue" }))).toEqual({ color: "blue" });
    expect(rule.getAttrs!(element({ class: "text-hotpink" }))).toBe(false);
    const styled = tagRule(marks.text_color, "span[style]");
    expect(styled.getAttrs!(element({ style: "background-color: #fff; color: rgb(37, 99, 235)" }))).toEqual({ color: "blue" });
    expect(styled.getAttrs!(element({ style: "color: rgb(0, 0, 0)" }))).toBe(false);
    expect(tagRule(marks.highlight, "span[style], mark[style]").getAttrs!(element({ style: "color: red; background-color: #ffff00" }))).toEqual({
      color: "yellow",
    });
  });

  it("refuses a table cell whose span the tables plugin could not map, and clamps imported spans", () => {
    expect(() => nodes.table_cell.create({ colspan: 1e9 })).toThrow(RangeError);
    expect(() => nodes.table_cell.create({ rowspan: "2" })).toThrow(RangeError);
    expect(() => nodes.table_header.create({ colwidth: ["x"] })).toThrow(RangeError);
    expect(nodes.table_cell.create({ colspan: 2, colwidth: [100, 120] }).attrs.colspan).toBe(2);
    const rule = tagRule(nodes.table_cell, "td");
    expect(rule.getAttrs!(element({ colspan: "1000000000", rowspan: "-4" }))).toEqual({ colspan: 100, rowspan: 1 });
    expect(cellSpan("2.9")).toBe(2);
  });

  it("renders a task item's box from a boolean only", () => {
    const item = (checked: unknown) => nodes.task_item.create({ checked }, nodes.paragraph.create());
    expect(render(item("yes"))).toEqual(["li", { "data-checked": "false", class: "task-item" }, ["input", { type: "checkbox", disabled: "" }], ["div", 0]]);
    expect(render(item(true))).toEqual([
      "li",
      { "data-checked": "true", class: "task-item" },
      ["input", { type: "checkbox", disabled: "", checked: "" }],
      ["div", 0],
    ]);
  });
});
