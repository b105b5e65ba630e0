/** A room's incarnation: which life of its id it is, and sockets that name one only open into it. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Browser, createRoom, signUp } from "./browser";
import { BASE, clientsClosedAfterEach } from "./client";

const { join } = clientsClosedAfterEach();

const incarnationOf = async (person: Browser, room: string) =>
  ((await (await person.fetch(`/api/rooms/${room}`)).json()) as { room: { incarnation: string } }).room.incarnation;

const upgrade = (person: Browser, room: string, query: string) =>
  exports.default.fetch(`${BASE}/rooms/${room}${query}`, { headers: { Upgrade: "websocket", ...person.socketHeaders() } });

describe("room incarnations", () => {
  it("a room created again under a deleted one's id is another incarnation, and a socket naming the old one is refused", async () => {
    const owner = await signUp("Incarnation owner");
    const room = await createRoom(owner, { id: `life-${crypto.randomUUID().slice(0, 8)}` });
    const first = await incarnationOf(owner, room);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    const listed = (await (await owner.fetch("/api/rooms")).json()) as { rooms: Array<{ id: string; incarnation: string }> };
    expect(listed.rooms.find((r) => r.id === room)?.incarnation).toBe(first);

    const before = await join(room, { headers: owner.socketHeaders(), query: `incarnation=${first}` });
    before.type("old life");
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    await before.until(() => before.closed?.code === 4404, "the deleted room's close");
    expect(await createRoom(owner, { id: room })).toBe(room);
    const second = await incarnationOf(owner, room);
    expect(second).not.toBe(first);

    const stale = await upgrade(owner, room, `?incarnation=${first}`);
    expect(stale.status).toBe(404);
    expect(await stale.json()).toMatchObject({ error: { code: "room_not_found" } });
    // The current incarnation, and a stock client that names none, get in, to a fresh document.
    const current = await join(room, { headers: owner.socketHeaders(), query: `incarnation=${second}` });
    const stock = await join(room, { headers: owner.socketHeaders() });
    current.type("new life");
    await stock.until(() => stock.text === "new life", "the new room's text");
  });
});
