/** The pure parts of mail digests: what goes into one, how it reads, its unsubscribe signature, its delay. */
import { describe, expect, it } from "vitest";
import type { KeyRing } from "../../src/auth/keys";
import { DEFAULT_DIGEST_DELAY_SECONDS, digestEntries, readDigestDelay } from "../../src/mail/digest";
import type { DigestEntry } from "../../src/mail/messages";
import { renderMail } from "../../src/mail/templates";
import { checkUnsubscribe, unsubscribeQuery } from "../../src/mail/unsubscribe";
import type { NotificationRow } from "../../src/storage/notifications";

const row = (over: Partial<NotificationRow>): NotificationRow => ({
  id: crypto.randomUUID(),
  kind: "mention",
  room_id: "plans",
  room_title: "Plans",
  room_owner_id: "owner",
  room_general_access: "none",
  room_deleting_at: null,
  member_role: "editor",
  thread_id: "t1",
  comment_id: "c1",
  comment_body: "look at this",
  actor_id: "owner",
  actor_name: "Olga",
  created_at: 1000,
  read_at: null,
  ...over,
});

describe("digestEntries", () => {
  it("keeps unread mentions, replies and rooms shared of the window, in rooms the reader may read, oldest first", () => {
    const rows = [
      row({ comment_body: "second", created_at: 2000, kind: "reply" }),
      row({ comment_body: "first", created_at: 1500 }),
      row({ comment_body: "before the window", created_at: 999 }),
      row({ comment_body: "read already", read_at: 1600 }),
      row({ kind: "added", thread_id: null, comment_id: null, comment_body: null, created_at: 1200 }),
      row({ comment_body: "removed since", member_role: null }),
      row({ comment_body: "room going", room_deleting_at: 1700 }),
    ];
    expect(digestEntries(rows, "reader", 1000)).toEqual([
      { kind: "added", actor: "Olga", roomId: "plans", roomTitle: "Plans", excerpt: "" },
      { kind: "mention", actor: "Olga", roomId: "plans", roomTitle: "Plans", excerpt: "first" },
      { kind: "reply", actor: "Olga", roomId: "plans", roomTitle: "Plans", excerpt: "second" },
    ]);
  });

  it("shortens long comments and names a deleted actor 'Someone'", () => {
    const [entry] = digestEntries([row({ comment_body: "x".repeat(500), actor_name: null })], "reader", 0);
    expect(entry!.excerpt).toHaveLength(200);
    expect(entry!.excerpt.endsWith("…")).toBe(true);
    expect(entry!.actor).toBe("Someone");
  });
});

describe("the digest mail", () => {
  const mail = renderMail(
    {
      kind: "digest",
      to: "bob@example.com",
      name: "Bob <b>",
      entries: [{ kind: "mention", actor: "Olga", roomId: "a b", roomTitle: "<script>", excerpt: "hi & bye" }],
      unsubscribe: "user=u1&sig=abc",
    },
    "https://rooms.example",
  );

  it("links to the room and the settings, escapes people's text, and carries the one-click unsubscribe headers", () => {
    expect(mail.subject).toBe("1 new comment for you in edge-rooms");
    expect(mail.links).toEqual(["https://rooms.example/rooms/a%20b", "https://rooms.example/account"]);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.html).toContain("hi &amp; bye");
    expect(mail.headers).toEqual({
      "List-Unsubscribe": "<https://rooms.example/api/mail/unsubscribe?user=u1&sig=abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("counts comments and rooms shared apart in the subject, and tells who shared which room", () => {
    const digest = (kinds: DigestEntry["kind"][]) =>
      renderMail(
        {
          kind: "digest",
          to: "bob@example.com",
          name: "Bob",
          entries: kinds.map((kind, i) => ({ kind, actor: "Olga", roomId: `r${i}`, roomTitle: `Room ${i}`, excerpt: kind === "added" ? "" : "hi" })),
          unsubscribe: "user=u1&sig=abc",
        },
        "https://rooms.example",
      );
    expect(digest(["added"]).subject).toBe("1 new room for you in edge-rooms");
    expect(digest(["mention", "reply"]).subject).toBe("2 new comments for you in edge-rooms");
    const mixed = digest(["mention", "added", "added"]);
    expect(mixed.subject).toBe("1 new comment and 2 new rooms for you in edge-rooms");
    expect(mixed.text).toContain('- Olga shared "Room 1" with you\n  https://rooms.example/rooms/r1');
    expect(mixed.links).toEqual([
      "https://rooms.example/rooms/r0",
      "https://rooms.example/rooms/r1",
      "https://rooms.example/rooms/r2",
      "https://rooms.example/account",
    ]);
  });
});

describe("the unsubscribe signature", () => {
  const ring = (...secrets: string[]): KeyRing => {
    const keys = secrets.map((s) => ({ kid: s.slice(0, 4), key: new TextEncoder().encode(s) }));
    return { current: keys[0]!, byKid: new Map(keys.map((k) => [k.kid, k.key])) };
  };
  const old = ring("old1-0123456789abcdefghijklmnopqrstuvwxyz");
  const rotated = ring("new1-0123456789abcdefghijklmnopqrstuvwxyz", "old1-0123456789abcdefghijklmnopqrstuvwxyz");

  it("signs one account id; holds across a key rotation; fails for another id, key or a mangled signature", async () => {
    const sig = new URLSearchParams(await unsubscribeQuery(old, "u1")).get("sig")!;
    expect(await checkUnsubscribe(old, "u1", sig)).toBe(true);
    expect(await checkUnsubscribe(rotated, "u1", sig)).toBe(true);
    expect(await checkUnsubscribe(old, "u2", sig)).toBe(false);
    expect(await checkUnsubscribe(ring("zzzz-0123456789abcdefghijklmnopqrstuvwxyz"), "u1", sig)).toBe(false);
    expect(await checkUnsubscribe(old, "u1", `${sig.slice(0, -2)}AA`)).toBe(false);
  });
});

describe("DIGEST_DELAY_SECONDS", () => {
  it("defaults to 15 minutes and accepts 1 s to 12 h", () => {
    expect(readDigestDelay({})).toBe(DEFAULT_DIGEST_DELAY_SECONDS);
    expect(readDigestDelay({ DIGEST_DELAY_SECONDS: "60" })).toBe(60);
    for (const bad of ["0", "1.5", "43201", "soon"]) expect(() => readDigestDelay({ DIGEST_DELAY_SECONDS: bad }), bad).toThrow(/DIGEST_DELAY_SECONDS/);
  });
});
