import { describe, expect, it } from "vitest";
import { assertMembers, commentRecipients } from "../../src/comments/mentions";

const base = { author: "ann", roomId: "r", threadId: "t", commentId: "c" };

describe("commentRecipients", () => {
  it("notifies mentioned people once, the thread's other participants of a reply, never the author", () => {
    const rows = commentRecipients({ ...base, mentions: ["bob", "ann", "bob"], participants: ["ann", "bob", "cid"] });
    expect(rows.map((r) => [r.userId, r.kind])).toEqual([
      ["bob", "mention"],
      ["cid", "reply"],
    ]);
    expect(rows[0]).toMatchObject({ roomId: "r", threadId: "t", commentId: "c", actorId: "ann" });
  });

  it("after an edit notifies only people it did not mention before, and no participants", () => {
    const rows = commentRecipients({ ...base, mentions: ["bob", "dan"], participants: ["cid"], previouslyMentioned: ["bob"] });
    expect(rows.map((r) => [r.userId, r.kind])).toEqual([["dan", "mention"]]);
  });
});

describe("assertMembers", () => {
  it("accepts member ids and refuses anyone else (the mentions schema: test/unit/schemas.test.ts)", () => {
    expect(() => assertMembers(["a", "b"], new Set(["a", "b", "c"]))).not.toThrow();
    expect(() => assertMembers(["a", "z"], new Set(["a"]))).toThrow(/members/);
  });
});
