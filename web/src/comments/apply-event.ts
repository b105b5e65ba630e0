/** Room events applied to the page's threads: pure, tested in test/unit/thread-events.test.ts. */
import type { CommentEvent, CommentJson, ThreadJson } from "../../../src/wire/comments";

export type Thread = ThreadJson;
export type Comment = CommentJson;

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
      return update(event.comment.threadId, (t) =>
        t.comments.some((c) => c.id === event.comment.id) ? t : { ...t, comments: [...t.comments, event.comment] },
      );
    case "comment.updated":
      return update(event.comment.threadId, (t) => ({ ...t, comments: t.comments.map((c) => (c.id === event.comment.id ? event.comment : c)) }));
    case "comment.deleted":
      return update(event.threadId, (t) => ({ ...t, comments: t.comments.filter((c) => c.id !== event.commentId) }));
    default:
      // A newer server's event this page does not know.
      return threads;
  }
}
