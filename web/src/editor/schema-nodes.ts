/**
 * The document's nodes beyond CommonMark's: tables, task lists, images with a width, and the
 * CommonMark nodes whose attributes reach the DOM (headings, code blocks, images), each
 * rendered and parsed through safe-attrs.ts. A table cell holds one line of inline content, as
 * a GitHub-flavoured Markdown table does, so every table exports to Markdown unchanged.
 *
 * Cell spans use the schema's `validate` hook (they must be numbers the tables plugin can map);
 * y-prosemirror drops an element it cannot build, so a crafted cell disappears instead of
 * stopping the editor. Other attributes are never refused, only rendered safely.
 */

import { schema as markdownSchema } from "prosemirror-markdown";
import type { DOMOutputSpec, NodeSpec } from "prosemirror-model";
import { tableNodes } from "prosemirror-tables";
import { cellSpan, checkCellSpan, checkColumnWidths, codeLanguage, headingLevel, imageWidth, plainText, safeImageSrc } from "./safe-attrs";

const base = markdownSchema.spec.nodes;

const heading: NodeSpec = {
  ...base.get("heading"),
  attrs: { level: { default: 1 } },
  toDOM: (node) => [`h${headingLevel(node.attrs.level)}`, 0],
};

/** `params` is CommonMark's info string; only a language-like word of it is rendered. */
const code_block: NodeSpec = {
  ...base.get("code_block"),
  parseDOM: [
    {
      tag: "pre",
      preserveWhitespace: "full",
      getAttrs: (dom) => {
        const fromClass = /\blanguage-([\w+#.-]+)/.exec(dom.querySelector("code")?.className ?? "")?.[1];
        return { params: codeLanguage(dom.getAttribute("data-language") ?? fromClass) };
      },
    },
  ],
  toDOM(node) {
    const language = codeLanguage(node.attrs.params);
    return ["pre", language ? { "data-language": language } : {}, ["code", 0]];
  },
};

const image: NodeSpec = {
  ...base.get("image"),
  attrs: { src: {}, alt: { default: null }, title: { default: null }, width: { default: null } },
  parseDOM: [
    {
      tag: "img[src]",
      // An image from elsewhere would not load (the pages' CSP): it is left out.
      getAttrs: (dom) => {
        const src = safeImageSrc(dom.getAttribute("src"));
        if (!src) return false;
        return {
          src,
          alt: plainText(dom.getAttribute("alt")) || null,
          title: plainText(dom.getAttribute("title")) || null,
          width: imageWidth(dom.getAttribute("width")),
        };
      },
    },
  ],
  toDOM(node) {
    const src = safeImageSrc(node.attrs.src);
    const width = imageWidth(node.attrs.width);
    const title = plainText(node.attrs.title);
    return ["img", { ...(src ? { src } : {}), alt: plainText(node.attrs.alt), ...(title ? { title } : {}), ...(width ? { width } : {}), loading: "lazy" }];
  },
};

const task_list: NodeSpec = {
  content: "task_item+",
  group: "block",
  // Before the bullet list's plain `ul`.
  parseDOM: ["ul[data-task-list]", "ul.contains-task-list", 'ul[data-type="taskList"]'].map((tag) => ({ tag, priority: 60 })),
  toDOM: () => ["ul", { "data-task-list": "", class: "task-list" }, 0],
};

/** A checkbox in the exported DOM; the editor draws its own (task-view.ts). Parsing skips it (no rule reads an input). */
const taskCheckbox = (checked: boolean): DOMOutputSpec => ["input", { type: "checkbox", disabled: "", ...(checked ? { checked: "" } : {}) }];

const task_item: NodeSpec = {
  content: "paragraph block*",
  defining: true,
  attrs: { checked: { default: false } },
  parseDOM: [
    {
      tag: "li[data-checked]",
      priority: 60,
      getAttrs: (dom) => ({ checked: dom.getAttribute("data-checked") === "true" }),
    },
    {
      tag: "li.task-list-item",
      priority: 60,
      getAttrs: (dom) => ({ checked: dom.querySelector(":scope > input[type=checkbox]")?.hasAttribute("checked") === true }),
    },
  ],
  toDOM: (node) => {
    const checked = node.attrs.checked === true;
    return ["li", { "data-checked": String(checked), class: "task-item" }, taskCheckbox(checked), ["div", 0]];
  },
};

const tables = tableNodes({ tableGroup: "block", cellContent: "inline*", cellAttributes: {} });

/** A table cell (or header) whose spans are checked and whose imported spans are clamped. */
function cell(spec: NodeSpec, tag: "td" | "th"): NodeSpec {
  return {
    ...spec,
    attrs: {
      colspan: { default: 1, validate: checkCellSpan },
      rowspan: { default: 1, validate: checkCellSpan },
      colwidth: { default: null, validate: checkColumnWidths },
    },
    parseDOM: [{ tag, getAttrs: (dom) => ({ colspan: cellSpan(dom.getAttribute("colspan") ?? 1), rowspan: cellSpan(dom.getAttribute("rowspan") ?? 1) }) }],
  };
}

export const nodes = base
  .update("heading", heading)
  .update("code_block", code_block)
  .update("image", image)
  .addBefore("list_item", "task_list", task_list)
  .addBefore("list_item", "task_item", task_item)
  .append({
    table: tables.table,
    table_row: tables.table_row,
    table_cell: cell(tables.table_cell, "td"),
    table_header: cell(tables.table_header, "th"),
  });
