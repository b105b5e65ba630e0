/** Webhook endpoints over HTTP: registration, its checks (owner only, URLs, private targets, at most ten), secrets and their rotation, deletion. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRoom, signUp } from "./browser";
import { eventually } from "./client";
import { addMember, received, receiverUrl, register, registerWith, setup, verified } from "./webhooks-harness";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("webhook endpoints API", () => {
  it("shows the signing secret once, at creation, and never in a listing", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    const { webhook, secret } = await register(owner, room, url, ["member.added", "version.created", "member.added"]);
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ id: expect.stringMatching(/^wh_/), url, events: ["member.added", "version.created"], previousSecretExpiresAt: null });
    for (const path of [`/api/rooms/${room}/webhooks`, `/api/rooms/${room}/webhooks/${webhook.id}`, `/api/rooms/${room}/webhooks/${webhook.id}/deliveries`]) {
      const text = await (await owner.fetch(path)).text();
      expect(text).not.toContain(secret.slice(6));
      expect(text).not.toMatch(/secret"/i);
    }
    expect(((await (await owner.fetch(`/api/rooms/${room}/webhooks`)).json()) as { webhooks: unknown[] }).webhooks).toEqual([webhook]);
  });

  it("is for the owner only", async () => {
    const { owner, room } = await setup();
    const { webhook } = await register(owner, room, receiverUrl());
    const editor = await addMember(owner, room, "editor");
    const stranger = await signUp("Stranger");
    for (const who of [editor, stranger]) {
      for (const [method, path] of [
        ["GET", `/api/rooms/${room}/webhooks`],
        ["POST", `/api/rooms/${room}/webhooks`],
        ["GET", `/api/rooms/${room}/webhooks/${webhook.id}/deliveries`],
        ["POST", `/api/rooms/${room}/webhooks/${webhook.id}/secret`],
        ["DELETE", `/api/rooms/${room}/webhooks/${webhook.id}`],
      ] as const) {
        const res = await who.fetch(path, { method, json: method === "POST" ? { url: receiverUrl(), events: ["member.added"] } : undefined });
        expect([403, 404], `${method} ${path}`).toContain(res.status);
        expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^(forbidden|room_not_found)$/);
      }
    }
    expect(((await (await owner.fetch(`/api/rooms/${room}/webhooks`)).json()) as { webhooks: unknown[] }).webhooks).toHaveLength(1);
  });

  it("refuses bad URLs and event types with a clear error, storing nothing", async () => {
    const { owner, room } = await setup();
    const cases: Array<[unknown, string]> = [
      [{ url: "http://hooks.example.com/", events: ["member.added"] }, "url must use https"],
      [{ url: "https://u:p@hooks.example.com/", events: ["member.added"] }, "url must not contain credentials"],
      [{ url: "not a url", events: ["member.added"] }, "url must be an absolute URL"],
      [{ url: "https://hooks.example.com/", events: [] }, "events must be a non-empty list of event types"],
      [{ url: "https://hooks.example.com/", events: ["room.deleted"] }, 'unknown event type "room.deleted"'],
      [{ events: ["member.added"] }, "url is required"],
    ];
    for (const [json, message] of cases) {
      const res = await owner.fetch(`/api/rooms/${room}/webhooks`, { method: "POST", json });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "bad_request", message } });
    }
    expect(((await (await owner.fetch(`/api/rooms/${room}/webhooks`)).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
    // With the development-only allowance, a receiver on this machine may use plain http.
    expect((await registerWith({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" }, owner, room, "http://127.0.0.1:9/hook")).status).toBe(201);
  });

  it("refuses private, loopback and link-local targets, however they are written", async () => {
    const { owner, room } = await setup();
    const targets = [
      "https://127.0.0.1/",
      "https://2130706433/",
      "https://0x7f.0.0.1/",
      "https://0177.0.0.1/",
      "https://10.1.2.3/",
      "https://172.16.0.9/",
      "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[fd00::1]/",
      "https://[fe80::1]/",
      "https://localhost/",
      "https://admin.localhost/",
      "https://metadata.google.internal/",
      "https://printer.local./",
      "http://127.0.0.1:9/hook",
    ];
    for (const url of targets) {
      const res = await owner.fetch(`/api/rooms/${room}/webhooks`, { method: "POST", json: { url, events: ["member.added"] } });
      expect(res.status, url).toBe(400);
      expect(await res.json(), url).toEqual({ error: { code: "bad_request", message: "url must be a public https address" } });
    }
    expect(((await (await owner.fetch(`/api/rooms/${room}/webhooks`)).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
  });

  it("refuses the private-target allowance in production: 500 misconfigured", async () => {
    const { owner, room } = await setup();
    const res = await registerWith({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "1", ENVIRONMENT: "production" }, owner, room, receiverUrl());
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("misconfigured");
  });

  it("takes at most ten endpoints per room", async () => {
    const { owner, room } = await setup();
    for (let i = 0; i < 10; i++) await register(owner, room, receiverUrl());
    const res = await owner.fetch(`/api/rooms/${room}/webhooks`, { method: "POST", json: { url: receiverUrl(), events: ["member.added"] } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_many_webhooks");
  });

  it("rotates the secret: both sign until the previous one expires a day later", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    const { webhook, secret: first } = await register(owner, room, url);
    const res = await owner.fetch(`/api/rooms/${room}/webhooks/${webhook.id}/secret`, { method: "POST" });
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as { webhook: { previousSecretExpiresAt: string }; secret: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(first);
    expect(Date.parse(rotated.webhook.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await addMember(owner, room);
    await eventually(async () => (await received(url)).length === 1, "the delivery");
    const [request] = await received(url);
    expect(request!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    await verified(request!, first);
    await verified(request!, rotated.secret);
  });

  it("answers 404 for another room's endpoint and after deletion", async () => {
    const { owner, room } = await setup();
    const other = await createRoom(owner);
    const { webhook } = await register(owner, room, receiverUrl());
    expect((await owner.fetch(`/api/rooms/${other}/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await owner.fetch(`/api/rooms/${room}/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    const again = await owner.fetch(`/api/rooms/${room}/webhooks/${webhook.id}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("webhook_not_found");
    expect((await owner.fetch(`/api/rooms/${room}/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
    expect((await owner.fetch(`/api/rooms/${room}/webhooks/${webhook.id}/deliveries?limit=0`)).status).toBe(400);
  });
});
