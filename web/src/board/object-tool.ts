/**
 * Pointer gestures on objects: with the select tool, pick (Shift adds or removes), move the
 * selection, resize with a grip, turn a box with its rotation grip, or select everything a
 * dragged box touches; with a shape tool, drag out a new object (a click places one of the
 * usual size). Changes are sent at most every FLUSH_EVERY_MS, as strokes are, and each
 * gesture is one step of undo.
 */
import type * as Y from "yjs";
import { svg } from "../lib/dom";
import { boxBetween, type Handle, handleAt, objectAt, objectsInBox, placeFromDrag, resize } from "./object-geometry";
import type { ObjectLayer } from "./object-layer";
import { addObject, type BoardObject, type ObjectFields, type ObjectKind, STICKY_COLORS, updateObject } from "./objects";
import { rotationTowards } from "./rotation";
import type { Selection } from "./selection";
import { TEXT_SIZE } from "./shapes";

const FLUSH_EVERY_MS = 40;
/** How close (screen pixels) a pointer must come to an object or a grip. */
export const REACH = 6;
/** What a click (no drag) with a shape tool places: width and height, or a line's offset. */
const CLICK_SIZE: Record<ObjectKind, [number, number]> = {
  rect: [160, 100],
  ellipse: [140, 100],
  line: [160, 0],
  arrow: [160, 0],
  text: [240, Math.ceil(TEXT_SIZE * 1.3 + 8)],
  sticky: [180, 180],
  image: [0, 0],
};
/** A drag shorter than this (screen pixels) is a click. */
export const CLICK = 4;

export interface ObjectGesture {
  move(x: number, y: number): void;
  end(): void;
}

export interface ObjectToolContext {
  doc: Y.Doc;
  objects: Y.Map<BoardObject>;
  origin: object;
  layer: ObjectLayer;
  selection: Selection;
  /** Where the box being dragged out is drawn. */
  overlay: SVGGElement;
  by: string;
  style(): { color: string; width: number };
  /** A new text or sticky note opens for typing. */
  editText(id: string): void;
  /** A new object was placed: the palette goes back to selecting. */
  placed(): void;
}

export function objectTool(ctx: ObjectToolContext) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<string, ObjectFields>();
  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    ctx.doc.transact(() => pending.forEach((fields, id) => updateObject(ctx.objects, id, fields)), ctx.origin);
    pending.clear();
  };
  const write = (id: string, fields: ObjectFields) => {
    pending.set(id, { ...pending.get(id), ...fields });
    timer ??= setTimeout(flush, FLUSH_EVERY_MS);
  };
  const finish = () => {
    clearTimeout(timer);
    flush();
  };

  function select(x: number, y: number, scale: number, shift: boolean): ObjectGesture {
    const reach = REACH / scale;
    const [only] = ctx.selection.ids.size === 1 ? ctx.selection.ids : [];
    const single = only === undefined ? undefined : ctx.layer.byId(only);
    const handle: Handle | null = single ? handleAt(single, x, y, reach, scale) : null;
    if (single && handle) {
      const move =
        handle === "rotate"
          ? (px: number, py: number) => write(single.id, { rotation: rotationTowards(single, px, py) })
          : (px: number, py: number) => write(single.id, resize(single, handle, round(px), round(py)));
      return { move, end: finish };
    }
    const hit = objectAt(ctx.layer.current(), x, y, reach);
    if (hit) {
      const ids = new Set(ctx.selection.ids);
      if (shift && ids.has(hit.id)) ids.delete(hit.id);
      else if (shift) ids.add(hit.id);
      else if (!ids.has(hit.id)) ids.clear(), ids.add(hit.id);
      ctx.selection.set(ids);
      const start = [...ids].flatMap((id) => ctx.layer.byId(id) ?? []);
      return {
        move: (px, py) => start.forEach((o) => write(o.id, { x: round(o.x + px - x), y: round(o.y + py - y) })),
        end: finish,
      };
    }
    const before = shift ? [...ctx.selection.ids] : [];
    ctx.selection.set(before);
    const box = svg("rect", { class: "marquee", "vector-effect": "non-scaling-stroke" });
    ctx.overlay.append(box);
    return {
      move(px, py) {
        const b = boxBetween(x, y, px, py);
        for (const [key, value] of Object.entries({ x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY }))
          box.setAttribute(key, String(value));
        ctx.selection.set([...before, ...objectsInBox(ctx.layer.current(), b).map((o) => o.id)]);
      },
      end: () => box.remove(),
    };
  }

  function create(kind: ObjectKind, x: number, y: number, scale: number): ObjectGesture {
    const { color, width } = ctx.style();
    const [w, h] = CLICK_SIZE[kind];
    const look: ObjectFields = kind === "sticky" ? { fill: STICKY_COLORS[0], text: "" } : kind === "text" ? { color, text: "" } : { color, width };
    let id = "";
    ctx.doc.transact(() => (id = addObject(ctx.objects, { kind, x: round(x), y: round(y), w, h, ...look }, ctx.by)), ctx.origin);
    ctx.selection.set([id]);
    let dragged = false;
    return {
      move(px, py) {
        dragged ||= Math.hypot(px - x, py - y) * scale >= CLICK;
        if (dragged && kind !== "text") write(id, placeFromDrag(kind, round(x), round(y), round(px), round(py)));
      },
      end() {
        finish();
        ctx.placed();
        if (kind === "text" || kind === "sticky") ctx.editText(id);
      },
    };
  }

  return { select, create };
}

/** Tenths of a board pixel are plenty and keep updates small. */
const round = (n: number) => Math.round(n * 10) / 10;
