/** Threads and comments as the API answers them and room events carry them (docs/api.md). */
import type { CommentWithAuthor, ThreadWithAuthor } from "../storage/comments";
import type { ResolvedAnchor } from "./anchor";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const commentJson = (c: CommentWithAuthor) => ({
  id: c.id,
  threadId: c.thread_id,
  author: { id: c.author_id, name: c.author_name ?? "Someone" },
  body: c.body,
  mentions: JSON.parse(c.mentions) as string[],
  createdAt: iso(c.created_at),
  editedAt: iso(c.edited_at),
});

export type CommentJson = ReturnType<typeof commentJson>;

export const threadJson = (t: ThreadWithAuthor, comments: CommentWithAuthor[], resolved?: ResolvedAnchor) => ({
  id: t.id,
  roomId: t.room_id,
  author: { id: t.author_id, name: t.author_name ?? "Someone" },
  anchor: { start: t.anchor_start, end: t.anchor_end, quote: t.quote, ...(resolved && { resolved }) },
  resolved: t.resolved_at !== null,
  resolvedAt: iso(t.resolved_at),
  resolvedBy: t.resolved_by,
  createdAt: iso(t.created_at),
  comments: comments.map(commentJson),
});

export type ThreadJson = ReturnType<typeof threadJson>;

/** What the room tells sockets that opted in to events (docs/protocol.md, "Room events"). */
export type CommentEvent =
  | { type: "thread.created"; thread: ThreadJson }
  | { type: "thread.resolved" | "thread.reopened"; thread: ThreadJson }
  | { type: "thread.deleted"; threadId: string }
  | { type: "comment.created" | "comment.updated"; comment: CommentJson }
  | { type: "comment.deleted"; threadId: string; commentId: string };
