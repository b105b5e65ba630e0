/**
 * `/api/rooms/:id/threads`: comment threads anchored to the document's text or pinned on a
 * whiteboard's object. Viewers read them; commenters, editors and the owner start threads,
 * reply, resolve and reopen; a comment is edited or deleted by its author only. Mounted inside the rooms routes (session required).
 */
import { type Context, Hono } from "hono";
import { threadJson } from "../comments/json";
import { addComment, createThread, editComment, removeComment, resolveThread } from "../comments/service";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { roomStub } from "../objects";
import { anchorOf, findThread, listThreads } from "../storage/comments";
import { spendBudget } from "./budgets";
import { encodeCursor, START } from "./cursor";
import { jsonWithETag } from "./etag";
import { loadRoom } from "./room-access";
import { commentBody, newThreadBody, resolveBody, threadsQuery } from "./schemas/threads";
import { jsonBody, query } from "./validate";

async function loadThread(c: Context<AppEnv>, roomId: string) {
  const found = await findThread(c.env.DB, roomId, c.req.param("threadId") ?? "");
  if (found === null) throw new ApiError("thread_not_found", "no such thread in this room");
  return found;
}

async function loadComment(c: Context<AppEnv>, roomId: string) {
  const { comments } = await loadThread(c, roomId);
  const comment = comments.find((x) => x.id === c.req.param("commentId"));
  if (comment === undefined) throw new ApiError("comment_not_found", "no such comment in this thread");
  return comment;
}

const actorOf = (c: Context<AppEnv>) => ({ id: c.var.session.user.id, name: c.var.session.user.name });

export const threads = new Hono<AppEnv>()
  .get("/:id/threads", query(threadsQuery), async (c) => {
    const { room } = await loadRoom(c, "viewer");
    const { anchors, limit, cursor } = c.req.valid("query");
    // One more than the page, to tell whether another follows.
    const { threads: found, comments } = await listThreads(c.env.DB, room.id, cursor ?? START, limit + 1);
    const rows = found.slice(0, limit);
    const last = rows.at(-1);
    // Where each anchor is now, from the room's document, only when asked: it wakes the room.
    const resolved = anchors === "resolve" && rows.length > 0 ? await roomStub(c.env, room.id).resolveAnchors(rows.map(anchorOf)) : undefined;
    return jsonWithETag(c, {
      threads: rows.map((t, i) =>
        threadJson(
          t,
          comments.filter((x) => x.thread_id === t.id),
          resolved?.[i],
        ),
      ),
      next: found.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    });
  })
  .post("/:id/threads", jsonBody(newThreadBody), async (c) => {
    const input = c.req.valid("json");
    const { room } = await loadRoom(c, "commenter");
    await spendBudget(c.env.DB, "comments", c.var.session.user.id);
    return c.json({ thread: await createThread(c.env, room, actorOf(c), input) }, 201);
  })
  .get("/:id/threads/:threadId", async (c) => {
    const { room } = await loadRoom(c, "viewer");
    const { thread, comments } = await loadThread(c, room.id);
    return jsonWithETag(c, { thread: threadJson(thread, comments) });
  })
  .patch("/:id/threads/:threadId", jsonBody(resolveBody), async (c) => {
    const { resolved } = c.req.valid("json");
    const { room } = await loadRoom(c, "commenter");
    return c.json({ thread: await resolveThread(c.env, room, actorOf(c), await loadThread(c, room.id), resolved) });
  })
  .post("/:id/threads/:threadId/comments", jsonBody(commentBody), async (c) => {
    const input = c.req.valid("json");
    const { room } = await loadRoom(c, "commenter");
    const { thread } = await loadThread(c, room.id);
    await spendBudget(c.env.DB, "comments", c.var.session.user.id);
    return c.json({ comment: await addComment(c.env, room, actorOf(c), thread, input) }, 201);
  })
  .patch("/:id/threads/:threadId/comments/:commentId", jsonBody(commentBody), async (c) => {
    const input = c.req.valid("json");
    const { room } = await loadRoom(c, "commenter");
    await spendBudget(c.env.DB, "comments", c.var.session.user.id);
    return c.json({ comment: await editComment(c.env, room, actorOf(c), await loadComment(c, room.id), input) });
  })
  .delete("/:id/threads/:threadId/comments/:commentId", async (c) => {
    const { room } = await loadRoom(c, "commenter");
    await removeComment(c.env, room, actorOf(c), await loadComment(c, room.id));
    return c.body(null, 204);
  });
