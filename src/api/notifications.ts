/**
 * `/api/notifications`: my inbox (mentions, replies in threads I took part in, rooms I was
 * added to), marking read, and the socket that keeps the unread badge live.
 */
import { Hono } from "hono";
import { assertSameSite } from "../auth/origin";
import { refuseRoomTokens, requireSession } from "../auth/session";
import { pushUnread } from "../comments/notify";
import { readable } from "../comments/readable";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { INBOX_HEADER, inboxStub } from "../objects";
import { listNotifications, markRead, type NotificationRow, unreadCount } from "../storage/notifications";
import type { NotificationJson } from "../wire/rest";
import { jsonWithETag } from "./etag";
import { isoTime } from "./params";
import { notificationsQuery } from "./schemas/notifications";
import { query } from "./validate";

const EXCERPT = 140;

/** A notification as its reader sees it: of a room they may no longer read, no title and no excerpt. */
const notificationJson = (row: NotificationRow, readerId: string): NotificationJson => {
  const n = readable(row, readerId) ? row : { ...row, room_title: null, comment_body: null };
  return {
    id: n.id,
    kind: n.kind,
    room: { id: n.room_id, title: n.room_title },
    threadId: n.thread_id,
    commentId: n.comment_id,
    actor: { id: n.actor_id, name: n.actor_name ?? "Someone" },
    excerpt: n.comment_body === null ? null : n.comment_body.length > EXCERPT ? `${n.comment_body.slice(0, EXCERPT - 1)}…` : n.comment_body,
    createdAt: isoTime(n.created_at),
    readAt: isoTime(n.read_at),
  };
};

export const notifications = new Hono<AppEnv>()
  // The inbox tells of every room: a room's API token has no business there.
  .use(requireSession, refuseRoomTokens)
  .get("/", query(notificationsQuery), async (c) => {
    const userId = c.var.session.user.id;
    const { limit, unread } = c.req.valid("query");
    const rows = await listNotifications(c.env.DB, userId, { limit, unreadOnly: unread === "1" });
    return jsonWithETag(c, { notifications: rows.map((n) => notificationJson(n, userId)), unread: await unreadCount(c.env.DB, userId) });
  })
  .get("/unread", async (c) => c.json({ unread: await unreadCount(c.env.DB, c.var.session.user.id) }))
  .post("/read", async (c) => {
    await markRead(c.env.DB, c.var.session.user.id, null, Date.now());
    await pushUnread(c.env, c.var.session.user.id);
    return c.body(null, 204);
  })
  .post("/:notificationId/read", async (c) => {
    if (!(await markRead(c.env.DB, c.var.session.user.id, c.req.param("notificationId"), Date.now()))) throw new ApiError("not_found", "no such notification");
    await pushUnread(c.env, c.var.session.user.id);
    return c.body(null, 204);
  })
  .get("/socket", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") throw new ApiError("upgrade_required", "connect with Upgrade: websocket");
    assertSameSite(c.req.raw, c.env);
    const { user, expiresAt } = c.var.session;
    const headers = new Headers(c.req.raw.headers);
    headers.set(INBOX_HEADER, JSON.stringify({ expiresAt, unread: await unreadCount(c.env.DB, user.id) }));
    return inboxStub(c.env, user.id).fetch(new Request(c.req.raw, { headers }));
  });
