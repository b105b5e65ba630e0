import { describe, expect, it } from "vitest";
import { markdownParser, toMarkdown } from "../../web/src/editor/markdown";
import { schema } from "../../web/src/editor/schema";

const { nodes, marks } = schema;
const p = (...content: Parameters<typeof schema.text>[0][]) =>
  nodes.paragraph.create(
    null,
    content.map((t) => schema.text(t)),
  );

describe("documents in GitHub-flavoured Markdown", () => {
  const markdown = [
    "# Launch",
    "",
    "| Task | Owner |",
    "| --- | --- |",
    "| Ship **it** | Ada \\| Bob |",
    "| Test |   |",
    "",
    "- [ ] write the notes",
    "- [x] book the room",
    "  * bring snacks",
    "",
    "```ts",
    "const a = 1;",
    "```",
    "",
    "---",
  ].join("\n");

  it("reads tables and task lists, and writes them back unchanged", () => {
    const doc = markdownParser.parse(markdown);
    const types = doc.content.content.map((n) => n.type.name);
    expect(types).toEqual(["heading", "table", "task_list", "code_block", "horizontal_rule"]);
    const table = doc.child(1);
    expect(table.childCount).toBe(3);
    expect(table.child(0).child(0).type.name).toBe("table_header");
    expect(table.child(1).child(1).textContent).toBe("Ada | Bob");
    expect(
      table
        .child(1)
        .child(0)
        .child(1)
        .marks.map((m) => m.type.name),
    ).toEqual(["strong"]);
    const tasks = doc.child(2);
    expect(tasks.content.content.map((item) => [item.attrs.checked, item.firstChild?.textContent])).toEqual([
      [false, "write the notes"],
      [true, "book the room"],
    ]);
    expect(doc.child(3).attrs.params).toBe("ts");
    expect(toMarkdown(doc)).toBe(`${markdown}`);
  });

  it("leaves a list with one plain item a bullet list, its boxes as text", () => {
    const doc = markdownParser.parse("- [ ] a box\n- no box\n");
    expect(doc.child(0).type.name).toBe("bullet_list");
    expect(doc.child(0).child(0).textContent).toBe("[ ] a box");
  });

  it("keeps raw HTML out: a script in the Markdown is text", () => {
    const doc = markdownParser.parse("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>");
    expect(doc.textContent).toContain("<script>alert(1)</script>");
    let images = 0;
    doc.descendants((n) => void (n.type === nodes.image && images++));
    expect(images).toBe(0);
  });

  it("writes crafted attributes safely: levels, addresses, languages, titles and orders that would break Markdown", () => {
    const doc = nodes.doc.create(null, [
      nodes.heading.create({ level: 1e9 }, schema.text("Huge")),
      nodes.code_block.create({ params: "js\n# injected" }, schema.text("x")),
      nodes.paragraph.create(null, [
        schema.text("click", [marks.link.create({ href: "javascript:alert(1)", title: null })]),
        schema.text(" and ", []),
        schema.text("here", [marks.link.create({ href: "https://example.com/a b)(", title: 'say "hi"\nthere' })]),
        nodes.image.create({ src: { not: "a string" }, alt: 42, title: null }),
      ]),
      nodes.ordered_list.create({ order: "1e300" }, nodes.list_item.create(null, p("one"))),
      nodes.table.create(null, [nodes.table_row.create(null, [nodes.table_cell.create({ colspan: 3 }, schema.text("wide"))])]),
    ]);
    const md = toMarkdown(doc);
    expect(md).toBe(
      [
        "# Huge",
        "",
        "```",
        "x",
        "```",
        "",
        'click and [here](https://example.com/a%20b%29%28 "say  hi  there")',
        "",
        "1. one",
        "",
        "| wide |   |   |",
        "| --- | --- | --- |",
      ].join("\n"),
    );
  });

  it("drops what Markdown cannot hold (colours, image widths) and keeps the text", () => {
    const doc = nodes.doc.create(null, [
      nodes.paragraph.create(null, [
        schema.text("red", [marks.text_color.create({ color: "red" })]),
        schema.text(" marked", [marks.highlight.create({ color: "yellow" })]),
        nodes.image.create({ src: "/api/rooms/r/files/abc", alt: "chart", title: null, width: 320 }),
      ]),
    ]);
    expect(toMarkdown(doc)).toBe("red marked![chart](/api/rooms/r/files/abc)");
  });
});
