/**
 * The collaborative whiteboard: strokes streamed into Yjs while they are drawn, erasing,
 * objects (shapes, lines and arrows, text, sticky notes, images) placed, selected, moved,
 * resized, turned, restacked and deleted, pan and zoom (mine only), undo of my own changes
 * (Y.UndoManager tracking only this board's origin), and everyone's pointer and selection.
 */
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { h, svg } from "../lib/dom";
import { listenToKeys } from "./board-keys";
import { distanceToStroke } from "./geometry";
import { attachImageInput } from "./image-input";
import { keepMiddleOnResize } from "./keep-middle";
import { beginStroke, eraseStroke, extendStroke, readStroke, readStrokes, type Stroke, strokesOf } from "./model";
import type { PinnedBoard } from "./object-comments";
import { contentBounds, objectAt } from "./object-geometry";
import { mountObjectLayer } from "./object-layer";
import { CLICK, type ObjectGesture, objectTool, REACH } from "./object-tool";
import { addObject, objectsOf, removeObjects, restack, turnObjects, updateObject } from "./objects";
import { createPalette, isShapeTool, type Tool } from "./palette";
import { placeImage } from "./place-image";
import { trackPointers } from "./pointers";
import { ROTATION_STEP } from "./rotation";
import { mountSelection } from "./selection";
import { textHeight } from "./shapes";
import { mountStrokeLayer } from "./stroke-layer";
import { editText } from "./text-edit";
import { fitTo, toBoard, type Viewport, zoomAt } from "./viewport";

/** Points are sent in batches: one message per point would exceed the room's rate limit. */
const FLUSH_EVERY_MS = 40;
/** How close (screen pixels) the eraser must come to a stroke. */
const ERASER_RADIUS = 8;

export interface Board {
  setEditable(editable: boolean): void;
  destroy(): void;
  /** For comments pinned on objects. */
  pinned: PinnedBoard;
}

