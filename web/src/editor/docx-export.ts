/**
 * A document as a Word file (the docx library), built in the browser. This module and the
 * library load only when someone exports to Word (export.ts imports it on demand), so
 * neither the first page load nor the Worker carries them. The pictures come in fetched
 * (docx-pictures.ts): the rest touches neither the network nor the DOM.
 *
 * Word has every block: headings, lists, quotes (indented), code (the "Code" paragraph
 * style, which docx-import.ts maps back), tables, rules (a bottom border); task items are
 * paragraphs that start with a ballot box, which docx-import.ts turns back into a task list.
 * An image Word cannot show (WebP, AVIF), or one that could not be fetched, leaves its alt text.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Node } from "prosemirror-model";
import { paletteHex, paletteName } from "./colors";
import { BOX_CHECKED, BOX_OPEN, CODE_STYLE, WORD_HIGHLIGHT } from "./docx-words";
import { headingLevel, safeHref } from "./safe-attrs";

/** An image of the document as the docx library takes it. */
export interface Picture {
  type: "png" | "jpg" | "gif" | "bmp";
  data: ArrayBuffer;
  transformation: { width: number; height: number };
  altText: { name: string; description: string; title: string };
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

interface Context {
  /** The list the block is in, and how deep. */
  list?: { kind: "bullet" | "ordered"; level: number; instance: number };
  /** How many quotes the block is in. */
  quotes: number;
  pictures: ReadonlyMap<string, Picture | null>;
  nextInstance: () => number;
}

function runs(parent: Node, ctx: Context): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  parent.forEach((child) => {
    if (child.type.name === "hard_break") out.push(new TextRun({ break: 1 }));
    else if (child.type.name === "image") {
      const picture = ctx.pictures.get(String(child.attrs.src));
      out.push(picture ? new ImageRun(picture) : new TextRun({ text: String(child.attrs.alt ?? "") }));
    } else if (child.isText) {
      const mark = (name: string) => child.marks.find((m) => m.type.name === name);
      const color = paletteHex("text", mark("text_color")?.attrs.color);
      const highlight = paletteName("highlight", mark("highlight")?.attrs.color);
      const run = new TextRun({
        text: child.text ?? "",
        bold: mark("strong") !== undefined,
        italics: mark("em") !== undefined,
        ...(mark("code") ? { font: "Courier New" } : {}),
        ...(color ? { color: color.slice(1) } : {}),
        ...(highlight ? { highlight: WORD_HIGHLIGHT[highlight] } : {}),
      });
      const href = safeHref(mark("link")?.attrs.href);
      out.push(href ? new ExternalHyperlink({ link: href, children: [run] }) : run);
    }
  });
  return out;
}

/** A paragraph's placing: its list bullet or number, or its quote indent. */
function placing(ctx: Context, first: boolean) {
  const indent = ctx.quotes > 0 ? { indent: { left: 720 * ctx.quotes } } : {};
  if (!ctx.list) return indent;
  if (!first) return { indent: { left: 720 * (ctx.list.level + 1) } };
  return ctx.list.kind === "bullet"
    ? { bullet: { level: ctx.list.level } }
    : { numbering: { reference: "ordered", level: ctx.list.level, instance: ctx.list.instance } };
}

function blocks(node: Node, ctx: Context): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  node.forEach((child, _offset, index) => {
    const first = index === 0;
    switch (child.type.name) {
      case "paragraph":
        out.push(new Paragraph({ children: runs(child, ctx), ...placing(ctx, first) }));
        break;
      case "heading":
        out.push(new Paragraph({ children: runs(child, ctx), heading: HEADINGS[headingLevel(child.attrs.level) - 1]! }));
        break;
      case "code_block":
        // A paragraph a line: mammoth joins a run of them back into one block (docx-words.ts).
        for (const line of child.textContent.split("\n")) out.push(new Paragraph({ style: CODE_STYLE, children: [new TextRun(line)] }));
        break;
      case "horizontal_rule":
        out.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "999999", space: 1 } } }));
        break;
      case "blockquote":
        out.push(...blocks(child, { ...ctx, quotes: ctx.quotes + 1 }));
        break;
      case "bullet_list":
      case "ordered_list": {
        const kind = child.type.name === "bullet_list" ? "bullet" : "ordered";
        const level = ctx.list ? Math.min(ctx.list.level + 1, 5) : 0;
        const instance = ctx.nextInstance();
        child.forEach((item) => out.push(...blocks(item, { ...ctx, list: { kind, level, instance } })));
        break;
      }
      case "task_list":
        child.forEach((item) => {
          const [head, ...rest] = blocks(item, ctx);
          const box = new TextRun({ text: `${item.attrs.checked === true ? BOX_CHECKED : BOX_OPEN} ` });
          const firstLine = item.firstChild ? new Paragraph({ children: [box, ...runs(item.firstChild, ctx)], ...placing(ctx, true) }) : head;
          if (firstLine) out.push(firstLine, ...rest);
        });
        break;
      case "table":
        out.push(table(child, ctx));
        break;
    }
  });
  return out;
}

function table(node: Node, ctx: Context): Table {
  const rows: TableRow[] = [];
  node.forEach((row, _offset, index) => {
    const header = row.firstChild?.type.name === "table_header";
    const cells: TableCell[] = [];
    row.forEach((cell) => {
      const text = runs(cell, ctx);
      const shading = header ? { shading: { type: ShadingType.CLEAR, fill: "F3F4F6", color: "auto" } } : {};
      cells.push(new TableCell({ children: [new Paragraph({ children: text })], ...shading }));
    });
    // Word repeats a header row on every page; mammoth reads it back as the header.
    rows.push(new TableRow({ children: cells, ...(header && index === 0 ? { tableHeader: true } : {}) }));
  });
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** The document as a .docx file, with its images' `pictures` by src. */
export async function toDocx(doc: Node, title: string, pictures: ReadonlyMap<string, Picture | null>): Promise<Blob> {
  let instances = 0;
  const ctx: Context = { quotes: 0, pictures, nextInstance: () => ++instances };
  const ordered = Array.from({ length: 6 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));
  const file = new Document({
    title,
    styles: { paragraphStyles: [{ id: CODE_STYLE, name: CODE_STYLE, basedOn: "Normal", run: { font: "Courier New", size: 20 } }] },
    numbering: { config: [{ reference: "ordered", levels: ordered }] },
    sections: [{ children: blocks(doc, ctx) }],
  });
  return Packer.toBlob(file);
}
