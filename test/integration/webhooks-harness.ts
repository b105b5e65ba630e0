/**
 * What the webhook tests share: endpoints registered on fresh rooms, the test receiver's log
 * (test/integration/webhook-receiver.js), the delivery log, and a barrier for the queue.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Env } from "../../src/env";
import worker from "../../src/index";
import type { WebhookEvent } from "../../src/webhooks/events";
import { sign } from "../../src/webhooks/signing";
import type { DeliveryJson as Delivery } from "../../src/wire/rest";
import { type Browser, createRoom, signUp } from "./browser";
import { BASE, eventually } from "./client";

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** A fresh path on the test receiver (test/integration/webhook-receiver.js). */
export const receiverUrl = (query = "") => `https://receiver.test/hook-${crypto.randomUUID()}${query}`;

export async function received(url: string): Promise<Received[]> {
  return (await env.RECEIVER.fetch(`https://receiver.test/__log${new URL(url).pathname}`)).json();
}

export async function setup() {
  const owner = await signUp("Owner");
  const room = await createRoom(owner);
  return { owner, room };
}

export async function register(owner: Browser, room: string, url: string, events: string[] = ["member.added"]) {
  const res = await owner.fetch(`/api/rooms/${room}/webhooks`, { method: "POST", json: { url, events } });
  expect(res.status).toBe(201);
  return (await res.json()) as { webhook: { id: string; url: string; events: string[] }; secret: string };
}

/** Registers an endpoint through a Worker whose environment has `patch` applied (a deployment's settings). */
export async function registerWith(patch: Partial<Env>, owner: Browser, room: string, url: string): Promise<Response> {
  const path = `/api/rooms/${room}/webhooks`;
  const request = new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { Origin: BASE, Cookie: owner.cookieHeader(path), "Content-Type": "application/json" },
    body: JSON.stringify({ url, events: ["member.added"] }),
  });
  return worker.fetch!(request, { ...env, ...patch }, createExecutionContext());
}

export async function addMember(owner: Browser, room: string, role = "editor") {
  const member = await signUp("Member");
  const res = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: member.user!.email, role } });
  expect(res.status).toBe(200);
  return member;
}

/** A fresh member.added event of `room`, as the fan-out would queue it. */
export function memberAdded(owner: Browser, room: string): WebhookEvent {
  return {
    id: `evt_${crypto.randomUUID()}`,
    type: "member.added",
    created_at: new Date().toISOString(),
    room: { id: room },
    data: { user: owner.user!, role: "editor" },
  };
}

export async function deliveries(owner: Browser, room: string, hook: string): Promise<Delivery[]> {
  const res = await owner.fetch(`/api/rooms/${room}/webhooks/${hook}/deliveries`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
}

/** A room's endpoint whose receiver always answers 500, once it failed the first attempt of a member.added. */
export async function firstFailedAttempt() {
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
export async function queueDrained(): Promise<void> {
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
export async function verified(request: Received, secret: string): Promise<WebhookEvent> {
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = request.headers;
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  expect(signature!.split(" ")).toContain(await sign(secret, id!, Number(timestamp), request.body));
  const event = JSON.parse(request.body) as WebhookEvent;
  expect(event.id).toBe(id);
  return event;
}
