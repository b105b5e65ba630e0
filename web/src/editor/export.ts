/** The document as Markdown, HTML or plain text, downloaded as a file. */
import { defaultMarkdownSerializer } from "prosemirror-markdown";
import { DOMSerializer, type Node } from "prosemirror-model";
import { saveFile } from "../lib/save-file";
import { schema } from "./schema";

export type ExportFormat = "markdown" | "html" | "text";

export function toMarkdown(doc: Node): string {
  return defaultMarkdownSerializer.serialize(doc);
}

export function toHtml(doc: Node, title: string): string {
  const body = document.createElement("div");
  body.append(DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
  const head = document.createElement("title");
  head.textContent = title;
  return `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n${head.outerHTML}\n</head>\n<body>\n${body.innerHTML}\n</body>\n</html>\n`;
}

export function toText(doc: Node): string {
  return `${doc.textBetween(0, doc.content.size, "\n\n", "\n")}\n`;
}

const FILES: Record<ExportFormat, { extension: string; type: string; render: (doc: Node, title: string) => string }> = {
  markdown: { extension: "md", type: "text/markdown", render: toMarkdown },
  html: { extension: "html", type: "text/html", render: toHtml },
  text: { extension: "txt", type: "text/plain", render: toText },
};

/** Saves the document in `format` through the browser's download. */
export function download(doc: Node, title: string, format: ExportFormat): void {
  const file = FILES[format];
  saveFile(new Blob([file.render(doc, title)], { type: `${file.type};charset=utf-8` }), title, file.extension);
}
