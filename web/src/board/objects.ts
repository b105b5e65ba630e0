/**
 * Whiteboard objects in Yjs: the root map "objects", one Y.Map of plain fields per object
 * under its id. A map keyed by id, not an array, so a selection (mine, or another person's in
 * awareness) names objects by id and a change of order is one field ("z"), not a move that
 * Yjs cannot express. Objects are read back only through `readObject`, pure and tested in
 * test/unit/board-objects.test.ts: a crafted update can store anything in a map, and these
 * values end up in SVG attributes and in the file another person downloads.
 */
import * as Y from "yjs";
import { isObjectId, OBJECTS } from "../../../src/document/board-objects";
import { isColor, isWidth } from "./ink";
import { normalizeDegrees } from "./rotation";

export type BoardObject = Y.Map<unknown>;

export const objectsOf = (doc: Y.Doc): Y.Map<BoardObject> => doc.getMap<BoardObject>(OBJECTS);

/** Sticky notes come in these colours only. */
export const STICKY_COLORS = ["#fff3a3", "#ffd6e0", "#cdeccd", "#cfe6ff"] as const;
export const isStickyColor = (value: unknown): value is (typeof STICKY_COLORS)[number] => (STICKY_COLORS as readonly unknown[]).includes(value);

export const BOX_KINDS = ["rect", "ellipse", "text", "sticky", "image"] as const;
export const LINE_KINDS = ["line", "arrow"] as const;
export type BoxKind = (typeof BOX_KINDS)[number];
export type LineKind = (typeof LINE_KINDS)[number];
export type ObjectKind = BoxKind | LineKind;

/** Far beyond any board people draw on; keeps every number an SVG or a canvas can take. */
export const MAX_COORDINATE = 1_000_000;
export const MAX_SIZE = 100_000;
export const MAX_TEXT = 4000;
/**
 * A room file's URL as the files API gives it (domain/files.ts filePath): a percent-encoded
 * room id and a SHA-256. Nothing else is an image source: no other origin, no `javascript:`,
 * no quote that could end an attribute in the export.
 */
const FILE_URL = /^\/api\/rooms\/[A-Za-z0-9._~%-]{1,256}\/files\/[0-9a-f]{64}$/;

interface Placed {
  id: string;
  z: number;
  /** Boxes: the top left corner and a positive size. Lines: the start and the offset to the end. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Boxes only, degrees clockwise about the centre in (0, 360) (rotation.ts); absent when not turned. */
  rotation?: number;
}
export type ObjectData = Placed &
  (
    | { kind: "rect" | "ellipse" | "line" | "arrow"; color: string; width: number }
    | { kind: "text"; color: string; text: string }
    | { kind: "sticky"; fill: string; text: string }
    | { kind: "image"; src: string }
  );

export const isBoxKind = (kind: unknown): kind is BoxKind => (BOX_KINDS as readonly unknown[]).includes(kind);
export const isLineKind = (kind: unknown): kind is LineKind => (LINE_KINDS as readonly unknown[]).includes(kind);
const isCoordinate = (v: unknown): v is number => Number.isFinite(v) && Math.abs(v as number) <= MAX_COORDINATE;
const isText = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_TEXT;

