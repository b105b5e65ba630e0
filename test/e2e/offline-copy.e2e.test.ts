/**
 * The browser's offline copy of a room (IndexedDB) belongs to one incarnation of the room: a
 * room deleted and created again under the same id never receives the old document from a
 * member's browser, whether their page was closed or open when the room was deleted; and a
 * member removed from a room loses the copy as the room closes their socket.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Person } from "./chromium";
import { caretToEnd, docText, openRoom } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Owner", bob: "Bob Member" });

/** A call to the API from the person's page, with their cookies, as the pages make them. */
async function call(person: Person, method: string, path: string, json?: unknown): Promise<number> {
  return person.page.evaluate(
    async ({ method, path, json }) =>
      (
        await fetch(path, {
          method,
          headers: json === undefined ? {} : { "Content-Type": "application/json" },
          body: json === undefined ? undefined : JSON.stringify(json),
        })
      ).status,
    { method, path, json },
  );
}

/** Ada creates the room `id` (a document) and makes Bob an editor. */
async function createShared(id: string): Promise<void> {
  expect(await call(bed.ada, "POST", "/api/rooms", { id, title: "Reused", kind: "document" })).toBe(201);
  expect(await call(bed.ada, "PUT", `/api/rooms/${id}/members`, { email: bed.bob.email, role: "editor" })).toBe(200);
}

/** Names of this browser's IndexedDB databases holding a copy of room `id`. */
const copiesOf = (page: Page, id: string) =>
  page.evaluate(async (id) => (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.endsWith(`/${id}`)), id);

/**
 * Whether one of this browser's copies of room `id` holds `text` (y-indexeddb's "updates" store;
 * text inserted in one go is one update, with the text in it as UTF-8).
 */
const copyHolds = (page: Page, id: string, text: string) =>
  page.evaluate(
    async ({ id, text }) => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.endsWith(`/${id}`));
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((resolve, reject) =>
          Object.assign(indexedDB.open(name), { onsuccess: (e: Event) => resolve((e.target as IDBOpenDBRequest).result), onerror: reject }),
        );
        const updates = await new Promise<Uint8Array[]>((resolve) =>
          Object.assign(db.transaction("updates").objectStore("updates").getAll(), {
            onsuccess: (e: Event) => resolve((e.target as IDBRequest<Uint8Array[]>).result),
          }),
        );
        db.close();
        if (updates.some((u) => new TextDecoder().decode(u).includes(text))) return true;
      }
      return false;
    },
    { id, text },
  );

/** Bob writes `text` into room `id` and waits until the room stored it and his browser's copy holds it. */
async function bobWrites(id: string, text: string): Promise<void> {
  await openRoom(bed.bob, `/rooms/${id}`);
  await caretToEnd(bed.bob.page);
  await bed.bob.page.keyboard.insertText(text);
  await expect
    .poll(() => bed.ada.page.evaluate(async (path) => (await fetch(path)).text(), `/api/rooms/${id}/content?format=json`), { timeout: 15_000 })
    .toContain(text);
  await expect.poll(() => copyHolds(bed.bob.page, id, text), { timeout: 15_000 }).toBe(true);
}

/** Ada, in the room created again, types her own text; Bob opens it. Nothing of the old room may appear. */
async function reopenAfterRecreation(id: string): Promise<void> {
  await openRoom(bed.ada, `/rooms/${id}`);
  await caretToEnd(bed.ada.page);
  await bed.ada.page.keyboard.type("Fresh start");
  await openRoom(bed.bob, `/rooms/${id}`);
  // Positive first: Bob's page synced with the new room and shows its own text...
  await expect.poll(() => docText(bed.bob.page), { timeout: 15_000 }).toContain("Fresh start");
  // ...and his own next edit has reached Ada, so anything his browser had sent before it has too.
  await caretToEnd(bed.bob.page);
  await bed.bob.page.keyboard.type(" and Bob");
  await expect.poll(() => docText(bed.ada.page), { timeout: 15_000 }).toContain("and Bob");
  for (const page of [bed.bob.page, bed.ada.page]) expect(await docText(page)).not.toContain("Old secret");
}

describe("a room created again under a deleted room's id", () => {
  it("gets nothing from the copy a member's browser kept of the deleted room while their page was closed", { timeout: 120_000 }, async () => {
    const id = `reused-closed-${Date.now()}`;
    await createShared(id);
    await bobWrites(id, "Old secret text");
    await bed.bob.page.goto("/");
    expect(await call(bed.ada, "DELETE", `/api/rooms/${id}`)).toBe(204);
    await createShared(id);
    await reopenAfterRecreation(id);
  });

  it("a member whose page was open when the room was deleted loses the copy at once, and the new room gets nothing of it", { timeout: 120_000 }, async () => {
    const id = `reused-open-${Date.now()}`;
    await createShared(id);
    await bobWrites(id, "Old secret text");
    expect(await call(bed.ada, "DELETE", `/api/rooms/${id}`)).toBe(204);
    await expect.poll(() => bed.bob.page.locator("#notice").textContent(), { timeout: 15_000 }).toContain("This room was deleted.");
    await expect.poll(() => copiesOf(bed.bob.page, id)).toEqual([]);
    await createShared(id);
    await reopenAfterRecreation(id);
  });
});

describe("a member removed from a room", () => {
  it("loses the browser's copy at once when the room closes their open page's socket (4403)", { timeout: 120_000 }, async () => {
    const id = `removed-open-${Date.now()}`;
    await createShared(id);
    await bobWrites(id, "Old secret text");
    expect(await copiesOf(bed.bob.page, id)).not.toEqual([]);
    const bob = await bed.bob.page.evaluate(async () => ((await (await fetch("/api/me")).json()) as { user: { id: string } }).user.id);
    expect(await call(bed.ada, "DELETE", `/api/rooms/${id}/members/${bob}`)).toBe(204);
    await expect.poll(() => copiesOf(bed.bob.page, id), { timeout: 15_000 }).toEqual([]);
  });
});
