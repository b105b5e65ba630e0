/** Threads and comments of a room, and my notifications (docs/api.md, "Comments", "Notifications"). */
import type { CommentJson, ThreadJson } from "../../../src/wire/comments";
import type { NotificationJson } from "../../../src/wire/rest";
import type { Transport } from "./http";
import type { CommentBody, NewThreadBody } from "./server-types";

export interface ThreadsPage {
  threads: ThreadJson[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

export interface ListThreadsOptions {
  /** Threads per page, 1–100 (the server's default: 50). */
  limit?: number;
  /** The previous page's `next`. */
  cursor?: string;
  /** Adds `anchor.resolved`: where each thread's range is now (wakes the room). */
  resolveAnchors?: boolean;
}

export interface NotificationsPage {
  notifications: NotificationJson[];
  /** How many of mine are unread in all. */
  unread: number;
}

const threads = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/threads`;
const thread = (roomId: string, threadId: string) => `${threads(roomId)}/${encodeURIComponent(threadId)}`;
const comment = (roomId: string, threadId: string, commentId: string) => `${thread(roomId, threadId)}/comments/${encodeURIComponent(commentId)}`;

export function threadsApi(http: Transport) {
  const list = (roomId: string, opts: ListThreadsOptions = {}) =>
    http.json<ThreadsPage>(threads(roomId), { query: { limit: opts.limit, cursor: opts.cursor, anchors: opts.resolveAnchors ? "resolve" : undefined } });
  return {
    /** One page of threads, oldest first. */
    list,
    /** Every thread of the room, page after page. */
    async all(roomId: string, opts: Omit<ListThreadsOptions, "cursor"> = {}): Promise<ThreadJson[]> {
      const all: ThreadJson[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(roomId, { limit: 100, ...opts, cursor });
        all.push(...page.threads);
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      return all;
    },
    /** Starts a thread on a range of the document, with its first comment. */
    create: async (roomId: string, body: NewThreadBody) => (await http.json<{ thread: ThreadJson }>(threads(roomId), { method: "POST", json: body })).thread,
    get: async (roomId: string, threadId: string) => (await http.json<{ thread: ThreadJson }>(thread(roomId, threadId))).thread,
    /** Resolves (true) or reopens (false) a thread. */
    setResolved: async (roomId: string, threadId: string, resolved: boolean) =>
      (await http.json<{ thread: ThreadJson }>(thread(roomId, threadId), { method: "PATCH", json: { resolved } })).thread,
    reply: async (roomId: string, threadId: string, body: CommentBody) =>
      (await http.json<{ comment: CommentJson }>(`${thread(roomId, threadId)}/comments`, { method: "POST", json: body })).comment,
    /** Changes my own comment's text. */
    editComment: async (roomId: string, threadId: string, commentId: string, body: CommentBody) =>
      (await http.json<{ comment: CommentJson }>(comment(roomId, threadId, commentId), { method: "PATCH", json: body })).comment,
    /** Deletes my own comment; a thread's last comment takes the thread with it. */
    deleteComment: async (roomId: string, threadId: string, commentId: string): Promise<void> =>
      void (await http.send(comment(roomId, threadId, commentId), { method: "DELETE" })),
  };
}

export function notificationsApi(http: Transport) {
  return {
    /** Unread first, then newest first. */
    list: (opts: { limit?: number; unreadOnly?: boolean } = {}) =>
      http.json<NotificationsPage>("/api/notifications", { query: { limit: opts.limit, unread: opts.unreadOnly ? "1" : undefined } }),
    unreadCount: async () => (await http.json<{ unread: number }>("/api/notifications/unread")).unread,
    markRead: async (id: string): Promise<void> => void (await http.send(`/api/notifications/${encodeURIComponent(id)}/read`, { method: "POST" })),
    markAllRead: async (): Promise<void> => void (await http.send("/api/notifications/read", { method: "POST" })),
  };
}
