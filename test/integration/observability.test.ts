import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../src/auth/cookies";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, newRoom, replaceBindings, stubOf } from "./client";

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

describe("Analytics Engine", () => {
  it("writes a data point per room when the last client leaves and after maintenance", async () => {
    const room = await newRoom();
    const a = await join(room);
    // Analytics Engine stores nothing locally: record what the room writes to the binding.
    const points: AnalyticsEngineDataPoint[] = [];
    await replaceBindings(room, () => ({ METRICS: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p!) } }));
    a.type("counted");
    a.type(" twice");
    await eventually(async () => (await stubOf(room).stats()).seq === 2, "the edits stored");
    a.close();
    await eventually(() => points.some((p) => p.blobs?.[1] === "alarm"), "the data point of the snapshot alarm");
    const idle = points.find((p) => p.blobs?.[1] === "idle")!;
    expect(idle.indexes).toEqual([room]);
    expect(idle.blobs).toEqual([room, "idle"]);
    // connections, messagesIn, bytesIn, messagesOut, bytesOut, seq, documentBytes, logRows, pendingEdits, rejected
    const [, messagesIn, bytesIn, , , seq, documentBytes, logRows, pendingEdits, rejected] = idle.doubles!;
    expect(messagesIn).toBeGreaterThanOrEqual(4);
    expect(bytesIn).toBeGreaterThan(0);
    expect({ seq, logRows, pendingEdits, rejected }).toEqual({ seq: 2, logRows: 2, pendingEdits: 2, rejected: 0 });
    expect(documentBytes).toBeGreaterThan(0);
    // After the snapshot: the same sequence number, nothing left in the log or pending.
    const after = points.findLast((p) => p.blobs?.[1] === "alarm")!.doubles!;
    expect({ seq: after[5], logRows: after[7], pendingEdits: after[8] }).toEqual({ seq: 2, logRows: 0, pendingEdits: 0 });
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
    await client.roundTrip();
    client.send(new Uint8Array([9, 9, 9]));
    await client.until(() => client.closed !== undefined, "the invalid frame's close");
    // The last line the room writes for a socket: every line is in once it is.
    await eventually(() => lines.some((l) => l.includes('"event":"socket_close"') && l.includes(room)), "the room to log the socket's close");

    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({ event: "socket_open", room, user: owner.user!.id, role: "owner" }));
    expect(events).toContainEqual(expect.objectContaining({ event: "socket_closed_by_room", room, code: 4400, reason: "invalid message" }));
    const all = lines.join("\n");
    expect(all).not.toContain("TOP SECRET");
    expect(all).not.toContain(owner.cookies.get(ACCESS_COOKIE)!.value);
    expect(all).not.toContain(owner.cookies.get(REFRESH_COOKIE)!.value);
  });
});
