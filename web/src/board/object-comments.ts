/**
 * Comments pinned on whiteboard objects: with one object selected, "Comment" opens a thread
 * on it (anchor `{ object: id }`, docs/api.md); every object with open threads shows a pin at
 * its top right corner, for everyone, following the object as it moves, and a click on the pin
 * opens its thread in the panel (comments/panel.ts) beside the board, where threads are listed
 * top to bottom as their objects stand.
 */
import { isObjectAnchor } from "../../../src/document/anchor";
import type { Thread } from "../comments/apply-event";
import { type CommentsOptions, mountThreadPanel } from "../comments/panel";
import { h } from "../lib/dom";
import { icon } from "../lib/icons";
import { objectBounds, pinPlace } from "./object-geometry";
import type { ObjectLayer } from "./object-layer";
import type { ObjectData } from "./objects";
import type { Selection } from "./selection";
import { toScreen, type Viewport } from "./viewport";

const MAX_QUOTE = 1000;
const KIND_NAMES: Record<ObjectData["kind"], string> = {
  rect: "Rectangle",
  ellipse: "Ellipse",
  line: "Line",
  arrow: "Arrow",
  text: "Text",
  sticky: "Sticky note",
  image: "Image",
};
/** The bubble's gap below the object, in screen pixels. */
const BUBBLE_GAP = 12;

/** What the comments need of the board (board.ts gives it). */
export interface PinnedBoard {
  /** The board's element: pins and the bubble are laid over it. */
  root: HTMLElement;
  layer: ObjectLayer;
  selection: Selection;
  viewport(): Viewport;
  /** Called after every change of the viewport. */
  onViewport(listener: () => void): void;
}

/** What the thread quotes of an object: its text, or else what kind of object it is. */
export function quoteOf(o: ObjectData): string {
  const text = "text" in o ? o.text.trim().slice(0, MAX_QUOTE) : "";
  return text || KIND_NAMES[o.kind];
}

/** As the palette's buttons: a click leaves the focus where it was, so Space stays the board's pan key. */
const noFocus = (event: Event) => event.preventDefault();

const objectOf = (thread: Thread) => (isObjectAnchor(thread.anchor) ? thread.anchor.object : null);

export function mountObjectComments(board: PinnedBoard, o: CommentsOptions): { button: HTMLElement } {
  const { layer, selection } = board;
  const pins = h("div", { class: "comment-pins" });
  const placeOf = (thread: Thread) => {
    const id = objectOf(thread);
    return id === null ? undefined : layer.byId(id);
  };
  const panel = mountThreadPanel(o, {
    order(thread) {
      const object = placeOf(thread);
      if (!object) return null;
      const b = objectBounds(object);
      // Top to bottom, then left to right: y weighs far more than any x on a board.
      return b.minY * 1e7 + b.minX;
    },
    refresh: () => render(),
    reveal(thread) {
      const object = placeOf(thread);
      if (object) selection.set([object.id]);
    },
    hint: "Select an object on the board and choose Comment to start a thread.",
    openAtFirst: false,
  });

  const bubble = h(
    "button",
    { class: "comment-bubble", type: "button", hidden: true, onmousedown: noFocus, onclick: () => startDraft() },
    icon("comment"),
    "Comment",
  );
  board.root.append(pins, bubble);

  function selectedObject(): ObjectData | undefined {
    const [only] = selection.ids.size === 1 ? selection.ids : [];
    return only === undefined ? undefined : layer.byId(only);
  }

  function startDraft(): void {
    const object = selectedObject();
    if (object) panel.startDraft({ object: object.id }, quoteOf(object));
  }

  function render(): void {
    const viewport = board.viewport();
    const open = panel.store.threads.filter((t) => !t.resolved);
    const byObject = new Map<string, Thread[]>();
    for (const thread of open) {
      const id = objectOf(thread);
      if (id !== null && layer.byId(id)) byObject.set(id, [...(byObject.get(id) ?? []), thread]);
    }
    pins.replaceChildren(
      ...[...byObject].map(([id, threads]) => {
        const at = toScreen(viewport, ...pinPlace(layer.byId(id)!));
        const active = threads.some((t) => t.id === panel.active);
        const comments = threads.reduce((n, t) => n + t.comments.length, 0);
        const pin = h(
          "button",
          {
            class: `comment-pin${active ? " comment-pin-active" : ""}`,
            type: "button",
            "data-object": id,
            "aria-label": `Comments on ${quoteOf(layer.byId(id)!)} (${comments})`,
            onmousedown: noFocus,
            onclick: () => panel.select(threads[0]!.id, "place"),
          },
          icon("comment"),
          String(comments),
        );
        pin.style.transform = `translate(${at.x}px, ${at.y}px)`;
        return pin;
      }),
    );
    const object = selectedObject();
    bubble.hidden = !panel.mayComment || object === undefined;
    if (object === undefined) return;
    const b = objectBounds(object);
    const below = toScreen(viewport, (b.minX + b.maxX) / 2, b.maxY);
    bubble.style.left = `${below.x}px`;
    bubble.style.top = `${below.y + BUBBLE_GAP}px`;
  }

  layer.onChange(() => panel.render());
  layer.onChange(render);
  selection.onSelect(render);
  board.onViewport(render);
  panel.start();
  return { button: panel.button };
}
