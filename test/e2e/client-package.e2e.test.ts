/**
 * @edge-rooms/client as an app in Node uses it, built (packages/client/dist) and against a real
 * `wrangler dev`: it signs in with email and password through the REST client, opens a room
 * with openRoom and converges with a stock y-websocket client; its save status goes "saving"
 * then "saved" on the room's durable acks; comments arrive as room events; presence shows the
 * other person; an expired access token (4401) is refreshed through the cookie jar and the
 * room goes on without ending; and a script with a bearer token writes into a room through it.
 */

import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { type DevServer, startDevServer } from "./dev-server";
import { connect, signUp, until } from "./http-client";

// The built package, as `npm run test:e2e` builds it before these tests (the source's types).
const DIST = new URL("../../packages/client/dist/index.js", import.meta.url).href;
type Package = typeof import("../../packages/client/src/index");

const TTL_SECONDS = 12;
/** An application's backend that mints tokens for its own users (docs/api.md, "External issuer"). */
const ISSUER_SECRET = "client-package-issuer-secret-0123456789abcdef";
const PASSWORD = "correct horse battery";

let server: DevServer;
let pkg: Package;

beforeAll(async () => {
  pkg = (await import(DIST)) as Package;
  server = await startDevServer({ vars: { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS), AUTH_ISSUER_SECRET: ISSUER_SECRET } });
});
afterAll(async () => {
  await server?.stop();
});

