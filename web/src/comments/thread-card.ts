/**
 * One thread in the comments panel: the quoted text, its comments (with `@mentions` marked),
 * replies, resolve/reopen, and edit/delete of my own comments.
 */
import { isObjectAnchor } from "../../../src/document/anchor";
import { client } from "../lib/api";
import { avatar } from "../lib/avatar";
import { h } from "../lib/dom";
import { icon } from "../lib/icons";
import { colorFor } from "../lib/people";
import { relativeTime } from "../lib/time";
import type { Member } from "../lib/types";
import type { Comment, Thread } from "./apply-event";
import { type Composer, createComposer, type Draft } from "./composer";

export interface CardContext {
  roomId: string;
  meId: string;
  canComment: boolean;
  members: () => Member[];
  /** Applies my own change at once (the room's event confirms it for everyone else). */
  applyThread(thread: Thread): void;
  applyComment(comment: Comment, change: "created" | "updated"): void;
  removeComment(comment: Comment): void;
  toast(message: string): void;
}

/** A comment's text with each `@Name` of a mentioned person marked. */
function bodyOf(comment: Comment, members: Member[]): HTMLElement {
  const names = comment.mentions.map((id) => members.find((m) => m.user.id === id)?.user.name).filter((n): n is string => !!n);
  const el = h("p", { class: "comment-body" });
  if (names.length === 0) return ((el.textContent = comment.body), el);
  const pattern = new RegExp(`(${names.map((n) => `@${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).join("|")})`, "g");
  for (const part of comment.body.split(pattern)) el.append(names.some((n) => part === `@${n}`) ? h("span", { class: "mention" }, part) : part);
  return el;
}

function commentView(comment: Comment, ctx: CardContext): HTMLElement {
  const mine = comment.author.id === ctx.meId && ctx.canComment;
  const row = h("div", { class: "comment", "data-comment": comment.id });
  const show = () =>
    row.replaceChildren(
      h(
        "div",
        { class: "comment-head" },
        avatar(comment.author.name, colorFor(comment.author.id)),
        h("span", { class: "comment-author" }, comment.author.name),
        h(
          "span",
          { class: "muted comment-time", title: new Date(comment.createdAt).toLocaleString() },
          relativeTime(comment.createdAt),
          comment.editedAt && " · edited",
        ),
        mine &&
          h(
            "span",
            { class: "comment-tools" },
            h(
              "button",
              { class: "btn btn-ghost icon-btn btn-xs", type: "button", title: "Edit comment", "aria-label": "Edit comment", onclick: edit },
              icon("edit"),
            ),
            h(
              "button",
              { class: "btn btn-ghost icon-btn btn-xs", type: "button", title: "Delete comment", "aria-label": "Delete comment", onclick: remove },
              icon("trash"),
            ),
          ),
      ),
      bodyOf(comment, ctx.members()),
    );
  const edit = () => {
    const composer = createComposer({
      placeholder: "Edit comment",
      submitLabel: "Save",
      members: ctx.members,
      initial: { body: comment.body, mentions: comment.mentions },
      onCancel: show,
      onSubmit: async (draft: Draft) => {
        const updated: Comment = await client.threads.editComment(ctx.roomId, comment.threadId, comment.id, draft);
        ctx.applyComment(updated, "updated");
      },
    });
    row.replaceChildren(composer.el);
    composer.focus();
  };
  const remove = async () => {
    if (!confirm("Delete this comment?")) return;
    try {
      await client.threads.deleteComment(ctx.roomId, comment.threadId, comment.id);
      ctx.removeComment(comment);
    } catch {
      ctx.toast("Could not delete the comment.");
    }
  };
  show();
  return row;
}

/**
 * The reply box of a thread. It outlives the thread's card, which is drawn again whenever the
 * thread changes (someone else replied, it became detached), so a reply being typed survives.
 */
export function replyComposer(thread: Thread, ctx: CardContext): Composer {
  return createComposer({
    placeholder: "Reply…",
    submitLabel: "Reply",
    members: ctx.members,
    onSubmit: async (draft) => ctx.applyComment(await client.threads.reply(ctx.roomId, thread.id, draft), "created"),
  });
}

export function threadCard(
  thread: Thread,
  ctx: CardContext,
  state: { active: boolean; detached: boolean; reply: Composer | null; onSelect(): void },
): HTMLElement {
  const toggle = async () => {
    try {
      ctx.applyThread(await client.threads.setResolved(ctx.roomId, thread.id, !thread.resolved));
    } catch {
      ctx.toast(thread.resolved ? "Could not reopen the thread." : "Could not resolve the thread.");
    }
  };
  const card = h(
    "article",
    {
      class: `thread${state.active ? " thread-active" : ""}${thread.resolved ? " thread-resolved" : ""}`,
      "data-thread": thread.id,
      tabindex: 0,
      "aria-label": `Thread on “${thread.anchor.quote}”`,
    },
    h(
      "div",
      { class: "thread-head" },
      h("blockquote", { class: "thread-quote" }, thread.anchor.quote),
      ctx.canComment &&
        h(
          "button",
          {
            class: "btn btn-ghost icon-btn btn-xs",
            type: "button",
            title: thread.resolved ? "Reopen" : "Resolve",
            "aria-label": thread.resolved ? "Reopen thread" : "Resolve thread",
            onclick: toggle,
          },
          icon(thread.resolved ? "undo" : "check"),
        ),
    ),
    state.detached && h("p", { class: "thread-detached" }, `The ${isObjectAnchor(thread.anchor) ? "object" : "text"} this thread was on has been deleted.`),
    ...thread.comments.map((c) => commentView(c, ctx)),
    state.reply && !thread.resolved && state.reply.el,
  );
  card.addEventListener("click", (event) => {
    if (!(event.target as Element).closest("button, textarea, form")) state.onSelect();
  });
  return card;
}
