/**
 * The server never declares the root types an app uses ("content" as Y.Text, "prosemirror"
 * as Y.XmlFragment...): a document loaded from bytes has roots of no particular kind. Yjs
 * only reports changes, renders JSON and undoes edits for typed roots, so the kind is read
 * from what a root contains. Pure: no I/O.
 */
import * as Y from "yjs";

export type RootKind = "text" | "map" | "xml" | "array";

/** A root as `doc.share` holds it, typed as Yjs types it. */
type Root = Y.Doc["share"] extends Map<string, infer T> ? T : never;

/** The kind of a root from its live content; null when it has none to tell by. */
export function rootKind(type: Root | undefined): RootKind | null {
  if (type === undefined) return null;
  if (type instanceof Y.Text) return "text";
  if (type instanceof Y.XmlFragment) return "xml";
  if (type instanceof Y.Array) return "array";
  if (type instanceof Y.Map) return "map";
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed) return "text";
    if (content instanceof Y.ContentType) {
      const child = content.type;
      return child instanceof Y.XmlElement || child instanceof Y.XmlText || child instanceof Y.XmlHook ? "xml" : "array";
    }
    return "array";
  }
  for (const item of type._map.values()) if (!item.deleted) return "map";
  return null;
}

/** The root `name` of `doc` as its kind's class (created if absent). */
export function typedRoot(doc: Y.Doc, name: string, kind: RootKind): Y.Text | Y.Map<unknown> | Y.XmlFragment | Y.Array<unknown> {
  switch (kind) {
    case "text":
      return doc.getText(name);
    case "map":
      return doc.getMap(name);
    case "xml":
      return doc.getXmlFragment(name);
    case "array":
      return doc.getArray(name);
  }
}
