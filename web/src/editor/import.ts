/**
 * Importing a file as a new document room: Markdown (GitHub-flavoured), HTML, Word or plain
 * text. The file is read in the browser and goes through the schema (markdown.ts, html.ts,
 * docx-import.ts); the pictures inside the file go into the new room's files
 * (import-images.ts), and the room starts with the result as its first edit.
 */
import { Fragment, type Node } from "prosemirror-model";
import { prosemirrorToYXmlFragment } from "y-prosemirror";
import { client } from "../lib/api";
import { createRoom } from "../lib/create-room";
import type { Room } from "../lib/types";
import { fromHtml } from "./html";
import { uploadPictures } from "./import-images";
import { markdownParser } from "./markdown";
import { FRAGMENT, schema } from "./schema";
import { withEvenTables } from "./table-shape";

/** The extensions the import reads; anything else is taken as plain text. */
export const IMPORT_EXTENSIONS = /\.(md|markdown|html?|docx|txt)$/i;

/** Plain text: one paragraph per line, blank lines dropped. */
export function plainTextDoc(text: string): Node {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const paragraphs = lines.map((line) => schema.nodes.paragraph.create(null, schema.text(line)));
  return schema.nodes.doc.create(null, paragraphs.length > 0 ? Fragment.from(paragraphs) : schema.nodes.paragraph.create());
}

export async function parseFile(file: File): Promise<Node> {
  const name = file.name.toLowerCase();
  // mammoth is large: it loads only for a Word file.
  if (name.endsWith(".docx")) return (await import("./docx-import")).fromDocx(file);
  const text = await file.text();
  if (/\.(md|markdown)$/.test(name)) return markdownParser.parse(text);
  if (/\.html?$/.test(name)) return fromHtml(text);
  return plainTextDoc(text);
}

export async function importFile(file: File): Promise<Room> {
  const doc = withEvenTables(await parseFile(file));
  const title = file.name.replace(IMPORT_EXTENSIONS, "").trim() || "Imported document";
  return createRoom("document", title.slice(0, 200), async (ydoc, room) => {
    const withFiles = await uploadPictures(doc, async (picture) => (await client.files.upload(room.id, picture, { name: "imported" })).url);
    prosemirrorToYXmlFragment(withFiles, ydoc.getXmlFragment(FRAGMENT));
  });
}
