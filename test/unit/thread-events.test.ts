/** How the editor page keeps its threads current from room events (web/src/comments/apply-event.ts). */
import { describe, expect, it } from "vitest";
import type { CommentJson, ThreadJson } from "../../src/wire/comments";
import { applyEvent } from "../../web/src/comments/apply-event";

const comment = (id: string, threadId = "t1", body = id): CommentJson => ({
  id,
  threadId,
  author: { id: "u", name: "U" },
  body,
  mentions: [],
  createdAt: "2026-01-01T00:00:00.000Z",
  editedAt: null,
});
const thread = (id: string, comments: CommentJson[] = [comment(`${id}-c`, id)]): ThreadJson => ({
  id,
  roomId: "r",
  author: { id: "u", name: "U" },
  anchor: { start: "AA==", end: "AA==", quote: "q" },
  resolved: false,
  resolvedAt: null,
  resolvedBy: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  comments,
});

describe("applyEvent", () => {
  it("adds, changes and removes threads and comments, and ignores an event it already applied", () => {
    let threads = applyEvent([], { type: "thread.created", thread: thread("t1") });
    // My own change applied from the HTTP answer, then the same again from the room.
    threads = applyEvent(threads, { type: "comment.created", comment: comment("c2") });
    threads = applyEvent(threads, { type: "comment.created", comment: comment("c2") });
    threads = applyEvent(threads, { type: "thread.created", thread: thread("t1") });
    expect(threads).toHaveLength(1);
    expect(threads[0]!.comments.map((c) => c.id)).toEqual(["t1-c", "c2"]);

    threads = applyEvent(threads, { type: "comment.updated", comment: { ...comment("c2"), body: "edited" } });
    expect(threads[0]!.comments[1]!.body).toBe("edited");
    // Resolving carries the thread without needing its comments again.
    threads = applyEvent(threads, { type: "thread.resolved", thread: { ...thread("t1", []), resolved: true } });
    expect(threads[0]).toMatchObject({ resolved: true, comments: [{ id: "t1-c" }, { id: "c2" }] });
    threads = applyEvent(threads, { type: "comment.deleted", threadId: "t1", commentId: "t1-c" });
    expect(threads[0]!.comments.map((c) => c.id)).toEqual(["c2"]);
    threads = applyEvent(threads, { type: "thread.deleted", threadId: "t1" });
    expect(threads).toEqual([]);
  });

  it("keeps unchanged threads as they were, so the page redraws only what changed, and ignores unknown events", () => {
    const before = [thread("t1"), thread("t2")];
    const after = applyEvent(before, { type: "comment.created", comment: comment("x", "t2") });
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(applyEvent(before, { type: "room.renamed" } as never)).toBe(before);
  });
});