/** The object to draw, or null when it has the wrong shape (it is then neither drawn nor exported). */
export function readObject(id: string, item: unknown): ObjectData | null {
  if (!isObjectId(id) || !(item instanceof Y.Map)) return null;
  const [kind, x, y, w, h, z] = ["kind", "x", "y", "w", "h", "z"].map((key) => item.get(key) as unknown);
  if (!isCoordinate(x) || !isCoordinate(y) || !isCoordinate(w) || !isCoordinate(h) || !Number.isFinite(z)) return null;
  const sized = isBoxKind(kind) ? w > 0 && h > 0 && w <= MAX_SIZE && h <= MAX_SIZE : isLineKind(kind) && Math.abs(w) <= MAX_SIZE && Math.abs(h) <= MAX_SIZE;
  if (!sized) return null;
  const rotation: unknown = item.get("rotation");
  if (rotation !== undefined && !Number.isFinite(rotation)) return null;
  const turned = isBoxKind(kind) && rotation !== undefined ? normalizeDegrees(rotation as number) : 0;
  const placed = { id, z: z as number, x, y, w, h, ...(turned !== 0 && { rotation: turned }) };
  const color: unknown = item.get("color");
  const text: unknown = item.get("text");
  switch (kind) {
    case "rect":
    case "ellipse":
    case "line":
    case "arrow": {
      const width: unknown = item.get("width");
      return isColor(color) && isWidth(width) ? { ...placed, kind, color, width } : null;
    }
    case "text":
      return isColor(color) && isText(text) ? { ...placed, kind, color, text } : null;
    case "sticky": {
      const fill: unknown = item.get("fill");
      return isStickyColor(fill) && isText(text) ? { ...placed, kind, fill, text } : null;
    }
    case "image": {
      const src: unknown = item.get("src");
      return typeof src === "string" && FILE_URL.test(src) ? { ...placed, kind, src } : null;
    }
    default:
      return null;
  }
}

/** The objects that read, back to front (by z, then id, so every board orders ties alike). */
export function readObjects(objects: Y.Map<BoardObject>): ObjectData[] {
  const read: ObjectData[] = [];
  for (const [id, item] of objects) {
    const data = readObject(id, item);
    if (data) read.push(data);
  }
  return read.sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What may be written into an object: its fields without the id (the map's key). */
export interface ObjectFields {
  kind?: ObjectKind;
  x?: number;
  y?: number;
  w?: number;
  h?: number;
  z?: number;
  rotation?: number;
  color?: string;
  width?: number;
  text?: string;
  fill?: string;
  src?: string;
}

/** Adds an object on top of the others and answers its id; call inside a transaction with the board's origin. */
export function addObject(objects: Y.Map<BoardObject>, fields: ObjectFields & { kind: ObjectKind }, by: string): string {
  const id = newId();
  const item: BoardObject = new Y.Map();
  for (const [key, value] of Object.entries({ ...fields, z: topZ(readObjects(objects)), by })) item.set(key, value);
  objects.set(id, item);
  return id;
}

/** Writes the fields that changed into object `id`, if it is still there. */
export function updateObject(objects: Y.Map<BoardObject>, id: string, fields: ObjectFields): void {
  const item = objects.get(id);
  if (!(item instanceof Y.Map)) return;
  for (const [key, value] of Object.entries(fields)) if (item.get(key) !== value) item.set(key, value);
}

export function removeObjects(objects: Y.Map<BoardObject>, ids: Iterable<string>): void {
  for (const id of ids) objects.delete(id);
}

/** Brings `ids` to the front ("front") or sends them to the back ("back"), keeping their order among themselves. */
export function restack(objects: Y.Map<BoardObject>, ids: ReadonlySet<string>, to: "front" | "back"): void {
  const all = readObjects(objects);
  const moving = all.filter((o) => ids.has(o.id));
  const rest = all.filter((o) => !ids.has(o.id));
  if (moving.length === 0) return;
  const start = to === "front" ? topZ(rest) : Math.min(0, ...rest.map((o) => o.z)) - moving.length;
  moving.forEach((o, i) => updateObject(objects, o.id, { z: start + i }));
}

/** Turns the boxes among `ids` by `degrees` (clockwise) about their centres; lines are turned by their ends, not here. */
export function turnObjects(objects: Y.Map<BoardObject>, ids: ReadonlySet<string>, degrees: number): void {
  for (const o of readObjects(objects))
    if (ids.has(o.id) && isBoxKind(o.kind)) updateObject(objects, o.id, { rotation: normalizeDegrees((o.rotation ?? 0) + degrees) });
}

/** A z above every object's. */
const topZ = (objects: readonly ObjectData[]) => Math.floor(Math.max(0, ...objects.map((o) => o.z))) + 1;

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
