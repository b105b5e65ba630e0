/** The webhook queue consumer on its own: deployment-wide endpoints, backoff, a malformed WEBHOOKS setting, and the checks it makes before each attempt. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { startDeliveries } from "../../src/storage/webhooks";
import type { WebhookMessage } from "../../src/webhooks/events";
import type { DeliveryJson as Delivery } from "../../src/wire/rest";
import { eventually } from "./client";
import { deliveries, memberAdded, received, receiverUrl, register, registerWith, setup } from "./webhooks-harness";

afterEach(() => {
  vi.restoreAllMocks();
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
