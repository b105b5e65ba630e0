import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../src/auth/cookies";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, settle } from "./client";

const { join } = clientsClosedAfterEach();
afterEach(() => {
  vi.restoreAllMocks();
});

describe("GET /api/rooms/:id/stats", () => {
  it("reports live figures to members and refuses others", async () => {
    const owner = await signUp("Stats owner");
    const room = await createRoom(owner);
    const a = await join(room, { headers: owner.socketHeaders() });
    const b = await join(room, { headers: owner.socketHeaders() });
    a.type("hello");
    await b.until(() => b.text === "hello", "the edit to arrive");
    const res = await owner.fetch(`/api/rooms/${room}/stats`);
    expect(res.status).toBe(200);
    const { stats } = (await res.json()) as { stats: Record<string, unknown> };
    expect(stats).toMatchObject({ connections: 2, seq: 1, logRows: 1, socketsOpened: 2 });
    expect(stats.messagesIn).toBeGreaterThanOrEqual(5);
    expect(stats.bytesOut).toBeGreaterThan(0);
    expect((await (await signUp("Outsider")).fetch(`/api/rooms/${room}/stats`)).status).toBe(403);
  });
});

describe("structured logs", () => {
  it("write one JSON line per event with room and user ids, never tokens or document content", async () => {
    const lines: string[] = [];
    for (const level of ["log", "warn", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    }
    const owner = await signUp("Logged");
    const room = await createRoom(owner);
    const client = await join(room, { headers: owner.socketHeaders() });
    client.type("TOP SECRET DOCUMENT TEXT");
    await settle();
    client.send(new Uint8Array([9, 9, 9]));
    await client.until(() => client.closed !== undefined, "the invalid frame's close");
    await settle();

    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({ event: "socket_open", room, user: owner.user!.id, role: "owner" }));
    expect(events).toContainEqual(expect.objectContaining({ event: "socket_closed_by_room", room, code: 4400, reason: "invalid message" }));
    const all = lines.join("\n");
    expect(all).not.toContain("TOP SECRET");
    expect(all).not.toContain(owner.cookies.get(ACCESS_COOKIE)!.value);
    expect(all).not.toContain(owner.cookies.get(REFRESH_COOKIE)!.value);
  });
});
