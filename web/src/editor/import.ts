/** Importing a Markdown or plain-text file as a new document room. */
import { Fragment, type Node } from "prosemirror-model";
import { prosemirrorToYXmlFragment } from "y-prosemirror";
import { createRoom } from "../lib/create-room";
import type { Room } from "../lib/types";
import { FRAGMENT, markdownParser, schema } from "./schema";

/** Plain text: one paragraph per line, blank lines dropped. */
export function plainTextDoc(text: string): Node {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const paragraphs = lines.map((line) => schema.nodes.paragraph.create(null, schema.text(line)));
  return schema.nodes.doc.create(null, paragraphs.length > 0 ? Fragment.from(paragraphs) : schema.nodes.paragraph.create());
}

export function parseFile(name: string, text: string): Node {
  return /\.(md|markdown)$/i.test(name) ? markdownParser.parse(text) : plainTextDoc(text);
}

export async function importFile(file: File): Promise<Room> {
  const doc = parseFile(file.name, await file.text());
  const title = file.name.replace(/\.(md|markdown|txt)$/i, "").trim() || "Imported document";
  return createRoom("document", title.slice(0, 200), (ydoc) => prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment(FRAGMENT)));
}
