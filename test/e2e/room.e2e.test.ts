import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type DevServer, startDevServer } from "./dev-server";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer();
});
afterAll(async () => {
  await server?.stop();
});

const providers: WebsocketProvider[] = [];
function connect(room: string, name: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.wsUrl}/rooms`, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.awareness.setLocalStateField("user", { name });
  providers.push(provider);
  return { doc, provider, text: doc.getText("content") };
}

function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

const names = (p: WebsocketProvider) =>
  [...p.awareness.getStates().entries()].filter(([id]) => id !== p.awareness.clientID).map(([, s]) => s.user?.name);

describe("stock y-websocket clients against wrangler dev", () => {
  afterAll(() => providers.forEach((p) => p.destroy()));

  it("sync, presence, offline edits and reconnection converge", async () => {
    const room = `e2e-${Date.now()}`;
    const a = connect(room, "Ada");
    const b = connect(room, "Bob");
    await until(() => a.provider.synced && b.provider.synced, "both providers to sync");

    a.text.insert(0, "Hello from Ada. ");
    b.text.insert(0, "Hi from Bob. ");
    await until(() => a.text.length === b.text.length && a.text.toString() === b.text.toString() && a.text.length > 20, "concurrent edits to converge");
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
    const c = connect(room, "Cy");
    await until(() => c.provider.synced && c.text.toString() === a.text.toString(), "a late joiner to get the document");
  });

  it("keeps the document across a server restart on the same state", async () => {
    const room = `restart-${Date.now()}`;
    const a = connect(room, "Ada");
    await until(() => a.provider.synced, "sync");
    a.text.insert(0, "survives restarts");
    const probe = connect(room, "Probe");
    await until(() => probe.text.toString() === "survives restarts", "the edit to be relayed (stored first)");
    providers.forEach((p) => p.destroy());
    providers.length = 0;
    await server.stop({ keepState: true });
    server = await startDevServer({ stateDir: server.stateDir });
    const fresh = connect(room, "Fresh");
    await until(() => fresh.provider.synced, "sync after restart");
    expect(fresh.text.toString()).toBe("survives restarts");
  });
});
