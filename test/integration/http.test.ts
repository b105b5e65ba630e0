import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createRoom, signUp } from "./browser";

const get = (path: string, headers?: Record<string, string>) => exports.default.fetch(`http://rooms.test${path}`, { headers });

describe("HTTP", () => {
  it("answers /healthz", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  for (const bad of ["-starts-with-dash", ".hidden", "a".repeat(129), "spaces%20inside", "sl%2Fash", "%E2%9C%93"]) {
    it(`refuses the room id ${JSON.stringify(decodeURIComponent(bad).slice(0, 20))} with 400`, async () => {
      const res = await get(`/rooms/${bad}`, { Upgrade: "websocket" });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toMatchObject({ error: { code: "invalid_room_id", message: expect.any(String) } });
    });
  }

  it("accepts the longest valid room id", async () => {
    const owner = await signUp();
    const id = await createRoom(owner, { id: "a".repeat(128) });
    const res = await get(`/rooms/${id}`, { Upgrade: "websocket", ...owner.socketHeaders() });
    expect(res.status).toBe(101);
    res.webSocket!.accept();
    res.webSocket!.close(1000);
  });

  it("answers a plain GET of a room socket URL with 426 and the JSON error shape", async () => {
    const res = await get("/rooms/my-room");
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ error: { code: "upgrade_required" } });
  });

  it("answers unknown routes with 404 and the JSON error shape", async () => {
    const res = await get("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
