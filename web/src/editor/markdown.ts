/**
 * Documents to and from GitHub-flavoured Markdown: CommonMark plus tables and task lists.
 * Markdown has no colours or image widths, so those are left out of an export. Every
 * attribute is written through safe-attrs.ts: a crafted level, address or language can
 * neither break the export nor smuggle markup into it.
 */
import { defaultMarkdownParser, defaultMarkdownSerializer, MarkdownParser, MarkdownSerializer, type MarkdownSerializerState } from "prosemirror-markdown";
import type { Mark, Node } from "prosemirror-model";
import { gfmTokenizer } from "./markdown-it-gfm";
import { codeLanguage, headingLevel, plainText, safeHref, safeImageSrc } from "./safe-attrs";
import { schema } from "./schema";

export const markdownParser = new MarkdownParser(schema, gfmTokenizer(), {
  ...defaultMarkdownParser.tokens,
  task_list: { block: "task_list" },
  task_item: { block: "task_item", getAttrs: (tok) => ({ checked: tok.attrGet("checked") === "true" }) },
  table: { block: "table" },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: "table_row" },
  th: { block: "table_header" },
  td: { block: "table_cell" },
});

const nodes = defaultMarkdownSerializer.nodes;

/** A table cell's inline content on one line, its pipes escaped. */
function cellText(cell: Node): string {
  const line = serializer.serialize(schema.nodes.doc.create(null, schema.nodes.paragraph.create(null, cell.content))).trim();
  return line.replace(/\\\n/g, " ").replace(/\n/g, " ").replace(/\|/g, "\\|") || " ";
}

function table(state: MarkdownSerializerState, node: Node): void {
  const rows: string[][] = [];
  node.forEach((row) => {
    const cells: string[] = [];
    row.forEach((cell) => {
      cells.push(cellText(cell));
      // A merged cell (GFM has none) keeps its place with empty cells.
      for (let i = 1; i < Math.min(Number(cell.attrs.colspan) || 1, 100); i++) cells.push(" ");
    });
    rows.push(cells);
  });
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? " ").join(" | ")} |`;
  const [head = [], ...body] = rows;
  state.write([line(head), line(Array(width).fill("---")), ...body.map(line)].join("\n"));
  state.closeBlock(node);
}

const safeTitle = (raw: unknown) => plainText(raw).replace(/["\n]/g, " ");
/** An address inside Markdown's parentheses: what would end or break them percent-encoded. */
const urlPart = (url: string) => url.replace(/[()"<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`);

export const serializer: MarkdownSerializer = new MarkdownSerializer(
  {
    ...nodes,
    heading(state, node) {
      state.write(`${"#".repeat(headingLevel(node.attrs.level))} `);
      state.renderInline(node, false);
      state.closeBlock(node);
    },
    code_block(state, node, parent, index) {
      nodes.code_block!(state, node.type.create({ params: codeLanguage(node.attrs.params) }, node.content), parent, index);
    },
    ordered_list(state, node, parent, index) {
      const order = Number.isInteger(node.attrs.order) && node.attrs.order >= 0 && node.attrs.order < 1e9 ? node.attrs.order : 1;
      nodes.ordered_list!(state, node.type.create({ ...node.attrs, order }, node.content), parent, index);
    },
    // An image from anywhere but this site is its alt text, as the editor shows it.
    image(state, node) {
      const src = safeImageSrc(node.attrs.src);
      const alt = state.esc(plainText(node.attrs.alt).replace(/\n/g, " "));
      const title = safeTitle(node.attrs.title);
      state.write(src ? `![${alt}](${urlPart(src)}${title ? ` "${title}"` : ""})` : alt);
    },
    task_list(state, node) {
      state.renderList(node, "  ", (i) => (node.child(i).attrs.checked === true ? "- [x] " : "- [ ] "));
    },
    task_item(state, node) {
      state.renderContent(node);
    },
    table,
  },
  {
    ...defaultMarkdownSerializer.marks,
    link: {
      open: (_state, mark: Mark) => (safeHref(mark.attrs.href) ? "[" : ""),
      close: (_state, mark: Mark) => {
        const href = safeHref(mark.attrs.href);
        const title = safeTitle(mark.attrs.title);
        return href ? `](${urlPart(href)}${title ? ` "${title}"` : ""})` : "";
      },
      mixable: true,
    },
    text_color: { open: "", close: "" },
    highlight: { open: "", close: "" },
  },
);

/** Task lists (which have no `tight` attribute) come out tight, as people write them. */
export const toMarkdown = (doc: Node): string => serializer.serialize(doc, { tightLists: true });
