/**
 * Comments in the document editor: select text → "Comment" → a thread anchored to it, shown
 * to everyone in the room at once (room events), highlighted in the text, listed in the
 * panel beside the document with replies, resolve/reopen and my own comments' edit/delete.
 * Threads whose text was deleted are listed as detached.
 */
import type { Room } from "@edge-rooms/client";
import { Plugin } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import type { Anchor } from "../../../src/document/anchor";
import { canComment, type Role } from "../../../src/domain/rooms";
import { client } from "../lib/api";
import { h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import type { Member } from "../lib/types";
import { anchorFor, rangeOf } from "./anchors";
import type { Comment, Thread } from "./apply-event";
import { createComposer } from "./composer";
import { commentHighlights, refreshHighlights } from "./highlights";
import { createThreadStore } from "./store";
import { threadCard } from "./thread-card";

const MAX_QUOTE = 1000;

export interface CommentsOptions {
  roomId: string;
  role: Role;
  meId: string;
  /** The open room: its comment events keep the threads current. */
  room: Room;
  /** Where the panel goes, beside the document. */
  container: HTMLElement;
  toast(message: string): void;
}

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
  const mayComment = canComment(o.role);
  const store = createThreadStore(o.room);
  let members: Member[] = [];
  let active: string | null = null;
  let showResolved = false;
  let pending: { anchor: Anchor; quote: string } | null = null;
  const cards = new Map<string, { thread: Thread; key: string; el: HTMLElement }>();
  const loadMembers = () =>
    client.members.list(o.roomId).then(
      (list) => void (members = list),
      () => {},
    );

  const count = h("span", { class: "count-badge", hidden: true });
  const button = h(
    "button",
    { class: "btn btn-ghost", type: "button", "aria-pressed": "true", onclick: () => setOpen(panel.hidden) },
    icon("comment"),
    "Comments",
    count,
  );
  const tabs = h("div", { class: "segmented", role: "tablist" });
  const draftSlot = h("div", { class: "thread-draft" });
  const list = h("div", { class: "threads", "aria-label": "Threads" });
  const panel = h(
    "aside",
    { class: "comments-panel", "aria-label": "Comments" },
    h(
      "div",
      { class: "panel-head" },
      h("h2", {}, "Comments"),
      h("button", { class: "btn btn-ghost icon-btn", type: "button", "aria-label": "Close comments", onclick: () => setOpen(false) }, icon("close")),
    ),
    tabs,
    draftSlot,
    list,
  );
  o.container.append(panel);
  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    button.setAttribute("aria-pressed", String(open));
  };

  const ctx = {
    roomId: o.roomId,
    meId: o.meId,
    canComment: mayComment,
    members: () => members,
    toast: o.toast,
    applyThread: (thread: Thread) => store.apply({ type: thread.resolved ? "thread.resolved" : "thread.reopened", thread }),
    applyComment: (comment: Comment, change: "created" | "updated") => store.apply({ type: `comment.${change}`, comment }),
    removeComment: (comment: Comment) => {
      const last = store.threads.find((t) => t.id === comment.threadId)?.comments.length === 1;
      store.apply(
        last ? { type: "thread.deleted", threadId: comment.threadId } : { type: "comment.deleted", threadId: comment.threadId, commentId: comment.id },
      );
    },
  };

  function select(id: string | null, from: "text" | "panel"): void {
    if (id !== active) void loadMembers();
    active = id;
    refreshHighlights(view!);
    render();
    const thread = store.threads.find((t) => t.id === id);
    if (!thread) return;
    setOpen(true);
    if (from === "text") cards.get(thread.id)?.el.scrollIntoView({ block: "nearest", behavior: "smooth" });
    const range = rangeOf(view!.state, thread.anchor);
    if (from === "panel" && range) (view!.domAtPos(range.from).node as Element).parentElement?.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function cardFor(thread: Thread, detached: boolean): HTMLElement {
    const key = `${thread.id === active}:${detached}:${members.length}`;
    const cached = cards.get(thread.id);
    // Only a changed thread is drawn again, so a reply being typed elsewhere survives.
    if (cached && cached.thread === thread && cached.key === key) return cached.el;
    const el = threadCard(thread, ctx, { active: thread.id === active, detached, onSelect: () => select(thread.id, "panel") });
    cards.set(thread.id, { thread, key, el });
    return el;
  }

  function render(): void {
    if (view === undefined) return;
    const threads = store.threads;
    const open = threads.filter((t) => !t.resolved);
    const resolved = threads.filter((t) => t.resolved);
    count.textContent = String(open.length);
    count.hidden = open.length === 0;
    replaceChildren(
      tabs,
      ...(
        [
          [false, `Open (${open.length})`],
          [true, `Resolved (${resolved.length})`],
        ] as const
      ).map(([value, label]) =>
        h(
          "button",
          { class: "segment", type: "button", role: "tab", "aria-selected": String(showResolved === value), onclick: () => ((showResolved = value), render()) },
          label,
        ),
      ),
    );
    const placed = (showResolved ? resolved : open).map((t) => ({ t, range: rangeOf(view!.state, t.anchor) }));
    const attached = placed.filter((p) => p.range !== null).sort((a, b) => a.range!.from - b.range!.from);
    const detached = placed.filter((p) => p.range === null);
    replaceChildren(
      list,
      ...attached.map((p) => cardFor(p.t, false)),
      detached.length > 0 && h("h3", { class: "threads-section" }, "Detached"),
      ...detached.map((p) => cardFor(p.t, true)),
      placed.length === 0 &&
        pending === null &&
        h(
          "p",
          { class: "muted threads-empty" },
          showResolved ? "No resolved threads." : mayComment ? "Select text in the document and choose Comment to start a thread." : "No comments yet.",
        ),
    );
    for (const id of cards.keys()) if (!threads.some((t) => t.id === id)) cards.delete(id);
  }

  function startDraft(): void {
    // People may have been added since the page loaded: they can be mentioned at once.
    void loadMembers();
    const { from, to } = view!.state.selection;
    const anchor = anchorFor(view!.state, from, to);
    if (!anchor) return;
    const quote = view!.state.doc.textBetween(from, to, " ").trim().slice(0, MAX_QUOTE) || "…";
    pending = { anchor, quote };
    setOpen(true);
    showResolved = false;
    const composer = createComposer({
      placeholder: "Add a comment… (@ to mention)",
      submitLabel: "Comment",
      members: () => members,
      onCancel: () => ((pending = null), replaceChildren(draftSlot), render()),
      onSubmit: async (draft) => {
        const thread = await client.threads.create(o.roomId, { ...draft, anchor, quote });
        pending = null;
        replaceChildren(draftSlot);
        store.apply({ type: "thread.created", thread });
        select(thread.id, "panel");
      },
    });
    replaceChildren(draftSlot, h("article", { class: "thread thread-active" }, h("blockquote", { class: "thread-quote" }, quote), composer.el));
    render();
    composer.focus();
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
    bubble.hidden = !mayComment || empty || !view.hasFocus() || view.state.doc.textBetween(from, to, " ").trim() === "";
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
        requestAnimationFrame(() => ((scheduled = false), render()));
      },
    }),
    props: { handleDOMEvents: { blur: (view) => (setTimeout(() => placeBubble(view)), false) } },
  });
  const highlights = commentHighlights({ threads: () => store.threads, active: () => active, select: (id) => select(id, "text") });

  store.onChange(() => {
    if (view) refreshHighlights(view);
    render();
  });
  return {
    button,
    plugins: [highlights, selectionWatch],
    attach(editorView) {
      view = editorView;
      view.dom.closest(".doc-scroll")?.addEventListener("scroll", () => placeBubble(editorView), { passive: true });
      void Promise.all([loadMembers(), store.reload()]).then(
        () => {
          render();
          const linked = /^#thread=(.+)$/.exec(location.hash)?.[1];
          if (linked) select(decodeURIComponent(linked), "panel");
        },
        () => o.toast("Could not load the comments."),
      );
      // Someone new may comment or be mentioned: names come from the members list.
      o.room.on("connection", (state) => state === "connected" && void loadMembers());
      render();
    },
  };
}
