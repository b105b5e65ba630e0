/**
 * Documents to and from HTML. An export is a standalone page: the schema's own rendering
 * (safe attributes only) with a small stylesheet for the palette's classes, tables and task
 * lists. An import keeps nothing of the file but what the schema's parse rules recognise:
 * the HTML is parsed into an inert document (no scripts run, no images load) and read
 * through ProseMirror's DOMParser, so unknown elements, attributes, styles and event
 * handlers are dropped and every attribute passes safe-attrs.ts.
 */
import { DOMParser, DOMSerializer, type Node } from "prosemirror-model";
import { PALETTE } from "./colors";
import { schema } from "./schema";

const STYLE = [
  "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.6}",
  "table{border-collapse:collapse}td,th{border:1px solid #d0d4da;padding:4px 8px}th{background:#f3f4f6}",
  "ul.task-list{list-style:none;padding-left:1.2em}li.task-item{display:flex;gap:.5em}li.task-item>input{margin-top:.35em}",
  "pre{background:#f6f7f9;padding:12px;border-radius:6px}img{max-width:100%}",
  ...Object.entries(PALETTE.text).map(([name, hex]) => `.text-${name}{color:${hex}}`),
  ...Object.entries(PALETTE.highlight).map(([name, hex]) => `.highlight-${name}{background:${hex}}`),
].join("\n");

/** The document's body content as HTML, rendered in `owner` (a document without a window works too). */
export function bodyHtml(doc: Node, owner: Document = document): string {
  const body = owner.createElement("div");
  body.append(DOMSerializer.fromSchema(schema).serializeFragment(doc.content, { document: owner }));
  return body.innerHTML;
}

/** A standalone page holding the document. */
export function toHtml(doc: Node, title: string): string {
  const head = document.createElement("title");
  head.textContent = title;
  return `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n${head.outerHTML}\n<style>\n${STYLE}\n</style>\n</head>\n<body>\n${bodyHtml(doc)}\n</body>\n</html>\n`;
}

/**
 * Puts each table cell's paragraphs on one line, with line breaks between them: a cell here
 * holds one line, and ProseMirror's parser would close the cell at a second paragraph and
 * start another. Other editors and mammoth put a paragraph in every cell.
 */
export function flattenCells(root: ParentNode): void {
  for (const block of root.querySelectorAll<HTMLElement>(":is(td, th) :is(p, div, h1, h2, h3, h4, h5, h6)")) {
    if (block.previousElementSibling || block.previousSibling?.textContent?.trim()) block.before(block.ownerDocument.createElement("br"));
    block.replaceWith(...block.childNodes);
  }
}

/** Pasted HTML with its table cells flattened (the editor's `transformPastedHTML`). */
export function pastedHtml(html: string): string {
  const parsed = new window.DOMParser().parseFromString(html, "text/html");
  flattenCells(parsed.body);
  return parsed.body.innerHTML;
}

/** A document from untrusted HTML (a file, or mammoth's reading of a Word file). */
export function fromHtml(html: string): Node {
  // A document made by DOMParser is inert: its scripts never run and its images never load.
  const parsed = new window.DOMParser().parseFromString(html, "text/html");
  flattenCells(parsed.body);
  return DOMParser.fromSchema(schema).parse(parsed.body);
}
