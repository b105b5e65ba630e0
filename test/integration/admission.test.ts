/**
 * A socket's arrival and departure (src/room/admission.ts) with a room's real parts on a fresh
 * room object (room-parts.ts): what `admit` refuses or hands on, in its order; what `accept`
 * sets up; what `depart` forgets. Alarms are deleted before each test ends, so the object's
 * own Room never runs one.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { RoomAccess } from "../../src/auth/access";
import { accept, admit, depart } from "../../src/room/admission";
import { attachmentOf } from "../../src/room/attachment";
import { readMessage } from "../../src/wire/protocol";
import { withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";
import { type RoomParts, roomParts } from "./room-parts";

const HOUR = 3_600;
const access = (user = "ada"): RoomAccess => ({ room: "r", user: { id: user, name: user }, role: "editor", expiresAt: Math.floor(Date.now() / 1000) + HOUR });
const params = (query = "") => new URLSearchParams(query);
const errorOf = async (res: Response | null) => {
  expect(res).not.toBeNull();
  return { status: res!.status, retryAfter: res!.headers.get("Retry-After"), code: ((await res!.json()) as { error: { code: string } }).error.code };
};

/** Runs `test` with a room's parts on a fresh object; `limits` as in roomParts. */
const withParts = (test: (parts: RoomParts, open: (user: string) => WebSocket, state: DurableObjectState) => Promise<void>, limits = {}) =>
  withAcceptedSockets(async ({ state, attachments, open }) => {
    try {
      await test(roomParts(state, attachments, `admission-${crypto.randomUUID()}`, limits), (user) => open(user).server, state);
    } finally {
      await state.storage.deleteAlarm();
    }
  });

describe("admit", () => {
  it("takes an upgrade itself while the room has space (null: no refusal)", () =>
    withParts(async ({ admission }) => {
      expect(await admit(admission, access(), params())).toBeNull();
    }));

  it("refuses an upgrade to a room deleted meanwhile with 404", () =>
    withParts(async ({ admission, store }) => {
      store.log.setDeleted(true);
      expect(await errorOf(await admit(admission, access(), params()))).toMatchObject({ status: 404, code: "room_not_found" });
    }));

  it("answers 503 with Retry-After when the room's storage cannot be readied", () =>
    withParts(async ({ admission }) => {
      const failing = { ...admission, ready: () => Promise.reject(new Error("R2 is down")) };
      expect(await errorOf(await admit(failing, access(), params()))).toEqual({ status: 503, retryAfter: "10", code: "unavailable" });
    }));

  it("refuses a user's socket past MAX_CONNECTIONS_PER_USER with 429, while others still get in", () =>
    withParts(
      async ({ admission }, open) => {
        open("ada");
        open("ada");
        expect(await errorOf(await admit(admission, access("ada"), params()))).toEqual({ status: 429, retryAfter: "30", code: "too_many_connections" });
        expect(await admit(admission, access("bob"), params())).toBeNull();
      },
      { maxConnectionsPerUser: 2 },
    ));

  it("refuses anyone once the room holds MAX_CONNECTIONS_PER_ROOM sockets with 503", () =>
    withParts(
      async ({ admission }, open) => {
        open("ada");
        open("bob");
        expect(await errorOf(await admit(admission, access("carol"), params()))).toEqual({ status: 503, retryAfter: "30", code: "room_full" });
      },
      { maxConnections: 2 },
    ));
});

describe("accept", () => {
  it("answers 101 with a socket that first hears the stored document's state vector", () =>
    withParts(async ({ admission, store, edit }) => {
      edit("hello");
      const res = await accept(admission, access(), params());
      expect(res.status).toBe(101);
      const client = res.webSocket!;
      const frames: Uint8Array[] = [];
      client.binaryType = "arraybuffer";
      client.addEventListener("message", (e) => {
        frames.push(new Uint8Array(e.data as ArrayBuffer));
      });
      client.accept();
      await eventually(() => frames.length > 0, "the first frame");
      expect(readMessage(frames[0]!)).toEqual({ kind: "sync-step1", stateVector: Y.encodeStateVector(store.stored()) });
      client.close(1000, "done");
    }));

  it("keeps the verified access and the options asked for in the socket's attachment, counts it, and sets the alarm for its expiry", () =>
    withParts(async ({ admission, sockets, metrics }, _open, state) => {
      const who = access();
      const res = await accept(admission, who, params("acks=1&events=1"));
      const [server] = sockets.all();
      expect(attachmentOf(server!)).toMatchObject({ ...who, awareness: {}, acks: true, events: true, connection: { updates: 0, bytes: 0 } });
      expect(metrics.socketsOpened).toBe(1);
      expect(await state.storage.getAlarm()).toBe(who.expiresAt * 1000);
      res.webSocket!.accept();
      res.webSocket!.close(1000, "done");
    }));

  it("leaves acks and events off unless asked for with 1", () =>
    withParts(async ({ admission, sockets }) => {
      const res = await accept(admission, access(), params("acks=true&events=0"));
      expect(attachmentOf(sockets.all()[0]!)).toMatchObject({ acks: false, events: false });
      res.webSocket!.accept();
      res.webSocket!.close(1000, "done");
    }));
});

describe("depart", () => {
  it("records an idle data point only when the last socket leaves, and only once per socket", () =>
    withParts(async ({ admission, records }, open) => {
      const [a, b] = [open("ada"), open("bob")];
      a.close(1000, "bye");
      depart(admission, a, 1000);
      expect(records).toEqual([]);
      b.close(1000, "bye");
      depart(admission, b, 1000);
      depart(admission, b, 1006);
      expect(records).toEqual(["idle"]);
      expect(attachmentOf(b).connection.ended).toBe(true);
    }));
});
