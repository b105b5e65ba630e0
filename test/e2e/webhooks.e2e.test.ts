/**
 * Webhooks end to end: the real `wrangler dev` with Miniflare's local queue delivers to a
 * Node HTTP server on 127.0.0.1, which verifies each signature with node:crypto as
 * docs/webhooks.md tells receivers to, independently of the Worker's own signing code.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { screenshot } from "./chromium";
import { type Account, connect, createRoom, share, signUp, until } from "./http-client";
import { chromiumTestbed } from "./testbed";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

interface WebhookEvent {
  id: string;
  type: string;
  created_at: string;
  room: { id: string };
  data: Record<string, unknown>;
}

/** The verification of docs/webhooks.md: returns the event, or throws. */
function verifyWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, toleranceSeconds = 300): WebhookEvent {
  const id = headers["webhook-id"];
  const timestamp = Number(headers["webhook-timestamp"]);
  if (!id || !Number.isInteger(timestamp)) throw new Error("missing webhook headers");
  if (Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) throw new Error("timestamp outside the tolerance");
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest();
  const valid = String(headers["webhook-signature"] ?? "")
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"))
    .some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected));
  if (!valid) throw new Error("no valid signature");
  return JSON.parse(rawBody) as WebhookEvent;
}

// Snapshots soon after an edit; a failed delivery retried after 1 s, then 2 s. The receiver
// is on 127.0.0.1, a private target: allowed only by the development setting.
const bed = chromiumTestbed(
  { owner: "Owner" },
  {
    vars: {
      SNAPSHOT_DEBOUNCE_MS: "300",
      SNAPSHOT_MIN_INTERVAL_MS: "0",
      WEBHOOK_RETRY_BASE_SECONDS: "1",
      WEBHOOK_MAX_ATTEMPTS: "3",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "1",
    },
  },
);
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Paths whose next requests the receiver fails with 500, and how many. */
const failing = new Map<string, number>();
let ada: Account;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const fails = failing.get(path) ?? 0;
      if (fails > 0) failing.set(path, fails - 1);
      const status = fails > 0 ? 500 : 200;
      received.push({ path, headers: req.headers, body, status, at: Date.now() });
      res.writeHead(status).end(status === 500 ? "failing on purpose" : "ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  ada = await signUp(bed.server, "Ada");
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

const providers: WebsocketProvider[] = [];
afterEach(() => {
  providers.splice(0).forEach((p) => p.destroy());
});

async function api(path: string, method = "GET", body?: unknown): Promise<Response> {
  return fetch(`${bed.server.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Origin: bed.server.url, Cookie: ada.cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A room of Ada's with an endpoint on the receiver at a path of its own. */
async function roomWithEndpoint(events: string[]) {
  const room = `hooks-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await createRoom(bed.server, ada, room);
  const path = `/${room}`;
  const res = await api(`/api/rooms/${room}/webhooks`, "POST", { url: `${receiverUrl}${path}`, events });
  expect(res.status).toBe(201);
  const { webhook, secret } = (await res.json()) as { webhook: { id: string }; secret: string };
  return { room, path, hook: webhook.id, secret, requests: () => received.filter((r) => r.path === path) };
}

async function addMember(room: string): Promise<Account> {
  const member = await signUp(bed.server, "Member");
  await share(bed.server, ada, room, member.user.email, "editor");
  return member;
}

/**
 * Waits until the local queue has handled every message sent before it, with the deliveries
 * their fan-out sent: it hands out one batch at a time, in send order, so a probe event's
 * delivery (sent while the probe's batch runs) arrives after everything sent before the
 * probe was handled, and a second probe covers what that batch fanned out. Retries waiting
 * for their delay are not covered.
 */
async function queueDrained(): Promise<void> {
  const probe = await roomWithEndpoint(["member.added"]);
  for (const round of ["first", "second"]) {
    const member = await addMember(probe.room);
    const arrived = () => probe.requests().some((r) => (JSON.parse(r.body) as { data: { user: { id: string } } }).data.user.id === member.user.id);
    await until(arrived, `the ${round} probe event's delivery`, 15_000);
  }
}

describe("webhooks against wrangler dev", () => {
  it("delivers signed events to a local receiver: a new member, then an edit's snapshot", async () => {
    const { room, secret, requests } = await roomWithEndpoint(["member.added", "document.updated", "version.created"]);
    const bob = await addMember(room);
    await until(() => requests().length === 1, "the member.added delivery", 15_000);
    const added = verifyWebhook(secret, requests()[0]!.headers, requests()[0]!.body);
    expect(added).toMatchObject({ type: "member.added", room: { id: room }, data: { user: bob.user, role: "editor" } });
    // What the check catches: an altered body, another secret.
    expect(() => verifyWebhook(secret, requests()[0]!.headers, requests()[0]!.body.replace('"editor"', '"viewer"'))).toThrow("no valid signature");
    expect(() => verifyWebhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, requests()[0]!.headers, requests()[0]!.body)).toThrow("no valid signature");

    const client = connect(bed.server, bob, room);
    providers.push(client.provider);
    await until(() => client.provider.synced, "Bob's provider to sync");
    client.text.insert(0, "Hello, receivers");
    await until(() => requests().length === 3, "the snapshot's two events", 15_000);
    const events = requests()
      .slice(1)
      .map((r) => verifyWebhook(secret, r.headers, r.body));
    expect(events.map((e) => e.type).sort()).toEqual(["document.updated", "version.created"]);
    for (const event of events) expect(event).toMatchObject({ room: { id: room }, data: { seq: expect.any(Number) } });
  });

  it("retries after a failing receiver, signed afresh with the same webhook-id", async () => {
    const { room, path, hook, secret, requests } = await roomWithEndpoint(["member.added"]);
    failing.set(path, 1);
    await addMember(room);
    await until(() => requests().length === 2, "the retry", 20_000);
    const [first, second] = requests();
    expect([first!.status, second!.status]).toEqual([500, 200]);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    verifyWebhook(secret, second!.headers, second!.body);
    // The owner's delivery log records the attempt once the receiver has answered it.
    const log = async () =>
      ((await (await api(`/api/rooms/${room}/webhooks/${hook}/deliveries`)).json()) as { deliveries: Array<Record<string, unknown>> }).deliveries;
    await expect.poll(log, { timeout: 5_000 }).toEqual([expect.objectContaining({ type: "member.added", state: "delivered", attempts: 2, lastStatus: 200 })]);
  });

  it("delivers nothing after the endpoint is removed, not even a queued retry", async () => {
    const { room, path, hook, requests } = await roomWithEndpoint(["member.added"]);
    failing.set(path, 100);
    await addMember(room);
    await until(() => requests().length === 1, "the first, failing attempt", 15_000);
    expect((await api(`/api/rooms/${room}/webhooks/${hook}`, "DELETE")).status).toBe(204);
    await addMember(room);
    // The retry, due 1 s after the first attempt, finds the endpoint gone; then the new event's fan-out.
    const dropped = () =>
      bed.server
        .output()
        .split("\n")
        .some((line) => line.includes('"event":"webhook_delivery_dropped"') && line.includes(hook));
    await until(dropped, "the queued retry to be dropped", 15_000);
    await queueDrained();
    expect(requests()).toHaveLength(1);
  });
});

describe("the webhooks section of the share dialog, in Chromium", () => {
  it("lets the owner add an endpoint, shows its secret once, its deliveries, and removes it", async () => {
    const bob = await signUp(bed.server, "Bob");
    const { page } = bed.owner;
    await page.getByRole("button", { name: "New document" }).click();
    await page.waitForURL(/\/rooms\/[^/]+$/);
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Webhooks", { exact: true }).click();
    await expect.poll(() => dialog.getByRole("list", { name: "Webhooks" }).textContent()).toContain("No webhooks yet.");
    const path = `/browser-${Date.now()}`;
    await dialog.getByLabel("Webhook URL").fill(`${receiverUrl}${path}`);
    await dialog.getByLabel("document.updated").uncheck();
    await dialog.getByLabel("member.added").check();
    await dialog.getByRole("button", { name: "Add" }).click();
    const secret = (await dialog.getByLabel("Signing secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);

    await dialog.getByLabel("Email").fill(bob.user.email);
    await dialog.getByRole("button", { name: "Invite" }).click();
    await until(() => received.some((r) => r.path === path), "the delivery", 15_000);
    const request = received.find((r) => r.path === path)!;
    expect(verifyWebhook(secret, request.headers, request.body)).toMatchObject({ type: "member.added", data: { user: { email: bob.user.email } } });

    const deliveries = dialog.getByRole("list", { name: `Deliveries to ${receiverUrl}${path}` });
    await expect
      .poll(async () => {
        await dialog.getByRole("button", { name: "Refresh" }).click();
        return deliveries.textContent();
      })
      .toBe("member.added: delivered");
    await screenshot(page, "webhooks-share-dialog");
    // The secret is not shown again: the list never carries it.
    await page.reload();
    await page.getByRole("button", { name: "Share" }).click();
    await dialog.getByText("Webhooks", { exact: true }).click();
    await expect.poll(() => dialog.getByRole("list", { name: "Webhooks" }).textContent()).toContain(`${receiverUrl}${path}`);
    expect(await dialog.textContent()).not.toContain(secret);
    await dialog.getByRole("button", { name: `Remove webhook ${receiverUrl}${path}` }).click();
    await expect.poll(() => dialog.getByRole("list", { name: "Webhooks" }).textContent()).toContain("No webhooks yet.");
  });
});
