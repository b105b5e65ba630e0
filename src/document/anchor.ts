/**
 * Comment anchors: a range of the document as two Yjs relative positions, which move with
 * concurrent edits because they name the characters at the range's ends, not offsets; or a
 * whiteboard object by its id, which follows the object wherever it is moved.
 * Pure functions over a Y.Doc: the room resolves anchors with them, and tests call them
 * directly.
 */
import * as Y from "yjs";
import { hasObject, OBJECTS } from "./board-objects";

/**
 * An anchor as it travels: encoded relative positions (base64) of the range's start, made
 * before its first character (assoc 0), and of its end, made after its last character
 * (assoc -1). Both name characters of the range itself, so text typed where a deleted range
 * was does not bring the range back, and text typed just after it does not join it.
 */
export interface TextAnchor {
  start: string;
  end: string;
}

/** A thread pinned on a whiteboard object (board-objects.ts): its id in the root map "objects". */
export interface ObjectAnchor {
  object: string;
}

export type Anchor = TextAnchor | ObjectAnchor;

export const isObjectAnchor = (anchor: Anchor): anchor is ObjectAnchor => "object" in anchor;

/**
 * Where an anchor is now. `from`/`to` count positions as ProseMirror does for a y-prosemirror
 * fragment (a text character is 1, each element's start and end are 1 each) and plain
 * indexes in a Y.Text; an object anchor is attached to its object in the root "objects".
 * `detached`: everything the range held was deleted (or its ends are no longer in one root
 * type), or the object was deleted or never was; the thread stays, shown without a place.
 */
export type ResolvedAnchor =
  | { state: "attached"; type: string; from: number; to: number }
  | { state: "attached"; type: typeof OBJECTS; object: string }
  | { state: "detached" };

/** Base64 of at most this many characters per position: a relative position is ~10–30 bytes. */
const MAX_POSITION_CHARS = 512;

/** Decodes one position; throws a TypeError for anything that is not an encoded relative position. */
export function decodePosition(base64: string): Y.RelativePosition {
  if (base64.length === 0 || base64.length > MAX_POSITION_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new TypeError("not a base64 relative position");
  }
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  try {
    const position = Y.decodeRelativePosition(bytes);
    // A well-formed position names either an item, a root type or a nested type.
    if (position.item === null && position.tname === null && position.type === null) throw new TypeError("empty");
    // Re-encoding must give the same bytes: trailing garbage is not a position.
    if (Y.encodeRelativePosition(position).length !== bytes.length) throw new TypeError("trailing bytes");
    return position;
  } catch {
    throw new TypeError("not a relative position");
  }
}

/** Encodes a relative position for an anchor (what clients do; tests use it too). */
export function encodePosition(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)));
}

/** Where an anchor is in `doc` now. */
export function resolveAnchor(doc: Y.Doc, anchor: Anchor): ResolvedAnchor {
  if (isObjectAnchor(anchor)) return hasObject(doc, anchor.object) ? { state: "attached", type: OBJECTS, object: anchor.object } : { state: "detached" };
  return resolveRange(doc, anchor);
}

function resolveRange(doc: Y.Doc, anchor: TextAnchor): ResolvedAnchor {
  let start, end;
  try {
    start = Y.createAbsolutePositionFromRelativePosition(decodePosition(anchor.start), doc);
    end = Y.createAbsolutePositionFromRelativePosition(decodePosition(anchor.end), doc);
  } catch {
    return { state: "detached" };
  }
  // Null: the position names content this document does not have (deleted with its parent
  // type long ago, or never received).
  if (start === null || end === null) return { state: "detached" };
  const [startRoot, from] = linear(start.type, start.index);
  const [endRoot, to] = linear(end.type, end.index);
  if (startRoot !== endRoot || from === null || to === null || to <= from) return { state: "detached" };
  const name = rootName(doc, startRoot);
  return name === null ? { state: "detached" } : { state: "attached", type: name, from, to };
}

/** The root type holding `type`, and the linear position of `index` in it (null inside deleted content). */
function linear(type: Y.AbstractType<unknown>, index: number): [Y.AbstractType<unknown>, number | null] {
  let position = childrenSize(type, index);
  let child = type;
  while (child._item !== null) {
    const item = child._item;
    if (item.deleted) return [rootOf(child), null];
    const parent = item.parent as Y.AbstractType<unknown>;
    position += before(parent, item) + (child instanceof Y.XmlText ? 0 : 1);
    child = parent;
  }
  return [child, position];
}

function rootOf(type: Y.AbstractType<unknown>): Y.AbstractType<unknown> {
  while (type._item !== null) type = type._item.parent as Y.AbstractType<unknown>;
  return type;
}

/** Size of the live children of `parent` before `item`. */
function before(parent: Y.AbstractType<unknown>, item: Y.Item): number {
  let size = 0;
  for (let n = parent._start; n !== null && n !== item; n = n.right) if (!n.deleted) size += sizeOfItem(n);
  return size;
}

/**
 * Size of the first `count` live children of a type. The room's copy does not know whether a
 * root is text or a fragment (its roots are untyped), so characters and nested types are
 * both counted here; an item may hold several characters, of which only some come first.
 */
function childrenSize(parent: Y.AbstractType<unknown>, count: number): number {
  let size = 0;
  let seen = 0;
  for (let n = parent._start; n !== null && seen < count; n = n.right) {
    if (n.deleted || !n.countable) continue;
    const taken = Math.min(n.length, count - seen);
    size += n.content instanceof Y.ContentType ? sizeOf(n.content.type as Y.AbstractType<unknown>) : taken;
    seen += taken;
  }
  return size;
}

function sizeOfItem(item: Y.Item): number {
  if (item.content instanceof Y.ContentType) return sizeOf(item.content.type as Y.AbstractType<unknown>);
  return item.countable ? item.length : 0;
}

/** A node's size: text counts its characters; an element its two ends plus its children. */
function sizeOf(type: Y.AbstractType<unknown>): number {
  return type instanceof Y.XmlText || type instanceof Y.Text ? type.length : 2 + childrenSize(type, Infinity);
}

function rootName(doc: Y.Doc, root: Y.AbstractType<unknown>): string | null {
  for (const [name, type] of doc.share) if (type === root) return name;
  return null;
}
