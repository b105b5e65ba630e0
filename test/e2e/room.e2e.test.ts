import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { type ProviderLike, trackSaves } from "../../packages/client/src/save-status";
import { type DevServer, startDevServer } from "./dev-server";
import { type Account, connect, createRoom, share, signUp, until, upgradeStatus } from "./http-client";

let server: DevServer;
let ada: Account;
let bob: Account;
beforeAll(async () => {
  server = await startDevServer();
  ada = await signUp(server, "Ada");
  bob = await signUp(server, "Bob");
});
afterAll(async () => {
  await server?.stop();
});

const providers: WebsocketProvider[] = [];
const open = (account: Account, room: string) => {
  const client = connect(server, account, room);
  providers.push(client.provider);
  return client;
};
afterEach(() => {
  providers.splice(0).forEach((p) => p.destroy());
});

const names = (p: WebsocketProvider) => [...p.awareness.getStates().entries()].filter(([id]) => id !== p.awareness.clientID).map(([, s]) => s.user?.name);

describe("stock y-websocket clients against wrangler dev", () => {
  it("two signed-up users share a room: sync, presence, offline edits and reconnection converge", async () => {
    const room = `e2e-${Date.now()}`;
    await createRoom(server, ada, room);
    await share(server, ada, room, bob.user.email, "editor");
    const a = open(ada, room);
    const b = open(bob, room);
    await until(() => a.provider.synced && b.provider.synced, "both providers to sync");

    a.text.insert(0, "Hello from Ada. ");
    b.text.insert(0, "Hi from Bob. ");
    await until(() => a.text.toString() === b.text.toString() && a.text.length > 20, "concurrent edits to converge");
    expect(a.text.toString()).toContain("Hello from Ada.");
    expect(a.text.toString()).toContain("Hi from Bob.");
    await until(() => names(a.provider).includes("Bob") && names(b.provider).includes("Ada"), "presence both ways");

    // Bob goes offline: his cursor disappears for Ada; both keep editing.
    b.provider.disconnect();
    await until(() => !names(a.provider).includes("Bob"), "Bob's presence to be removed");
    a.text.insert(a.text.length, "Ada online. ");
    b.text.insert(b.text.length, "Bob offline. ");
    b.provider.connect();
    await until(() => b.provider.synced && a.text.toString() === b.text.toString() && a.text.toString().includes("Bob offline."), "offline edits to merge");
    expect(b.text.toString()).toContain("Ada online.");
    await until(() => names(a.provider).includes("Bob"), "Bob's presence to return");

    // A late joiner gets everything that was stored.
    const late = open(ada, room);
    await until(() => late.provider.synced && late.text.toString() === a.text.toString(), "a late joiner to get the document");
  });

  it("refuses a user without a role, a socket without cookies, and a foreign origin", async () => {
    const room = `private-${Date.now()}`;
    await createRoom(server, ada, room);
    const stranger = await signUp(server, "Eve");
    const url = `${server.wsUrl}/rooms/${room}`;
    expect(await upgradeStatus(url, { Cookie: stranger.cookie, Origin: server.url })).toBe(403);
    expect(await upgradeStatus(url, { Origin: server.url })).toBe(401);
    expect(await upgradeStatus(url, { Cookie: ada.cookie, Origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(url, { Cookie: ada.cookie, Origin: server.url })).toBe(101);
  });

  it("stores a burst of edits from several clients in few writes, every edit relayed and stored", async () => {
    const room = `burst-${Date.now()}`;
    await createRoom(server, ada, room);
    const writers = [open(ada, room), open(ada, room), open(ada, room)];
    const observer = open(ada, room);
    await until(() => [...writers, observer].every((c) => c.provider.synced), "sync");
    // One frame per keystroke, as an editor sends them; 60 in all, at once.
    writers.forEach((w, i) => {
      for (let k = 0; k < 20; k++) w.text.insert(w.text.length, String(i));
    });
    await until(() => observer.text.length === 60, "all sixty edits at the observer");
    const res = await fetch(`${server.url}/api/rooms/${room}/stats`, { headers: { Cookie: ada.cookie } });
    const { stats } = (await res.json()) as { stats: { seq: number; writes: number; editsWritten: number } };
    expect(stats.seq).toBe(60);
    expect(stats.editsWritten).toBe(60);
    // Edits that reached the room together share one write (one transaction).
    expect(stats.writes).toBeLessThan(60);
    const late = open(ada, room);
    await until(() => late.provider.synced && late.text.toString() === observer.text.toString(), "a late joiner to get every edit");
  });

  it("keeps the document across a server restart on the same state", async () => {
    const room = `restart-${Date.now()}`;
    await createRoom(server, ada, room);
    const a = open(ada, room);
    await until(() => a.provider.synced, "sync");
    a.text.insert(0, "survives restarts");
    const probe = open(ada, room);
    await until(() => probe.text.toString() === "survives restarts", "the edit to be relayed (stored first)");
    providers.splice(0).forEach((p) => p.destroy());
    await server.stop({ keepState: true });
    server = await startDevServer({ stateDir: server.stateDir });
    const fresh = open(ada, room);
    await until(() => fresh.provider.synced, "sync after restart");
    expect(fresh.text.toString()).toBe("survives restarts");
  });
});

describe("a truthful save indicator over a stock provider", () => {
  it("goes saving → saved per edit, unsaved while offline, and saved once the room stored the offline edits", async () => {
    const room = `saves-${Date.now()}`;
    await createRoom(server, ada, room);
    const client = connect(server, ada, room, { params: { acks: "1" } });
    providers.push(client.provider);
    const states: string[] = [];
    const saves = trackSaves(client.provider as unknown as ProviderLike, (s) => states.push(s));
    await until(() => client.provider.synced && saves.state === "saved" && saves.seq === 0, "the first save state");

    client.text.insert(0, "typed online");
    expect(saves.state).toBe("saving");
    await until(() => saves.state === "saved", "the edit to be acknowledged");
    expect(saves.seq).toBe(1);

    client.provider.disconnect();
    client.text.insert(0, "typed offline, ");
    expect(saves.state).toBe("unsaved");
    client.provider.connect();
    await until(() => saves.state === "saved", "the offline edit to be acknowledged after reconnecting");
    expect(saves.seq).toBe(2);
    // Connecting with nothing of mine pending never shows "saving".
    expect(states).toEqual(["saving", "saved", "unsaved", "saving", "saved"]);

    // What was acknowledged is what a fresh client gets.
    const fresh = open(ada, room);
    await until(() => fresh.provider.synced, "a fresh client to sync");
    expect(fresh.text.toString()).toBe("typed offline, typed online");
    saves.destroy();
  });
});
