/**
 * What the server and the pages agree on about a whiteboard's objects: they live in the root
 * map "objects", one entry per object under its id (web/src/board/objects.ts writes and reads
 * them). Comment threads pinned on an object name it by that id (anchor.ts). Pure: no I/O.
 */
import type * as Y from "yjs";

/** The root map of a whiteboard's objects. */
export const OBJECTS = "objects";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `value` can be an object's id: what the board generates, and nothing an attribute or a URL could be confused by. */
export const isObjectId = (value: unknown): value is string => typeof value === "string" && ID.test(value);

/**
 * Whether the board in `doc` has object `id` now. The room's copy of a document has roots of
 * no particular kind (root-types.ts), so the root's entries are read as Yjs keeps them for
 * any type; a root that holds anything but a map's entries has no objects.
 */
export function hasObject(doc: Y.Doc, id: string): boolean {
  const root = doc.share.get(OBJECTS);
  if (root === undefined || !isObjectId(id)) return false;
  const entry = root._map.get(id);
  return entry !== undefined && !entry.deleted;
}
