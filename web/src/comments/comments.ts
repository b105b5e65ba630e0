/**
 * Comments in the document editor: select text → "Comment" → a thread anchored to it, shown
 * to everyone in the room at once (room events), highlighted in the text and listed in the
 * panel beside the document (panel.ts), in the order of the text.
 */
import { Plugin } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { h } from "../lib/dom";
import { icon } from "../lib/icons";
import { anchorFor, rangeOf } from "./anchors";
import { commentHighlights, refreshHighlights } from "./highlights";
import { type CommentsOptions, mountThreadPanel } from "./panel";

const MAX_QUOTE = 1000;

export interface Comments {
  /** The header button that shows and hides the panel. */
  button: HTMLElement;
  /** For the editor's plugins: highlights and the selection's Comment button. */
  plugins: Plugin[];
  /** Starts once the editor exists. */
  attach(view: EditorView): void;
}

export function mountComments(o: CommentsOptions): Comments {
  let view: EditorView | undefined;
  const panel = mountThreadPanel(o, {
    order: (thread) => rangeOf(view!.state, thread.anchor)?.from ?? null,
    refresh: () => refreshHighlights(view!),
    reveal(thread) {
      const range = rangeOf(view!.state, thread.anchor);
      if (range) (view!.domAtPos(range.from).node as Element).parentElement?.scrollIntoView({ block: "center", behavior: "smooth" });
    },
    hint: "Select text in the document and choose Comment to start a thread.",
    openAtFirst: true,
  });

  function startDraft(): void {
    const { from, to } = view!.state.selection;
    const anchor = anchorFor(view!.state, from, to);
    if (!anchor) return;
    panel.startDraft(anchor, view!.state.doc.textBetween(from, to, " ").trim().slice(0, MAX_QUOTE) || "…");
  }

  const bubble = h(
    "button",
    { class: "comment-bubble", type: "button", hidden: true, onmousedown: (e: Event) => e.preventDefault(), onclick: startDraft },
    icon("comment"),
    "Comment",
  );
  document.body.append(bubble);
  const placeBubble = (view: EditorView) => {
    const { from, to, empty } = view.state.selection;
    bubble.hidden = !panel.mayComment || empty || !view.hasFocus() || view.state.doc.textBetween(from, to, " ").trim() === "";
    if (bubble.hidden) return;
    const end = view.coordsAtPos(to);
    const box = view.dom.getBoundingClientRect();
    bubble.style.top = `${end.bottom + 8}px`;
    bubble.style.left = `${Math.min(end.left, box.right - 110)}px`;
  };
  let scheduled = false;
  const selectionWatch = new Plugin({
    view: () => ({
      update(view) {
        placeBubble(view);
        // Positions moved or threads became detached: redraw once per frame at most.
        if (scheduled) return;
        scheduled = true;
        requestAnimationFrame(() => ((scheduled = false), panel.render()));
      },
    }),
    props: { handleDOMEvents: { blur: (view) => (setTimeout(() => placeBubble(view)), false) } },
  });
  const highlights = commentHighlights({
    threads: () => panel.store.threads,
    active: () => panel.active,
    select: (id) => panel.select(id, "place"),
  });

  return {
    button: panel.button,
    plugins: [highlights, selectionWatch],
    attach(editorView) {
      view = editorView;
      view.dom.closest(".doc-scroll")?.addEventListener("scroll", () => placeBubble(editorView), { passive: true });
      panel.start();
    },
  };
}