/** An account made with the package's signup, then a fresh client signed in with its password. */
async function signedInClient(name: string) {
  const email = `${name.toLowerCase()}-${Date.now()}@example.com`;
  await pkg.createClient({ baseUrl: server.url }).auth.signup({ email, name, password: PASSWORD });
  const client = pkg.createClient({ baseUrl: server.url });
  const user = await client.auth.login({ email, password: PASSWORD });
  return { client, user };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

describe("the client package in Node against wrangler dev", () => {
  it("signs in, opens a room, and converges with a stock client, saving then saved", async () => {
    const { client, user } = await signedInClient("Ada");
    // An account of this server says whether its address is proven (this one never followed the link).
    expect(await client.auth.me()).toEqual({ ...user, emailVerified: false, hasPassword: true });
    // Access tokens live 12 s here: Bob's stock client signs up when it is needed.
    const bob = await signUp(server, "Bob");
    const roomId = `pkg-${Date.now()}`;
    const created = await client.rooms.create({ id: roomId, title: "Package", kind: "document" });
    expect(created).toMatchObject({ id: roomId, title: "Package", role: "owner" });
    await client.members.put(roomId, { email: bob.user.email, role: "editor" });

    const missing = await client.rooms.get("no-such-room").catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(pkg.ApiError);
    expect(missing).toMatchObject({ status: 404, code: "room_not_found" });

    // Signed out: the next request finds no session to refresh, says so, and throws 401.
    let signedOut = 0;
    const leaving = pkg.createClient({ baseUrl: server.url, onSignedOut: () => signedOut++ });
    await leaving.auth.login({ email: user.email!, password: PASSWORD });
    await leaving.auth.logout();
    await expect(leaving.auth.me()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(signedOut).toBe(1);

    const doc = new Y.Doc();
    const room = pkg.openRoom(roomId, { doc, client, incarnation: created.incarnation, WebSocket });
    const saves: string[] = [];
    const events: string[] = [];
    room.on("save", (state) => saves.push(state));
    room.on("event", (event) => events.push(event.type));
    room.presence.setUser({ id: user.id, name: user.name, color: "#ee6666" });
    const stock = connect(server, bob, roomId);
    stock.provider.awareness.setLocalStateField("user", { id: bob.user.id, name: "Bob", color: "#3366ee" });
    try {
      await until(() => room.connection === "connected" && room.provider.synced, "the package's room to connect");

      doc.getText("content").insert(0, "from the package");
      await until(() => stock.text.toString() === "from the package", "the stock client to receive the edit");
      await until(() => room.save === "saved", "the edit to be acknowledged as stored");
      expect(saves).toEqual(["saving", "saved"]);

      stock.text.insert(0, "stock: ");
      await until(() => doc.getText("content").toString() === "stock: from the package", "the package to receive the stock client's edit");

      await until(() => room.presence.others().some((p) => p.id === bob.user.id), "Bob's presence");
      expect(room.presence.others()).toEqual([{ id: bob.user.id, name: "Bob", color: "#3366ee" }]);

      const text = doc.getText("content");
      const anchor = {
        start: base64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 0))),
        end: base64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 5, -1))),
      };
      const thread = await client.threads.create(roomId, { anchor, quote: "stock", body: "A comment" });
      await until(() => events.includes("thread.created"), "the thread's room event");
      expect((await client.threads.all(roomId)).map((t) => t.id)).toEqual([thread.id]);
      expect(room.ending).toBeNull();
    } finally {
      room.destroy();
      stock.provider.destroy();
    }
  });

  it("refreshes an expired session through its cookie jar, for the socket and for requests, and goes on without ending", async () => {
    const { client, user } = await signedInClient("Cyd");
    // A second session of the same account that only makes requests.
    const requests = pkg.createClient({ baseUrl: server.url });
    await requests.auth.login({ email: user.email!, password: PASSWORD });
    const roomId = `pkg-expiry-${Date.now()}`;
    await client.rooms.create({ id: roomId });
    const doc = new Y.Doc();
    const room = pkg.openRoom(roomId, { doc, client, WebSocket });
    const closes: Array<number | undefined> = [];
    room.provider.on("connection-close", (event) => closes.push(event?.code));
    try {
      await until(() => room.connection === "connected", "the room to connect");
      // The room closes the socket with 4401 when its access token expires.
      await until(() => closes.includes(pkg.CLOSE.sessionExpired.code), "the token to expire", (TTL_SECONDS + 20) * 1000);
      await until(() => room.connection === "connected", "the room to reconnect with a refreshed token", 20_000);
      doc.getText("content").insert(0, "after the refresh");
      await until(() => room.save === "saved", "the edit after the refresh to be stored", 20_000);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, await client.content.get(roomId));
      expect(copy.getText("content").toString()).toBe("after the refresh");
      expect((await client.content.getJson(roomId)).content).toBe("after the refresh");
      expect(room.ending).toBeNull();
      // The other session's access token expired as well: its request is refreshed and retried.
      expect((await requests.rooms.list()).map((r) => r.id)).toEqual([roomId]);
    } finally {
      room.destroy();
    }
  }, 90_000);

  it("writes into a room as a script with a bearer token, on requests and on the socket", async () => {
    const { client: owner } = await signedInClient("Dee");
    const roomId = `pkg-token-${Date.now()}`;
    await owner.rooms.create({ id: roomId });
    // Access tokens live 12 s here: a reader signed up now, whose cookie still works.
    const reader = await signUp(server, "Eve");
    await owner.members.put(roomId, { email: reader.user.email, role: "viewer" });
    // The script's user has no email to be added by: the room lets anyone signed in edit.
    // (A token's `rooms` grant would open the app's own room of that id instead: docs/api.md.)
    await owner.rooms.update(roomId, { generalAccess: "editor" });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ name: "Script" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("external")
      .setAudience("edge-rooms")
      .setSubject("script-1")
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(ISSUER_SECRET));
    const script = pkg.createClient({ baseUrl: server.url, auth: { token } });
    expect(await script.auth.me()).toEqual({ id: "ext:script-1", name: "Script" });

    // A stock client, which shares no BroadcastChannel with the script's provider.
    const stock = connect(server, reader, roomId);
    const doc = new Y.Doc();
    const room = pkg.openRoom(roomId, { doc, client: script, WebSocket });
    try {
      await until(() => room.connection === "connected", "the script's socket to open with its token");
      doc.getText("content").insert(0, "written by a script");
      await until(() => room.save === "saved", "the script's edit to be stored");
      await until(() => stock.text.toString() === "written by a script", "the reader to receive it");
      expect((await owner.content.getJson(roomId)).content).toBe("written by a script");
    } finally {
      room.destroy();
      stock.provider.destroy();
    }
  });
});
