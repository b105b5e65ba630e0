import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import type { Env } from "../../src/env";
import worker from "../../src/index";
import { startDeliveries } from "../../src/storage/webhooks";
import type { WebhookEvent, WebhookMessage } from "../../src/webhooks/events";
import { sign } from "../../src/webhooks/signing";
import type { DeliveryJson as Delivery } from "../../src/wire/rest";
import { type Browser, createRoom, signUp } from "./browser";
import { BASE, eventually, replaceBindings } from "./client";

interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** A fresh path on the test receiver (test/integration/webhook-receiver.js). */
const receiverUrl = (query = "") => `https://receiver.test/hook-${crypto.randomUUID()}${query}`;

async function received(url: string): Promise<Received[]> {
  return (await env.RECEIVER.fetch(`https://receiver.test/__log${new URL(url).pathname}`)).json();
}

async function setup() {
  const owner = await signUp("Owner");
  const room = await createRoom(owner);
  return { owner, room };
}

async function register(owner: Browser, room: string, url: string, events: string[] = ["member.added"]) {
  const res = await owner.fetch(`/api/rooms/${room}/webhooks`, { method: "POST", json: { url, events } });
  expect(res.status).toBe(201);
  return (await res.json()) as { webhook: { id: string; url: string; events: string[] }; secret: string };
}

/** Registers an endpoint through a Worker whose environment has `patch` applied (a deployment's settings). */
async function registerWith(patch: Partial<Env>, owner: Browser, room: string, url: string): Promise<Response> {
  const path = `/api/rooms/${room}/webhooks`;
  const request = new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { Origin: BASE, Cookie: owner.cookieHeader(path), "Content-Type": "application/json" },
    body: JSON.stringify({ url, events: ["member.added"] }),
  });
  return worker.fetch!(request, { ...env, ...patch }, createExecutionContext());
}

async function addMember(owner: Browser, room: string, role = "editor") {
  const member = await signUp("Member");
  const res = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: member.user!.email, role } });
  expect(res.status).toBe(200);
  return member;
}

/** A fresh member.added event of `room`, as the fan-out would queue it. */
function memberAdded(owner: Browser, room: string): WebhookEvent {
  return {
    id: `evt_${crypto.randomUUID()}`,
    type: "member.added",
    created_at: new Date().toISOString(),
    room: { id: room },
    data: { user: owner.user!, role: "editor" },
  };
}

