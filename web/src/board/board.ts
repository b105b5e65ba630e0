/**
 * The collaborative whiteboard: strokes streamed into Yjs while they are drawn, erasing, pan
 * and zoom (mine only), undo of my own strokes (Y.UndoManager tracking only this board's
 * origin) and everyone's pointer.
 */
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { h, svg } from "../lib/dom";
import { boundsOf, distanceToStroke } from "./geometry";
import { beginStroke, eraseStroke, extendStroke, readStroke, readStrokes, type Stroke, strokesOf } from "./model";
import { createPalette, type Tool } from "./palette";
import { trackPointers } from "./pointers";
import { drawStroke, strokeElement } from "./render";
import { fitTo, toBoard, type Viewport, zoomAt } from "./viewport";

/** Points are sent in batches: one message per point would exceed the room's rate limit. */
const FLUSH_EVERY_MS = 40;
/** How close (screen pixels) the eraser must come to a stroke. */
const ERASER_RADIUS = 8;
const TOOL_KEYS: Record<string, Tool> = { p: "pen", e: "eraser", h: "hand" };

export interface Board {
  setEditable(editable: boolean): void;
  destroy(): void;
}

export function mountBoard(parent: HTMLElement, doc: Y.Doc, awareness: Awareness, me: { id: string }, editable: boolean): Board {
  const strokes = strokesOf(doc);
  // Each board's own origin: the undo manager tracks exactly the changes made here.
  const origin = { board: me.id };
  const undoManager = new Y.UndoManager(strokes, { trackedOrigins: new Set([origin]), captureTimeout: Infinity });
  let canEdit = editable;
  let viewport: Viewport = { x: 0, y: 0, scale: 1 };

  const world = svg("g");
  const surface = svg("svg", { class: "board-surface", role: "img", "aria-label": "Whiteboard" }, world);
  const pointerLayer = h("div", { class: "pointer-layer" });
  const palette = createPalette({
    undo: () => undoManager.undo(),
    redo: () => undoManager.redo(),
    zoom: (factor) => setViewport(zoomAt(viewport, factor, surface.clientWidth / 2, surface.clientHeight / 2)),
    fit: () => setViewport(fitToStrokes()),
  });
  const root = h("div", { class: "board" }, surface, pointerLayer, palette.el, palette.zoomEl);
  parent.append(root);
  const pointers = trackPointers(pointerLayer, awareness, () => viewport);

  function setViewport(next: Viewport): void {
    viewport = next;
    world.setAttribute("transform", `translate(${viewport.x} ${viewport.y}) scale(${viewport.scale})`);
    // The dot grid moves and scales with the board.
    root.style.backgroundPosition = `${viewport.x}px ${viewport.y}px`;
    root.style.backgroundSize = `${24 * viewport.scale}px ${24 * viewport.scale}px`;
    palette.setZoom(viewport.scale);
    pointers.render(viewport);
  }

  function fitToStrokes(): Viewport {
    return fitTo(boundsOf(readStrokes(strokes.toArray()).map((s) => s.points)), surface.clientWidth, surface.clientHeight);
  }

  // Rendering: one path per stroke that reads (readStroke), kept in the array's order; only
  // changed strokes redraw. A stroke of the wrong shape has no path until a change fixes it.
  const elements = new Map<Stroke, SVGPathElement>();
  const syncAll = () => {
    const present = new Set(strokes.toArray());
    for (const [stroke, el] of elements) if (!present.has(stroke)) el.remove(), elements.delete(stroke);
    for (const stroke of present) {
      let el = elements.get(stroke);
      if (!el) {
        const data = readStroke(stroke);
        if (!data) continue;
        elements.set(stroke, (el = strokeElement(data)));
      }
      world.append(el);
    }
  };
  const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (events.some((e) => e.target === strokes)) syncAll();
    for (const e of events) {
      const stroke = (e.target === strokes ? null : e.target instanceof Y.Map ? e.target : e.target.parent) as Stroke | null;
      if (!stroke) continue;
      const el = elements.get(stroke);
      const data = readStroke(stroke);
      if (el && data) drawStroke(el, data);
      else if (el) el.remove(), elements.delete(stroke);
      else if (data) syncAll();
    }
  };
  strokes.observeDeep(observer);
  syncAll();
  const onHistory = () => palette.setHistory(undoManager.canUndo(), undoManager.canRedo());
  undoManager.on("stack-item-added", onHistory);
  undoManager.on("stack-item-popped", onHistory);
  onHistory();

  // Input: draw, erase or pan with one pointer; the wheel pans, Ctrl/⌘ + wheel (and pinch) zooms.
  let gesture: { tool: Tool; stroke?: Stroke; pending: number[]; last: { x: number; y: number } } | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let spaceHeld = false;
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
    const tool: Tool = event.button === 1 || spaceHeld || !canEdit ? "hand" : palette.state.tool;
    const { sx, sy } = local(event);
    const at = toBoard(viewport, sx, sy);
    surface.setPointerCapture(event.pointerId);
    gesture = { tool, pending: [], last: { x: sx, y: sy } };
    // Each stroke, and each erasing gesture, is one step of undo.
    undoManager.stopCapturing();
    if (tool === "pen") doc.transact(() => (gesture!.stroke = beginStroke(strokes, palette.state, me.id, round(at.x), round(at.y))), origin);
    if (tool === "eraser") eraseAt(at.x, at.y);
    root.classList.toggle("panning", tool === "hand");
  });
  surface.addEventListener("pointermove", (event) => {
    const { sx, sy } = local(event);
    pointers.move(toBoard(viewport, sx, sy));
    if (!gesture) return;
    if (gesture.tool === "hand") {
      setViewport({ ...viewport, x: viewport.x + sx - gesture.last.x, y: viewport.y + sy - gesture.last.y });
      gesture.last = { x: sx, y: sy };
      return;
    }
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
    gesture = null;
    undoManager.stopCapturing();
    root.classList.remove("panning");
  };
  surface.addEventListener("pointerup", endGesture);
  surface.addEventListener("pointercancel", endGesture);
  surface.addEventListener("pointerleave", () => pointers.move(null));
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

  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    if (event.type === "keyup") {
      if (event.code === "Space") spaceHeld = false;
      return;
    }
    const mod = event.ctrlKey || event.metaKey;
    if (event.code === "Space") spaceHeld = true;
    else if (mod && event.key.toLowerCase() === "z" && canEdit) event.shiftKey ? undoManager.redo() : undoManager.undo(), event.preventDefault();
    else if (mod && event.key.toLowerCase() === "y" && canEdit) undoManager.redo(), event.preventDefault();
    else if (!mod && canEdit && Object.hasOwn(TOOL_KEYS, event.key)) palette.setTool(TOOL_KEYS[event.key]!);
  };
  addEventListener("keydown", onKey);
  addEventListener("keyup", onKey);

  requestAnimationFrame(() => setViewport(fitToStrokes()));
  palette.setEditable(canEdit);

  return {
    setEditable(next) {
      canEdit = next;
      palette.setEditable(next);
    },
    destroy() {
      strokes.unobserveDeep(observer);
      undoManager.destroy();
      removeEventListener("keydown", onKey);
      removeEventListener("keyup", onKey);
      root.remove();
    },
  };
}

/** Tenths of a board pixel are plenty and keep updates small. */
const round = (n: number) => Math.round(n * 10) / 10;
