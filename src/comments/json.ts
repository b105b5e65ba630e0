/** D1 rows of threads and comments to their JSON (src/wire/comments.ts). */

import type { ResolvedAnchor } from "../document/anchor";
import { anchorOf, type CommentWithAuthor, type ThreadWithAuthor } from "../storage/comments";
import type { CommentJson, ThreadJson } from "../wire/comments";

const iso = (ms: number) => new Date(ms).toISOString();

export const commentJson = (c: CommentWithAuthor): CommentJson => ({
  id: c.id,
  threadId: c.thread_id,
  author: { id: c.author_id, name: c.author_name ?? "Someone" },
  body: c.body,
  mentions: JSON.parse(c.mentions) as string[],
  createdAt: iso(c.created_at),
  editedAt: c.edited_at === null ? null : iso(c.edited_at),
});

export const threadJson = (t: ThreadWithAuthor, comments: CommentWithAuthor[], resolved?: ResolvedAnchor): ThreadJson => ({
  id: t.id,
  roomId: t.room_id,
  author: { id: t.author_id, name: t.author_name ?? "Someone" },
  anchor: { ...anchorOf(t), quote: t.quote, ...(resolved && { resolved }) },
  resolved: t.resolved_at !== null,
  resolvedAt: t.resolved_at === null ? null : iso(t.resolved_at),
  resolvedBy: t.resolved_by,
  createdAt: iso(t.created_at),
  comments: comments.map(commentJson),
});