async function deliveries(owner: Browser, room: string, hook: string): Promise<Delivery[]> {
  const res = await owner.fetch(`/api/rooms/${room}/webhooks/${hook}/deliveries`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
}

/** A room's endpoint whose receiver always answers 500, once it failed the first attempt of a member.added. */
async function firstFailedAttempt() {
  const { owner, room } = await setup();
  const url = receiverUrl("?fail=100");
  const { webhook } = await register(owner, room, url);
  await addMember(owner, room);
  await eventually(async () => (await received(url)).length === 1, "the first attempt", 10_000);
  return { owner, room, url, webhook };
}

/**
 * Waits until the webhook queue has handled every message sent before it, including the
 * deliveries their fan-out sends. The queue hands a consumer one batch at a time, in the
 * order messages were sent, and a batch is over when its handler returns; a probe event's
 * delivery is sent while the probe's batch runs, so once it arrives, everything sent before
 * the probe was handled. Deliveries fanned out in that batch are sent while it runs too, so
 * a second probe covers them. (Events raised by requests that already answered are sent
 * before: the probe itself takes several requests.) Retries waiting for their delay are
 * not covered.
 */
async function queueDrained(): Promise<void> {
  const { owner, room } = await setup();
  const url = receiverUrl();
  await register(owner, room, url);
  for (const probe of ["first", "second"]) {
    const member = await addMember(owner, room);
    const arrived = async () => (await received(url)).some((r) => (JSON.parse(r.body) as { data: { user: { id: string } } }).data.user.id === member.user!.id);
    await eventually(arrived, `the ${probe} probe event's delivery`, 10_000);
  }
}

/** Checks a request as a receiver would: a valid signature no older than five minutes. */
async function verified(request: Received, secret: string): Promise<WebhookEvent> {
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = request.headers;
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  expect(signature!.split(" ")).toContain(await sign(secret, id!, Number(timestamp), request.body));
  const event = JSON.parse(request.body) as WebhookEvent;
  expect(event.id).toBe(id);
  return event;
}

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

describe("webhook deliveries through the local queue", () => {
  it("deleting the room deletes its endpoints and their log", async () => {
    const { owner, room, webhook } = await firstFailedAttempt();
    const rows = async () => {
      const endpoints = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_endpoints WHERE id = ?").bind(webhook.id).first<number>("n");
      const log = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = ?").bind(webhook.id).first<number>("n");
      return [endpoints, log];
    };
    expect(await rows()).toEqual([1, 1]);
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    expect(await rows()).toEqual([0, 0]);
  });

  it("delivers member.added signed, once per new member, and logs it", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    const { webhook, secret } = await register(owner, room, url);
    const member = await addMember(owner, room, "viewer");
    await eventually(async () => (await received(url)).length === 1, "the delivery", 10_000);
    const [request] = await received(url);
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json");
    const event = await verified(request!, secret);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: "member.added",
      created_at: expect.any(String),
      room: { id: room },
      data: { user: member.user, role: "viewer" },
    });
    await eventually(async () => (await deliveries(owner, room, webhook.id))[0]?.state === "delivered", "the log entry");
    expect(await deliveries(owner, room, webhook.id)).toEqual([
      expect.objectContaining({
        eventId: event.id,
        type: "member.added",
        state: "delivered",
        attempts: 1,
        lastStatus: 204,
        lastError: null,
        nextAttemptAt: null,
      }),
    ]);
    // A role change is not a new member.
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: member.user!.email, role: "editor" } });
    await queueDrained();
    expect(await received(url)).toHaveLength(1);
  });

  it("delivers thread.created and comment.created when people comment", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    const { secret } = await register(owner, room, url, ["thread.created", "comment.created"]);
    const text = new Y.Doc().getText("t");
    text.insert(0, "text");
    const anchor = {
      start: encodePosition(Y.createRelativePositionFromTypeIndex(text, 0)),
      end: encodePosition(Y.createRelativePositionFromTypeIndex(text, 4, -1)),
    };
    const started = await owner.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: { anchor, quote: "text", body: "Why?" } });
    expect(started.status).toBe(201);
    const { thread } = (await started.json()) as { thread: { id: string; comments: Array<{ id: string }> } };
    const replied = await owner.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "Because." } });
    expect(replied.status).toBe(201);
    const { comment } = (await replied.json()) as { comment: { id: string } };
    await eventually(async () => (await received(url)).length === 2, "both deliveries", 10_000);
    const events = await Promise.all((await received(url)).map((request) => verified(request, secret)));
    const by = owner.user!.id;
    expect(events.map(({ type, data }) => ({ type, data })).sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: "comment.created", data: { thread_id: thread.id, comment_id: comment.id, created_by: by } },
      { type: "thread.created", data: { thread_id: thread.id, comment_id: thread.comments[0]!.id, created_by: by } },
    ]);
  });

  it("retries after a failing receiver, with the same webhook-id", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl("?fail=1");
    const { webhook, secret } = await register(owner, room, url);
    await addMember(owner, room);
    await eventually(async () => (await received(url)).length === 2, "the retry", 15_000);
    const [first, second] = await received(url);
    expect([first!.status, second!.status]).toEqual([500, 204]);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    await verified(second!, secret);
    await eventually(async () => (await deliveries(owner, room, webhook.id))[0]?.state === "delivered", "the log entry");
    expect((await deliveries(owner, room, webhook.id))[0]).toMatchObject({ attempts: 2, lastStatus: 204 });
  });

  it("marks a delivery failed after the last attempt (three here)", async () => {
    const { owner, room, url, webhook } = await firstFailedAttempt();
    expect((await deliveries(owner, room, webhook.id))[0]).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500, nextAttemptAt: expect.any(String) });
    await eventually(async () => (await deliveries(owner, room, webhook.id))[0]?.state === "failed", "the failed state", 20_000);
    expect((await deliveries(owner, room, webhook.id))[0]).toMatchObject({ attempts: 3, lastStatus: 500, nextAttemptAt: null, deliveredAt: null });
    expect(await received(url)).toHaveLength(3);
  });

  it("delivers nothing more once the endpoint is deleted, not even retries already queued", async () => {
    const { owner, room, url, webhook } = await firstFailedAttempt();
    expect((await owner.fetch(`/api/rooms/${room}/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    // The retry, due 1 s after the first attempt, finds the endpoint gone.
    const dropped = vi.spyOn(console, "log");
    await addMember(owner, room);
    await eventually(
      () => dropped.mock.calls.some(([line]) => String(line).includes('"event":"webhook_delivery_dropped"') && String(line).includes(webhook.id)),
      "the queued retry to be dropped",
      10_000,
    );
    // And the new event's fan-out.
    await queueDrained();
    expect(await received(url)).toHaveLength(1);
  });

  it("announces snapshots: document.updated once edits land, version.created for each version", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    const { secret } = await register(owner, room, url, ["document.updated", "version.created"]);
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hello");
    const edit = await owner.fetch(`/api/rooms/${room}/content`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array(Y.encodeStateAsUpdate(doc)),
    });
    expect(edit.status).toBe(200);
    await eventually(async () => (await received(url)).length === 2, "the snapshot's events", 10_000);
    const events = await Promise.all((await received(url)).map((r) => verified(r, secret)));
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType["document.updated"]).toMatchObject({
      room: { id: room },
      data: { seq: 1, document_bytes: expect.any(Number), edited_at: expect.any(String) },
    });
    expect(byType["version.created"]).toMatchObject({ room: { id: room }, data: { seq: 1, kind: "auto", label: null, created_by: null } });
    // Naming the version adds no edits: a version event only.
    expect((await owner.fetch(`/api/rooms/${room}/versions`, { method: "POST", json: { label: "Draft" } })).status).toBe(201);
    await eventually(async () => (await received(url)).length === 3, "the named version's event", 10_000);
    await queueDrained();
    const named = await Promise.all((await received(url)).slice(2).map((r) => verified(r, secret)));
    expect(named).toEqual([
      expect.objectContaining({
        type: "version.created",
        data: expect.objectContaining({ seq: 1, kind: "named", label: "Draft", created_by: owner.user!.id }),
      }),
    ]);
  });

  it("an unavailable queue never fails an edit or its snapshot: the event is lost, not the edit", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    await register(owner, room, url, ["document.updated", "version.created"]);
    await replaceBindings(room, () => ({
      WEBHOOK_QUEUE: { send: () => Promise.reject(new Error("the queue is unavailable")) } as unknown as Env["WEBHOOK_QUEUE"],
    }));
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "kept");
    const edit = await owner.fetch(`/api/rooms/${room}/content`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array(Y.encodeStateAsUpdate(doc)),
    });
    expect(edit.status).toBe(200);
    await eventually(
      async () => ((await (await owner.fetch(`/api/rooms/${room}/versions`)).json()) as { versions: unknown[] }).versions.length === 1,
      "the snapshot",
    );
    // The snapshot counts as a success: its log was truncated, nothing waits for a retry.
    const { stats } = (await (await owner.fetch(`/api/rooms/${room}/stats`)).json()) as { stats: { snapshot: { failures: number; pendingEdits: number } } };
    expect(stats.snapshot).toMatchObject({ failures: 0, pendingEdits: 0 });
    await queueDrained();
    expect(await received(url)).toEqual([]);
  });

  it("sends every room's events to the deployment's endpoints (WEBHOOKS)", async () => {
    const { owner, room } = await setup();
    const member = await addMember(owner, room);
    const url = JSON.parse(env.WEBHOOKS!)[0].url as string;
    await eventually(async () => (await received(url)).some((r) => JSON.parse(r.body).data.user.id === member.user!.id), "the deployment's delivery", 10_000);
  });
});

describe("the queue consumer", () => {
  const run = async (messages: Array<{ body: WebhookMessage; attempts: number }>) => {
    const batch = createMessageBatch<WebhookMessage>(
      "edge-rooms-webhooks",
      messages.map((m, i) => ({ id: `m${i}`, timestamp: new Date(), ...m })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    return getQueueResult(batch, ctx);
  };

  it("backs off exponentially, then acknowledges and logs the failure", async () => {
    const { owner, room } = await setup();
    const { webhook } = await register(owner, room, receiverUrl("?fail=100"));
    const event = memberAdded(owner, room);
    // The log row the fan-out would start, without its queued delivery: this test plays the queue.
    await startDeliveries(env.DB, [webhook.id], event, Date.now(), 0);
    const delivery = { kind: "delivery", event, endpoint: webhook.id } as const;
    const logged = async () => (await deliveries(owner, room, webhook.id)).find((d) => d.eventId === event.id)!;
    const waited = (d: Delivery) => Date.parse(d.nextAttemptAt!) - Date.parse(d.lastAttemptAt!);
    expect((await run([{ body: delivery, attempts: 1 }])).retryMessages).toEqual([{ msgId: "m0" }]);
    expect(await logged()).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    expect(waited(await logged())).toBe(1000);
    expect((await run([{ body: delivery, attempts: 2 }])).retryMessages).toEqual([{ msgId: "m0" }]);
    expect(waited(await logged())).toBe(2000);
    expect(await run([{ body: delivery, attempts: 3 }])).toMatchObject({ explicitAcks: ["m0"], retryMessages: [] });
    expect(await logged()).toMatchObject({ state: "failed", attempts: 3, lastStatus: 500, nextAttemptAt: null });
    // A copy of the message the queue delivers again finds the delivery finished.
    expect(await run([{ body: delivery, attempts: 1 }])).toMatchObject({ explicitAcks: ["m0"], retryMessages: [] });
    expect((await logged()).attempts).toBe(3);
  });

  it("still serves the rooms' endpoints while WEBHOOKS is malformed", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    await register(owner, room, url);
    const event = memberAdded(owner, room);
    const batch = createMessageBatch<WebhookMessage>("edge-rooms-webhooks", [{ id: "m0", timestamp: new Date(), attempts: 1, body: { kind: "event", event } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, WEBHOOKS: '[{"url":"https://a.example"}]' });
    expect(await getQueueResult(batch, ctx)).toMatchObject({ explicitAcks: ["m0"], retryMessages: [] });
    await eventually(async () => (await received(url)).some((r) => JSON.parse(r.body).id === event.id), "the room endpoint's delivery", 10_000);
  });

  /** A logged delivery of a fresh member.added to a new endpoint at `url`, played through the queue once. */
  const deliverOnce = async (url: string) => {
    const { owner, room } = await setup();
    const res = await registerWith({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" }, owner, room, url);
    expect(res.status).toBe(201);
    const { webhook } = (await res.json()) as { webhook: { id: string } };
    const event = memberAdded(owner, room);
    await startDeliveries(env.DB, [webhook.id], event, Date.now(), 0);
    expect((await run([{ body: { kind: "delivery", event, endpoint: webhook.id }, attempts: 1 }])).retryMessages).toEqual([{ msgId: "m0" }]);
    return (await deliveries(owner, room, webhook.id)).find((d) => d.eventId === event.id)!;
  };

  it("checks the URL again before each attempt: a private target stored earlier is not called", async () => {
    const url = `http://127.0.0.1:9/hook-${crypto.randomUUID()}`;
    // Registered where private targets were allowed, delivered where they are not.
    expect(await deliverOnce(url)).toMatchObject({ state: "pending", attempts: 1, lastStatus: null, lastError: "url is no longer a public https address" });
    expect(await received(url)).toEqual([]);
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    const url = receiverUrl("?redirect");
    expect(await deliverOnce(url)).toMatchObject({ state: "pending", attempts: 1, lastStatus: 307, lastError: "redirect not followed" });
    expect(await received(url)).toHaveLength(1);
    expect(await received(`https://receiver.test/moved${new URL(url).pathname}`)).toEqual([]);
  });

  it("logs a generic error when no answer came, never the network's own message", async () => {
    const delivery = await deliverOnce(receiverUrl("?crash"));
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: null, lastError: "endpoint unreachable" });
  });

  it("drops a delivery whose endpoint no longer exists, without calling it", async () => {
    const { owner, room } = await setup();
    const url = receiverUrl();
    const event = memberAdded(owner, room);
    expect(await run([{ body: { kind: "delivery", event, endpoint: "wh_gone" }, attempts: 1 }])).toMatchObject({ explicitAcks: ["m0"], retryMessages: [] });
    expect(await received(url)).toEqual([]);
  });
});
