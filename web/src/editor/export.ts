/** The document as Markdown, HTML, Word or plain text, downloaded as a file. */
import type { Node } from "prosemirror-model";
import { saveFile } from "../lib/save-file";
import { toHtml } from "./html";
import { toMarkdown } from "./markdown";

export type ExportFormat = "markdown" | "html" | "docx" | "text";

export function toText(doc: Node): string {
  return `${doc.textBetween(0, doc.content.size, "\n\n", "\n")}\n`;
}

const utf8 = (type: string, render: (doc: Node, title: string) => string) => async (doc: Node, title: string) =>
  new Blob([render(doc, title)], { type: `${type};charset=utf-8` });

const FILES: Record<ExportFormat, { extension: string; render: (doc: Node, title: string) => Promise<Blob> }> = {
  markdown: { extension: "md", render: utf8("text/markdown", toMarkdown) },
  html: { extension: "html", render: utf8("text/html", toHtml) },
  // The docx library loads only when someone exports to Word.
  docx: {
    extension: "docx",
    render: async (doc, title) => {
      const [{ toDocx }, { pictures }] = await Promise.all([import("./docx-export"), import("./docx-pictures")]);
      return toDocx(doc, title, await pictures(doc));
    },
  },
  text: { extension: "txt", render: utf8("text/plain", toText) },
};

/** Saves the document in `format` through the browser's download. */
export async function download(doc: Node, title: string, format: ExportFormat): Promise<void> {
  const file = FILES[format];
  saveFile(await file.render(doc, title), title, file.extension);
}
