/** `GET /api/rooms/:id/threads` in pages: `?limit=`, and `?cursor=` from the previous answer's `next`. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeCursor } from "../../src/api/cursor";
import { encodePosition } from "../../src/document/anchor";
import { type Browser, createRoom, signUp } from "./browser";

const anchor = () => {
  const t = new Y.Doc().getText("t");
  t.insert(0, "text");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};

interface Page {
  threads: Array<{ id: string; comments: Array<{ body: string }> }>;
  next: string | null;
}

async function startThreads(owner: Browser, room: string, bodies: string[]): Promise<void> {
  // In parallel: several threads may share a creation millisecond, which the order must still settle.
  const responses = await Promise.all(
    bodies.map((body) => owner.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: { anchor: anchor(), quote: "q", body } })),
  );
  expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 201));
}

describe("threads in pages", () => {
  it("pages follow one another without duplicates or gaps, also when threads are added between pages", async () => {
    const owner = await signUp("Pager");
    const room = await createRoom(owner);
    await startThreads(owner, room, ["a", "b", "c", "d", "e"]);
    const page = async (cursor: string | null) =>
      (await (await owner.fetch(`/api/rooms/${room}/threads?limit=2${cursor === null ? "" : `&cursor=${cursor}`}`)).json()) as Page;

    const first = await page(null);
    expect(first.threads).toHaveLength(2);
    expect(first.next).not.toBeNull();
    await startThreads(owner, room, ["f", "g"]);
    const seen = [...first.threads];
    let next = first.next;
    while (next !== null) {
      const p = await page(next);
      expect(p.threads.length).toBeGreaterThan(0);
      seen.push(...p.threads);
      next = p.next;
    }
    const all = (await (await owner.fetch(`/api/rooms/${room}/threads?limit=100`)).json()) as Page;
    expect(all.next).toBeNull();
    expect(all.threads).toHaveLength(7);
    expect(seen.map((t) => t.id)).toEqual(all.threads.map((t) => t.id));
    expect(seen.map((t) => t.comments[0]!.body).sort()).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
  });

  it("the default page is 50 threads; a bad limit or cursor is 400", async () => {
    const owner = await signUp("Pager limits");
    const room = await createRoom(owner);
    await startThreads(
      owner,
      room,
      Array.from({ length: 51 }, (_, i) => `t${i}`),
    );
    const first = (await (await owner.fetch(`/api/rooms/${room}/threads`)).json()) as Page;
    expect(first.threads).toHaveLength(50);
    const rest = (await (await owner.fetch(`/api/rooms/${room}/threads?cursor=${first.next}`)).json()) as Page;
    expect([rest.threads.length, rest.next]).toEqual([1, null]);
    for (const query of ["limit=0", "limit=101", "limit=x", "cursor=not-a-cursor", `cursor=${btoa("12.a b")}`, "cursor="]) {
      const res = await owner.fetch(`/api/rooms/${room}/threads?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    // A well-formed cursor past the end is an empty last page.
    const past = (await (await owner.fetch(`/api/rooms/${room}/threads?cursor=${encodeCursor({ createdAt: Date.now() + 60_000, id: "z" })}`)).json()) as Page;
    expect(past).toEqual({ threads: [], next: null });
  });
});