export function mountBoard(
  parent: HTMLElement,
  doc: Y.Doc,
  awareness: Awareness,
  me: { id: string },
  editable: boolean,
  files: { roomId: string; toast(message: string): void },
): Board {
  const { roomId, toast } = files;
  const strokes = strokesOf(doc);
  const objects = objectsOf(doc);
  // Each board's own origin: the undo manager tracks exactly the changes made here.
  const origin = { board: me.id };
  const undoManager = new Y.UndoManager([strokes, objects], { trackedOrigins: new Set([origin]), captureTimeout: Infinity });
  let canEdit = editable;
  let viewport: Viewport = { x: 0, y: 0, scale: 1 };

  const layer = mountObjectLayer(objects);
  const ink = mountStrokeLayer(strokes);
  const overlay = svg("g", { class: "selection-layer" });
  // Objects under the ink, so people can write on notes and images; selections above both.
  const world = svg("g", {}, layer.el, ink.el, overlay);
  const surface = svg("svg", { class: "board-surface", role: "img", "aria-label": "Whiteboard" }, world);
  const pointerLayer = h("div", { class: "pointer-layer" });
  const change = (f: () => void) => {
    undoManager.stopCapturing();
    doc.transact(f, origin);
    undoManager.stopCapturing();
  };
  const palette = createPalette({
    undo: () => undoManager.undo(),
    redo: () => undoManager.redo(),
    zoom: (factor) => setViewport(zoomAt(viewport, factor, surface.clientWidth / 2, surface.clientHeight / 2)),
    fit: () => setViewport(fitToContent()),
    image: () => images.pick(),
    front: () => change(() => restack(objects, selection.ids, "front")),
    back: () => change(() => restack(objects, selection.ids, "back")),
    turn: () => change(() => turnObjects(objects, selection.ids, ROTATION_STEP)),
    remove: () => change(() => removeObjects(objects, selection.ids)),
    tool: (tool) => (root.dataset.tool = tool),
    styled: (style) => selection.ids.size > 0 && change(() => selection.ids.forEach((id) => updateObject(objects, id, styleFor(id, style)))),
  });
  const root = h("div", { class: "board", "data-tool": palette.state.tool }, surface, pointerLayer, palette.el, palette.zoomEl);
  parent.append(root);
  const pointers = trackPointers(pointerLayer, awareness, () => viewport);
  const selection = mountSelection(
    overlay,
    layer,
    awareness,
    () => viewport,
    () => canEdit,
  );
  selection.onSelect((ids) => palette.setSelected(ids.size));
  const viewportListeners: Array<() => void> = [];

  /** The part of a picked colour or width that an object of this kind has. */
  function styleFor(id: string, style: { color?: string; width?: number }) {
    const o = layer.byId(id);
    if (!o || o.kind === "image" || o.kind === "sticky") return {};
    return o.kind === "text" ? { color: style.color ?? o.color } : style;
  }

  function setViewport(next: Viewport): void {
    viewport = next;
    world.setAttribute("transform", `translate(${viewport.x} ${viewport.y}) scale(${viewport.scale})`);
    // The dot grid moves and scales with the board.
    root.style.backgroundPosition = `${viewport.x}px ${viewport.y}px`;
    root.style.backgroundSize = `${24 * viewport.scale}px ${24 * viewport.scale}px`;
    palette.setZoom(viewport.scale);
    pointers.render(viewport);
    selection.render(viewport);
    for (const listener of viewportListeners) listener();
  }

  function fitToContent(): Viewport {
    return fitTo(contentBounds(readStrokes(strokes.toArray()), layer.current()), surface.clientWidth, surface.clientHeight);
  }

  const onHistory = () => palette.setHistory(undoManager.canUndo(), undoManager.canRedo());
  undoManager.on("stack-item-added", onHistory);
  undoManager.on("stack-item-popped", onHistory);
  onHistory();

  const openText = (id: string) => {
    const o = layer.byId(id);
    if (!o || (o.kind !== "text" && o.kind !== "sticky")) return;
    editText(root, o, viewport, (text) => {
      if (o.kind === "text" && text.trim() === "") return change(() => removeObjects(objects, [id]));
      change(() => updateObject(objects, id, o.kind === "text" ? { text, h: textHeight(text, o.w) } : { text }));
    });
  };
  const gestures = objectTool({
    doc,
    objects,
    origin,
    layer,
    selection,
    overlay,
    by: me.id,
    style: () => palette.state,
    editText: openText,
    placed: () => palette.setTool("select"),
  });
  const images = attachImageInput(
    root,
    () => canEdit,
    (file, at) =>
      void placeImage(roomId, file, toBoard(viewport, at?.sx ?? surface.clientWidth / 2, at?.sy ?? surface.clientHeight / 2))
        .then((place) => {
          let id = "";
          change(() => (id = addObject(objects, { kind: "image", ...place }, me.id)));
          selection.set([id]);
        })
        .catch(() => toast("Could not add this image: pick a PNG, JPEG, GIF, WebP or AVIF file up to 10 MB.")),
  );

  // Input: draw, erase, select or place objects, or pan with one pointer; the wheel pans,
  // Ctrl/⌘ + wheel (and pinch) zooms.
  let gesture: {
    tool: Tool;
    stroke?: Stroke;
    objects?: ObjectGesture;
    pending: number[];
    from: { x: number; y: number };
    last: { x: number; y: number };
  } | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const local = (event: MouseEvent) => {
    const box = surface.getBoundingClientRect();
    return { sx: event.clientX - box.left, sy: event.clientY - box.top };
  };
  const flush = () => {
    flushTimer = undefined;
    if (gesture?.stroke && gesture.pending.length > 0) doc.transact(() => extendStroke(gesture!.stroke!, gesture!.pending.splice(0)), origin);
  };
  const eraseAt = (x: number, y: number) => {
    const radius = ERASER_RADIUS / viewport.scale;
    const hit = strokes.toArray().filter((s) => {
      const data = readStroke(s);
      return data !== null && distanceToStroke(data.points, x, y) <= radius + data.width / 2;
    });
    if (hit.length > 0) doc.transact(() => hit.forEach((s) => eraseStroke(strokes, s)), origin);
  };

  surface.addEventListener("pointerdown", (event) => {
    if (gesture || (event.button !== 0 && event.button !== 1)) return;
    const tool: Tool = event.button === 1 || keys.spaceHeld() || !canEdit ? "hand" : palette.state.tool;
    const { sx, sy } = local(event);
    const at = toBoard(viewport, sx, sy);
    surface.setPointerCapture(event.pointerId);
    gesture = { tool, pending: [], from: { x: sx, y: sy }, last: { x: sx, y: sy } };
    // Each stroke, each erasing gesture and each change to objects is one step of undo.
    undoManager.stopCapturing();
    if (tool === "pen") doc.transact(() => (gesture!.stroke = beginStroke(strokes, palette.state, me.id, round(at.x), round(at.y))), origin);
    if (tool === "eraser") eraseAt(at.x, at.y);
    if (tool === "select") gesture.objects = gestures.select(at.x, at.y, viewport.scale, event.shiftKey);
    if (isShapeTool(tool)) gesture.objects = gestures.create(tool, at.x, at.y, viewport.scale);
    root.classList.toggle("panning", tool === "hand");
  });
  surface.addEventListener("pointermove", (event) => {
    const { sx, sy } = local(event);
    const here = toBoard(viewport, sx, sy);
    pointers.move(here);
    if (!gesture) return;
    if (gesture.tool === "hand") {
      setViewport({ ...viewport, x: viewport.x + sx - gesture.last.x, y: viewport.y + sy - gesture.last.y });
      gesture.last = { x: sx, y: sy };
      return;
    }
    if (gesture.objects) return gesture.objects.move(here.x, here.y);
    for (const e of event.getCoalescedEvents?.() ?? [event]) {
      const p = local(e);
      const at = toBoard(viewport, p.sx, p.sy);
      if (gesture.tool === "eraser") eraseAt(at.x, at.y);
      else gesture.pending.push(round(at.x), round(at.y));
    }
    flushTimer ??= setTimeout(flush, FLUSH_EVERY_MS);
  });
  const endGesture = () => {
    if (!gesture) return;
    clearTimeout(flushTimer);
    flush();
    const done = gesture.objects;
    gesture = null;
    done?.end();
    undoManager.stopCapturing();
    root.classList.remove("panning");
  };
  // Those who may not edit pan with the pointer; a click on an object still selects it, to comment on it.
  const clickToSelect = (event: PointerEvent) => {
    if (canEdit || gesture?.tool !== "hand") return;
    const { sx, sy } = local(event);
    if (Math.hypot(sx - gesture.from.x, sy - gesture.from.y) >= CLICK) return;
    const at = toBoard(viewport, sx, sy);
    const hit = objectAt(layer.current(), at.x, at.y, REACH / viewport.scale);
    selection.set(hit ? [hit.id] : []);
  };
  surface.addEventListener("pointerup", (event) => (clickToSelect(event), endGesture()));
  surface.addEventListener("pointercancel", endGesture);
  surface.addEventListener("pointerleave", () => pointers.move(null));
  surface.addEventListener("dblclick", (event) => {
    const { sx, sy } = local(event);
    const at = toBoard(viewport, sx, sy);
    const hit = canEdit && palette.state.tool === "select" ? objectAt(layer.current(), at.x, at.y, 0) : null;
    if (hit) openText(hit.id);
  });
  surface.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const { sx, sy } = local(event);
      if (event.ctrlKey || event.metaKey) setViewport(zoomAt(viewport, Math.exp(-event.deltaY / 300), sx, sy));
      else setViewport({ ...viewport, x: viewport.x - event.deltaX, y: viewport.y - event.deltaY });
    },
    { passive: false },
  );

  const keys = listenToKeys({
    canEdit: () => canEdit,
    hasSelection: () => selection.ids.size > 0,
    undo: () => undoManager.undo(),
    redo: () => undoManager.redo(),
    remove: () => change(() => removeObjects(objects, selection.ids)),
    restack: (to) => change(() => restack(objects, selection.ids, to)),
    turn: (degrees) => change(() => turnObjects(objects, selection.ids, degrees)),
    deselect: () => selection.set([]),
    pickImage: () => images.pick(),
    setTool: (tool) => palette.setTool(tool),
  });

  const stopKeepingMiddle = keepMiddleOnResize(surface, () => viewport, setViewport);
  requestAnimationFrame(() => setViewport(fitToContent()));
  palette.setEditable(canEdit);

  return {
    setEditable(next) {
      canEdit = next;
      palette.setEditable(next);
      if (!next) selection.set([]);
    },
    destroy() {
      ink.destroy();
      layer.destroy();
      undoManager.destroy();
      keys.destroy();
      stopKeepingMiddle();
      images.destroy();
      root.remove();
    },
    pinned: { root, layer, selection, viewport: () => viewport, onViewport: (listener) => void viewportListeners.push(listener) },
  };
}

/** Tenths of a board pixel are plenty and keep updates small. */
const round = (n: number) => Math.round(n * 10) / 10;
