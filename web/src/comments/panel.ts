/**
 * The comments panel beside a room's document or whiteboard: open and resolved threads,
 * listed in the order of their places (where they are in the text, or on the board), a draft
 * for a new thread, replies, resolve/reopen and my own comments' edit/delete. Threads whose
 * place is gone (text deleted, object deleted) are listed as detached. What a place is, the
 * document (comments.ts) or the board (board/object-comments.ts) says through `Places`.
 */
import type { Room } from "@edge-rooms/client";
import type { Anchor } from "../../../src/document/anchor";
import { canComment, type Role } from "../../../src/domain/rooms";
import { client } from "../lib/api";
import { h, keepingFocus, replaceChildren, syncChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import type { Member } from "../lib/types";
import type { Comment, Thread } from "./apply-event";
import { type Composer, createComposer } from "./composer";
import { createThreadStore, type ThreadStore } from "./store";
import { replyComposer, threadCard } from "./thread-card";

export interface CommentsOptions {
  roomId: string;
  role: Role;
  meId: string;
  /** The open room: its comment events keep the threads current. */
  room: Room;
  /** Where the panel goes, beside the document or the board. */
  container: HTMLElement;
  toast(message: string): void;
}

/** Where threads are: in the text, or on the board. */
export interface Places {
  /** The thread's place to sort the list by; null when it has none any more (detached). */
  order(thread: Thread): number | null;
  /** Threads or the active one changed: redraw the marks on the places. */
  refresh(): void;
  /** A thread was picked in the panel: show its place. */
  reveal(thread: Thread): void;
  /** What the empty list tells someone who may comment. */
  hint: string;
  /** Whether the panel shows before anyone opens it (a board keeps its room until a pin is picked). */
  openAtFirst: boolean;
}

export interface ThreadPanel {
  /** The header button that shows and hides the panel. */
  button: HTMLElement;
  readonly store: ThreadStore;
  readonly mayComment: boolean;
  /** The thread whose place and card are marked. */
  readonly active: string | null;
  /** Marks a thread; from a place, its card is scrolled to, from the panel, its place is revealed. */
  select(id: string | null, from: "place" | "panel"): void;
  /** Opens a draft for a new thread on `anchor`, showing `quote` above it. */
  startDraft(anchor: Anchor, quote: string): void;
  /** Draws the list again (places moved, or became detached). */
  render(): void;
  /** Loads the threads and the members, once the places can be read. */
  start(): void;
}

export function mountThreadPanel(o: CommentsOptions, places: Places): ThreadPanel {
  const mayComment = canComment(o.role);
  const store = createThreadStore(o.room);
  let started = false;
  let members: Member[] = [];
  let active: string | null = null;
  let showResolved = false;
  let pending = false;
  const cards = new Map<string, { thread: Thread; key: string; el: HTMLElement }>();
  const replies = new Map<string, Composer>();
  const loadMembers = () =>
    client.members.list(o.roomId).then(
      (list) => void (members = list),
      () => {},
    );

  const count = h("span", { class: "count-badge", hidden: true });
  const button = h("button", { class: "btn btn-ghost", type: "button", onclick: () => setOpen(panel.hidden) }, icon("comment"), "Comments", count);
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
  setOpen(places.openAtFirst);

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

  function select(id: string | null, from: "place" | "panel"): void {
    // Someone added since the page loaded can be mentioned in the reply at once.
    if (id !== active) void loadMembers().then(() => id !== null && replies.get(id)?.membersChanged());
    active = id;
    places.refresh();
    render();
    const thread = store.threads.find((t) => t.id === id);
    if (!thread) return;
    setOpen(true);
    if (from === "place") cards.get(thread.id)?.el.scrollIntoView({ block: "nearest", behavior: "smooth" });
    else places.reveal(thread);
  }

  function cardFor(thread: Thread, detached: boolean): HTMLElement {
    const key = `${thread.id === active}:${detached}:${members.length}`;
    const cached = cards.get(thread.id);
    // Only a changed thread is drawn again, so a reply being typed elsewhere survives.
    if (cached && cached.thread === thread && cached.key === key) return cached.el;
    let reply = replies.get(thread.id) ?? null;
    if (!reply && mayComment) replies.set(thread.id, (reply = replyComposer(thread, ctx)));
    const el = threadCard(thread, ctx, { active: thread.id === active, detached, reply, onSelect: () => select(thread.id, "panel") });
    cards.set(thread.id, { thread, key, el });
    return el;
  }

  function render(): void {
    if (started) keepingFocus(draw);
  }

  function draw(): void {
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
    const placed = (showResolved ? resolved : open).map((t) => ({ t, at: places.order(t) }));
    const attached = placed.filter((p) => p.at !== null).sort((a, b) => a.at! - b.at!);
    const detached = placed.filter((p) => p.at === null);
    syncChildren(
      list,
      ...attached.map((p) => cardFor(p.t, false)),
      detached.length > 0 && h("h3", { class: "threads-section" }, "Detached"),
      ...detached.map((p) => cardFor(p.t, true)),
      placed.length === 0 &&
        !pending &&
        h("p", { class: "muted threads-empty" }, showResolved ? "No resolved threads." : mayComment ? places.hint : "No comments yet."),
    );
    for (const id of cards.keys()) {
      if (threads.some((t) => t.id === id)) continue;
      cards.delete(id);
      replies.delete(id);
    }
  }

  function startDraft(anchor: Anchor, quote: string): void {
    pending = true;
    setOpen(true);
    showResolved = false;
    const composer = createComposer({
      placeholder: "Add a comment… (@ to mention)",
      submitLabel: "Comment",
      members: () => members,
      onCancel: () => ((pending = false), replaceChildren(draftSlot), render()),
      onSubmit: async (draft) => {
        const thread = await client.threads.create(o.roomId, { ...draft, anchor, quote });
        pending = false;
        replaceChildren(draftSlot);
        store.apply({ type: "thread.created", thread });
        select(thread.id, "panel");
      },
    });
    replaceChildren(draftSlot, h("article", { class: "thread thread-active" }, h("blockquote", { class: "thread-quote" }, quote), composer.el));
    render();
    composer.focus();
    // People may have been added since the page loaded: they can be mentioned at once, also
    // by someone who typed "@" before the list came.
    void loadMembers().then(() => composer.membersChanged());
  }

  store.onChange(() => {
    if (started) places.refresh();
    render();
  });

  return {
    button,
    store,
    mayComment,
    get active() {
      return active;
    },
    select,
    startDraft,
    render,
    start() {
      started = true;
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
