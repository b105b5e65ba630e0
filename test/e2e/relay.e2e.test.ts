/**
 * A hot room through relays, against `wrangler dev` with a low threshold: stock y-websocket
 * clients, unchanged, on the room and on relays, share a document, acks and presence.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { type DevServer, startDevServer } from "./dev-server";
import { type Account, connect, createRoom, share, signUp, until } from "./http-client";

let server: DevServer;
let ada: Account;
let bob: Account;
beforeAll(async () => {
  // One socket on the room, then relays of two sockets each.
  server = await startDevServer({ vars: { RELAY_THRESHOLD: "1", RELAY_MAX_SOCKETS: "2" } });
  ada = await signUp(server, "Ada");
  bob = await signUp(server, "Bob");
});
afterAll(async () => {
  await server?.stop();
});

const providers: WebsocketProvider[] = [];
afterEach(() => {
  providers.splice(0).forEach((p) => p.destroy());
});

const names = (p: WebsocketProvider) => [...p.awareness.getStates().entries()].filter(([id]) => id !== p.awareness.clientID).map(([, s]) => s.user?.name);

async function tier(room: string) {
  const res = await fetch(`${server.url}/api/rooms/${room}/stats`, { headers: { Cookie: ada.cookie, Origin: server.url } });
  return ((await res.json()) as { stats: { connections: number; tier: { relays: number; relaySockets: number; maxLag: number } } }).stats;
}

describe("stock y-websocket clients through relays", () => {
  it("sync, edit, see each other and reconnect as on the room", async () => {
    const room = `hot-${Date.now()}`;
    await createRoom(server, ada, room);
    await share(server, ada, room, bob.user.email, "editor");
    const clients: Array<ReturnType<typeof connect>> = [];
    for (const [i, account] of [ada, bob, ada, bob, ada].entries()) {
      const client = connect(server, account, room, { params: { tab: `tab-${i}` } });
      providers.push(client.provider);
      clients.push(client);
      await until(() => client.provider.synced, `client ${i} to sync`);
    }
    const stats = await tier(room);
    expect(stats.connections).toBe(1);
    expect(stats.tier.relays).toBeGreaterThanOrEqual(2);

    clients.forEach((c, i) => c.text.insert(0, `[${i}]`));
    const same = () => clients.every((c) => c.text.toString() === clients[0]!.text.toString() && c.text.length === 15);
    await until(same, "every edit everywhere");
    await until(() => clients.every((c) => names(c.provider).includes("Ada") && names(c.provider).includes("Bob")), "everyone's presence");

    // A client on a relay goes away and comes back: its edits made offline merge.
    const away = clients[3]!;
    away.provider.disconnect();
    away.text.insert(0, "offline ");
    clients[0]!.text.insert(0, "online ");
    away.provider.connect();
    await until(
      () => clients.every((c) => c.text.toString() === clients[0]!.text.toString() && c.text.toString().includes("offline ")),
      "offline edits to merge",
    );
    // Every relay confirmed every stored update.
    const deadline = Date.now() + 10_000;
    while ((await tier(room)).tier.maxLag !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await tier(room)).tier.maxLag).toBe(0);
  });
});
