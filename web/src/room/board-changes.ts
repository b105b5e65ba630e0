/**
 * A whiteboard's changes between two points: the board as it is at the later point, with the
 * objects added since the earlier one outlined in their author's colour and those removed
 * shown faded where they were. Who added or removed an object comes from the server's diff
 * of the "objects" root, whose changes name the object's id (docs/api.md, "History").
 */
import * as Y from "yjs";
import { readStrokes, strokesOf } from "../board/model";
import { contentBounds } from "../board/object-geometry";
import { type ObjectData, objectsOf, readObjects } from "../board/objects";
import { objectElement, strokeElement } from "../board/render";
import { fitTo } from "../board/viewport";
import { h, svg } from "../lib/dom";
import { colorFor } from "../lib/people";
import type { Change } from "../lib/types";

function boardOf(state: Uint8Array | null) {
  const doc = new Y.Doc();
  if (state !== null) Y.applyUpdate(doc, state);
  try {
    return { objects: readObjects(objectsOf(doc)), strokes: readStrokes(strokesOf(doc).toArray()) };
  } finally {
    doc.destroy();
  }
}

/** The board at `after` with the objects added and removed since `before` (null: the empty board) marked. */
export function renderBoardChanges(
  before: Uint8Array | null,
  after: Uint8Array,
  changes: readonly Change[],
  size: { width: number; height: number },
): HTMLElement {
  const earlier = boardOf(before);
  const later = boardOf(after);
  const had = new Set(earlier.objects.map((o) => o.id));
  const has = new Set(later.objects.map((o) => o.id));
  const removed = earlier.objects.filter((o) => !has.has(o.id));
  const mark = (o: ObjectData, op: Change["op"]) => {
    const el = objectElement(o);
    const change = changes.find((c) => c.op === op && c.text.startsWith(`${o.id}: `));
    const who = change?.author?.name ?? (change?.author ? "API or app" : "Unknown");
    el.classList.add(`change-${op}`);
    el.style.setProperty("--author", colorFor(change?.author?.id ?? ""));
    el.prepend(svg("title", {}));
    el.querySelector("title")!.textContent = `${op === "insert" ? "Added" : "Removed"} by ${who}`;
    return el;
  };
  const objects = later.objects.map((o) => (had.has(o.id) ? objectElement(o) : mark(o, "insert")));
  const view = fitTo(contentBounds(later.strokes, [...later.objects, ...removed]), size.width, size.height);
  const world = svg(
    "g",
    { transform: `translate(${view.x} ${view.y}) scale(${view.scale})` },
    ...objects,
    ...removed.map((o) => mark(o, "delete")),
    ...later.strokes.map(strokeElement),
  );
  return h("div", { class: "board preview-board" }, svg("svg", { class: "board-surface", role: "img", "aria-label": "Whiteboard changes" }, world));
}
