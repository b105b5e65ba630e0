/**
 * The presence (awareness) fields apps read from other people, checked before anything
 * draws them. The room relays any JSON state, so a state is whatever another member sent: one
 * of the wrong shape used to throw inside y-prosemirror's cursor plugin or the avatars in every
 * open editor, after which remote edits stopped applying there. Everything that reads other
 * people's presence (avatars, carets, board pointers and selections) goes through these; what does not fit is
 * ignored. Pure, tested in packages/client/test/presence-shape.test.ts.
 */

/** What every client publishes under awareness "user" (y-prosemirror reads name and colour). */
export interface Person {
  id: string;
  name: string;
  color: string;
}

/** A Yjs item id as JSON. */
interface IdJson {
  client: number;
  clock: number;
}

/** A Y.RelativePosition as JSON.stringify writes it (y-prosemirror's "cursor" holds two). */
export interface RelativePositionJson {
  type?: IdJson | null;
  tname?: string | null;
  item?: IdJson | null;
  assoc?: number | null;
}

/** y-prosemirror's awareness "cursor": the selection's anchor and head. */
export interface Cursor {
  anchor: RelativePositionJson;
  head: RelativePositionJson;
}

/** The board's awareness "pointer", in board coordinates. */
export interface Pointer {
  x: number;
  y: number;
}

/** Far above any real name or id (sign-up allows 100 characters), far below a flood. */
export const MAX_TEXT = 256;
/** The only colour format y-prosemirror supports, and all the pages ever publish. */
const COLOR = /^#[0-9a-f]{6}$/i;

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= MAX_TEXT;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
/** Yjs looks ids up by client and clock; a negative or fractional one throws inside it. */
const isId = (value: unknown): value is IdJson => isFields(value) && isCount(value.client) && isCount(value.clock);
const fieldOf = (state: unknown, name: string): unknown => (isFields(state) ? state[name] : undefined);

/** The person a state announces, or null when "user" is not `{ id, name, color: "#rrggbb" }`. */
export function personOf(state: unknown): Person | null {
  const user = fieldOf(state, "user");
  if (!isFields(user) || !isText(user.id) || !isText(user.name) || typeof user.color !== "string" || !COLOR.test(user.color)) return null;
  return { id: user.id, name: user.name, color: user.color };
}

/**
 * Whether `value` is a relative position Yjs can resolve without throwing. A root type is
 * named only as `root` (the editor's fragment): Yjs would create any other name it is given.
 */
function isPosition(value: unknown, root: string): value is RelativePositionJson {
  if (!isFields(value)) return false;
  const { type, tname, item, assoc } = value;
  const fits =
    (type == null || isId(type)) && (item == null || isId(item)) && (tname == null || tname === root) && (assoc == null || Number.isSafeInteger(assoc));
  // A position that names neither an item nor a type is an "unexpected case" Yjs throws on.
  return fits && (item != null || type != null || tname != null);
}

/** The state's editor selection, or null when "cursor" is not two positions in `root`. */
export function cursorOf(state: unknown, root: string): Cursor | null {
  const cursor = fieldOf(state, "cursor");
  if (!isFields(cursor) || !isPosition(cursor.anchor, root) || !isPosition(cursor.head, root)) return null;
  return { anchor: cursor.anchor, head: cursor.head };
}

/** The state's board pointer, or null when "pointer" is not two finite numbers. */
export function pointerOf(state: unknown): Pointer | null {
  const pointer = fieldOf(state, "pointer");
  if (!isFields(pointer) || !Number.isFinite(pointer.x) || !Number.isFinite(pointer.y)) return null;
  return { x: pointer.x as number, y: pointer.y as number };
}

/** More than anyone selects by hand; a longer list is not drawn at all. */
export const MAX_SELECTION = 1000;
/** A board object's id as the board makes them (web/src/board/objects.ts). */
const OBJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The state's board selection (object ids), or null when "selection" is not a list of at most MAX_SELECTION ids. */
export function selectionOf(state: unknown): string[] | null {
  const selection = fieldOf(state, "selection");
  if (!Array.isArray(selection) || selection.length > MAX_SELECTION) return null;
  return selection.every((id) => typeof id === "string" && OBJECT_ID.test(id)) ? (selection as string[]) : null;
}

/** Whether y-prosemirror may draw this state's caret: a valid person with a valid selection. */
export const drawsCaret = (state: unknown, root: string): boolean => personOf(state) !== null && cursorOf(state, root) !== null;
