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

describe("hostile HTTP input", () => {
  it("answers oversized, mistyped and malformed bodies with the JSON error shape", async () => {
    const post = (body: BodyInit, type = "application/json") =>
      exports.default.fetch("http://rooms.test/api/auth/signup", { method: "POST", headers: { "Content-Type": type, Origin: "http://rooms.test" }, body });
    const cases: [Response, number, string][] = [
      [await post(JSON.stringify({ name: "é".repeat(40_000) })), 413, "payload_too_large"],
      [await post("{"), 400, "invalid_json"],
      [await post("[1,2]"), 400, "invalid_json"],
      [await post("email=a", "application/x-www-form-urlencoded"), 415, "unsupported_media_type"],
      [await post(JSON.stringify({ email: 42, password: "x", name: "n" })), 400, "bad_request"],
    ];
    for (const [res, status, code] of cases) {
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([status, code]);
    }
  });
});
