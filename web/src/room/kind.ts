/**
 * What a room is (a document or a whiteboard) is stored in the document itself, in the map
 * "meta" under "kind": it travels with the content into versions, restores and exports, and
 * the server stays app-agnostic. A room written by another Yjs app has no kind and opens as
 * a document.
 */
import type * as Y from "yjs";

export type RoomKind = "document" | "whiteboard";

const META = "meta";

export function kindOf(doc: Y.Doc): RoomKind | undefined {
  const kind = doc.getMap(META).get("kind");
  return kind === "document" || kind === "whiteboard" ? kind : undefined;
}

export function setKind(doc: Y.Doc, kind: RoomKind): void {
  doc.getMap(META).set("kind", kind);
}
