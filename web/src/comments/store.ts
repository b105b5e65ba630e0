/**
 * The room's comment threads in the page: loaded over HTTP, kept current by room events, and
 * reloaded after every reconnect (events missed while away are not replayed).
 */
import type { WebsocketProvider } from "y-websocket";
import { type CommentEvent, listenToRoomEvents } from "../../../src/client/room-events";
import type { CommentJson, ThreadJson } from "../../../src/comments/types";
import { api } from "../lib/api";

export type Thread = ThreadJson;
export type Comment = CommentJson;

export interface ThreadStore {
  readonly threads: Thread[];
  onChange(listener: (event?: CommentEvent) => void): void;
  /** Applies a change of my own at once; the room's event for it then changes nothing. */
  apply(event: CommentEvent): void;
  reload(): Promise<void>;
}

/** Applies one event to the list of threads (pure, so the order of arrival is all that matters). */
export function applyEvent(threads: Thread[], event: CommentEvent): Thread[] {
  const update = (id: string, change: (t: Thread) => Thread) => threads.map((t) => (t.id === id ? change(t) : t));
  switch (event.type) {
    case "thread.created":
      return threads.some((t) => t.id === event.thread.id) ? threads : [...threads, event.thread];
    case "thread.resolved":
    case "thread.reopened":
      return update(event.thread.id, (t) => ({ ...event.thread, comments: t.comments }));
    case "thread.deleted":
      return threads.filter((t) => t.id !== event.threadId);
    case "comment.created":
      return update(event.comment.threadId, (t) => (t.comments.some((c) => c.id === event.comment.id) ? t : { ...t, comments: [...t.comments, event.comment] }));
    case "comment.updated":
      return update(event.comment.threadId, (t) => ({ ...t, comments: t.comments.map((c) => (c.id === event.comment.id ? event.comment : c)) }));
    case "comment.deleted":
      return update(event.threadId, (t) => ({ ...t, comments: t.comments.filter((c) => c.id !== event.commentId) }));
    default:
      // A newer server's event this page does not know.
      return threads;
  }
}

export function createThreadStore(roomId: string, provider: WebsocketProvider): ThreadStore {
  let threads: Thread[] = [];
  const listeners: Array<(event?: CommentEvent) => void> = [];
  const changed = (event?: CommentEvent) => listeners.forEach((l) => l(event));
  const reload = async () => {
    threads = (await api<{ threads: Thread[] }>(`/api/rooms/${encodeURIComponent(roomId)}/threads`)).threads;
    changed();
  };
  const apply = (event: CommentEvent) => {
    threads = applyEvent(threads, event);
    changed(event);
  };
  listenToRoomEvents(provider as never, apply);
  provider.on("status", ({ status }) => status === "connected" && void reload().catch(() => {}));
  return {
    get threads() {
      return threads;
    },
    onChange: (listener) => listeners.push(listener),
    apply,
    reload,
  };
}
