/** Webhook deliveries through the local queue to the test receiver: signed events of members, comments and snapshots, retries, failures, and edits that never wait for the queue. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import type { Env } from "../../src/env";
import { eventually, replaceBindings } from "./client";
import { addMember, deliveries, firstFailedAttempt, queueDrained, received, receiverUrl, register, setup, verified } from "./webhooks-harness";

afterEach(() => {
  vi.restoreAllMocks();
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
