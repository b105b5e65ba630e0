import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { createRoom, signUp } from "./browser";
import { BASE, clientsClosedAfterEach } from "./client";

const { join } = clientsClosedAfterEach();
afterEach(() => {
  vi.restoreAllMocks();
});

const TOKEN = env.OPERATOR_TOKEN!;
const statsPath = (room: string) => `/api/ops/rooms/${room}/stats`;
/** The app with `OPERATOR_TOKEN` replaced, as a deployment with another secret would run it. */
const withToken = (token: string | undefined, path: string, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, { headers }, { ...env, OPERATOR_TOKEN: token });

describe("GET /api/ops/rooms/:id/stats", () => {
  it("answers any room's live figures to the operator, who is not a member", async () => {
    const owner = await signUp("Ops owner");
    const room = await createRoom(owner);
    await join(room, { headers: owner.socketHeaders() });

    const res = await withToken(TOKEN, statsPath(room), { Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { room: unknown; stats: Record<string, unknown> };
    expect(body.room).toEqual({ id: room, ownerId: owner.user!.id, deleting: false });
    // The same figures members get from GET /api/rooms/:id/stats.
    expect(body.stats).toMatchObject({ connections: 1, seq: 0, socketsOpened: 1 });
    expect(Object.keys(body.stats).sort()).toEqual(
      Object.keys(((await (await owner.fetch(`/api/rooms/${room}/stats`)).json()) as { stats: object }).stats).sort(),
    );
  });

  it("refuses a missing, malformed or wrong token, and a user's session, with 401 and never echoes the token", async () => {
    const owner = await signUp("Not an operator");
    const room = await createRoom(owner);
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: TOKEN },
      { Authorization: `Basic ${TOKEN}` },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { Authorization: "Bearer " },
      { Cookie: owner.cookieHeader("/api/ops") },
    ];
    for (const headers of attempts) {
      const res = await withToken(TOKEN, statsPath(room), headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toBe('Bearer realm="operator"');
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      expect(text).not.toContain(TOKEN.slice(0, 16));
    }
  });

  it("answers 404 for a room that does not exist and 400 for an invalid id", async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const missing = await withToken(TOKEN, statsPath("no-such-room"), auth);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "room_not_found", message: "no such room" } });
    expect((await withToken(TOKEN, statsPath("-bad"), auth)).status).toBe(400);
  });

  it("does not exist while OPERATOR_TOKEN is unset: the same 404 as any unknown path", async () => {
    for (const token of [undefined, ""]) {
      const res = await withToken(token, statsPath("any"), { Authorization: "Bearer anything-at-all" });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "no route for GET /api/ops/rooms/any/stats" } });
    }
  });

  it("refuses to run with a short OPERATOR_TOKEN, logging the variable but not its value", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    const res = await withToken("short-token", statsPath("any"), { Authorization: "Bearer short-token" });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("misconfigured");
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ event: "misconfigured", variable: "OPERATOR_TOKEN" }));
    expect(lines.join("\n")).not.toContain("short-token");
  });
});
