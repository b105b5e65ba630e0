/**
 * The room's sockets (src/room/sockets.ts) on a real Durable Object: a Sockets of the test's
 * own over sockets accepted on a fresh room object (accepted-sockets.ts).
 */
import { describe, expect, it } from "vitest";
import { attachmentOf } from "../../src/room/attachment";
import { RoomMetrics } from "../../src/room/metrics";
import { Sockets } from "../../src/room/sockets";
import { CLOSE } from "../../src/wire/close-codes";
import { type AcceptedSockets, withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";

const NOW = Date.now();

/** A Sockets of the test's own over sockets accepted on a fresh room object, with what it reports. */
function withSockets(
  test: (parts: { sockets: Sockets; metrics: RoomMetrics; left: Array<[WebSocket, number]>; open: AcceptedSockets["open"] }) => Promise<void> | void,
) {
  return withAcceptedSockets(({ state, attachments, open }) => {
    const metrics = new RoomMetrics();
    const left: Array<[WebSocket, number]> = [];
    const sockets = new Sockets(state, attachments, metrics, (ws, code) => left.push([ws, code]));
    return test({ sockets, metrics, left, open });
  });
}

describe("Sockets", () => {
  it("lists the accepted sockets, counts them per user, and tells whether others are open", () =>
    withSockets(({ sockets, open }) => {
      const [a1, a2, b] = [open("ada"), open("ada"), open("bob")];
      expect(sockets.all()).toHaveLength(3);
      expect([sockets.ofUser("ada"), sockets.ofUser("bob"), sockets.ofUser("carol")]).toEqual([2, 1, 0]);
      expect(sockets.othersOpen(a1.server)).toBe(true);
      a2.server.close(1000, "bye");
      b.server.close(1000, "bye");
      expect(sockets.othersOpen(a1.server)).toBe(false);
    }));

  it("sends to one socket and broadcasts to all but one, counting what went out", () =>
    withSockets(async ({ sockets, metrics, open }) => {
      const [a, b, c] = [open("ada"), open("bob"), open("carol")];
      sockets.send(a.server, Uint8Array.of(1, 2));
      sockets.broadcast(Uint8Array.of(3), b.server);
      await eventually(() => a.frames.length === 2 && c.frames.length === 1, "the frames to arrive");
      expect(a.frames).toEqual([[1, 2], [3]]);
      expect(c.frames).toEqual([[3]]);
      expect(b.frames).toEqual([]);
      expect([metrics.messagesOut, metrics.bytesOut]).toEqual([3, 4]);
    }));

  it("does not throw or count a send to a socket that is closing", () =>
    withSockets(({ sockets, metrics, open }) => {
      const a = open("ada");
      a.server.close(1000, "bye");
      expect(() => sockets.send(a.server, Uint8Array.of(1))).not.toThrow();
      expect(metrics.messagesOut).toBe(0);
    }));

  it("keeps the awareness ids a socket owns in its attachment, where a wake-up finds them", () =>
    withSockets(({ sockets, open }) => {
      const a = open("ada");
      expect(sockets.owned(a.server)).toEqual({});
      sockets.saveOwned(a.server, { "17": 3 });
      expect(sockets.owned(a.server)).toEqual({ "17": 3 });
      expect(attachmentOf(a.server).awareness).toEqual({ "17": 3 });
      expect(attachmentOf(a.server).user.id).toBe("ada");
    }));

  it("rejects a socket with the room's close code, telling its owner first and counting the reason", () =>
    withSockets(async ({ sockets, metrics, left, open }) => {
      const [a, b] = [open("ada"), open("bob")];
      sockets.reject(a.server, CLOSE.documentTooLarge);
      expect(left).toEqual([[a.server, CLOSE.documentTooLarge.code]]);
      expect(metrics.closes).toEqual({ [CLOSE.documentTooLarge.reason]: 1 });
      await eventually(() => a.closed !== undefined, "the close to arrive");
      expect(a.closed).toEqual(CLOSE.documentTooLarge);
      expect(b.closed).toBeUndefined();
      // Rejecting one that is closing already does not throw.
      expect(() => sockets.reject(a.server, CLOSE.invalidMessage)).not.toThrow();
    }));

  it("closes only the sockets of ended sessions, with 4401", () =>
    withSockets(async ({ sockets, left, open }) => {
      const [ended, kept, external] = [open("ada", { session: "s1" }), open("ada", { session: "s2" }), open("app-user")];
      sockets.closeSessions(["s1", "s3"]);
      expect(left.map(([ws]) => ws)).toEqual([ended.server]);
      await eventually(() => ended.closed !== undefined, "the close to arrive");
      expect(ended.closed).toEqual(CLOSE.sessionExpired);
      expect(Sockets.isOpen(kept.server)).toBe(true);
      expect(Sockets.isOpen(external.server)).toBe(true);
    }));

  it("closes the sockets whose access expired and answers when the next one does", () =>
    withSockets(async ({ sockets, open }) => {
      const inSeconds = (s: number) => ({ expiresAt: NOW / 1000 + s });
      const [gone, soon, later] = [open("ada", inSeconds(-1)), open("bob", inSeconds(60)), open("carol", inSeconds(120))];
      expect(sockets.closeExpired(NOW)).toBe(NOW + 60_000);
      await eventually(() => gone.closed !== undefined, "the close to arrive");
      expect(gone.closed).toEqual(CLOSE.sessionExpired);
      expect([Sockets.isOpen(soon.server), Sockets.isOpen(later.server)]).toEqual([true, true]);
      // At the moment a token expires, its socket goes.
      expect(sockets.closeExpired(NOW + 60_000)).toBe(NOW + 120_000);
      expect(Sockets.isOpen(soon.server)).toBe(false);
      expect(sockets.closeExpired(NOW + 120_000)).toBe(Infinity);
    }));
});
