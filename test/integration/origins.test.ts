/** Cross-site requests: state-changing HTTP from a foreign origin and cross-site socket upgrades are refused (CSRF). */
import { describe, expect, it } from "vitest";
import { createRoom, errorCode, PASSWORD, signUp, upgradeStatus } from "./browser";
import { BASE } from "./client";

describe("origins", () => {
  it("refuses state-changing requests from a foreign origin with 403", async () => {
    const browser = await signUp("Origin");
    const evil = await browser.fetch("/api/rooms", { method: "POST", json: {}, headers: { Origin: "https://evil.example" } });
    expect([evil.status, await errorCode(evil)]).toEqual([403, "forbidden_origin"]);
    // No Origin header, but the browser says the request is cross-site.
    const { exports } = await import("cloudflare:workers");
    const crossSite = await exports.default.fetch(`${BASE}/api/auth/logout`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site", Cookie: browser.cookieHeader("/api/auth/logout") },
    });
    expect(crossSite.status).toBe(403);
    // A non-browser client (no Origin, no Sec-Fetch-Site) is not a CSRF vector.
    const cli = await exports.default.fetch(`${BASE}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: browser.user!.email, password: PASSWORD }),
    });
    expect(cli.status).toBe(200);
    expect((await browser.fetch("/api/rooms", { method: "POST", json: {} })).status).toBe(201);
  });

  it("refuses a cross-site WebSocket upgrade that carries the victim's cookies", async () => {
    const browser = await signUp("Hijack");
    const room = await createRoom(browser);
    expect(await upgradeStatus(room, { ...browser.socketHeaders(), Origin: "https://evil.example" })).toBe(403);
  });
});
