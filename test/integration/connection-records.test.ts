/**
 * The connection history (src/room/connection-records.ts) on a real room object's sockets
 * (accepted-sockets.ts) and the real D1: a row when a socket opens, completed once when it
 * closes, and a failing D1 that is logged, never felt by the socket.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { attachmentOf } from "../../src/room/attachment";
import { ConnectionRecords } from "../../src/room/connection-records";
import type { ConnectionRow } from "../../src/storage/connections";
import { withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";

const rowOf = (id: string) => env.DB.prepare("SELECT * FROM connections WHERE id = ?").bind(id).first<ConnectionRow>();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ConnectionRecords", () => {
  it("records a socket when it opens and completes the record once, with its close code and what it sent", () =>
    withAcceptedSockets(async ({ state, attachments, open }) => {
      const room = `records-${crypto.randomUUID()}`;
      const records = new ConnectionRecords(room, state, () => env.DB, attachments);
      const { server } = open("ada", { role: "viewer" });
      const { id } = attachments.get(server).connection;
      records.opened(server);
      await eventually(async () => (await rowOf(id)) !== null, "the opened row");
      expect(await rowOf(id)).toMatchObject({ room_id: room, user_id: "ada", role: "viewer", disconnected_at: null, close_code: null });

      records.counted(server, 10);
      records.counted(server, 5);
      expect(records.closed(server, 4409)).toBe(true);
      await eventually(async () => (await rowOf(id))?.close_code === 4409, "the completed row");
      expect(await rowOf(id)).toMatchObject({ updates: 2, bytes: 15, disconnected_at: expect.any(Number) });
      // A socket leaves once: the runtime's close event after the room's own close is no second leave.
      expect(records.closed(server, 1006)).toBe(false);
      expect(attachmentOf(server).connection.ended).toBe(true);
    }));

  it("counts every edit in memory and writes the count through to the attachment every 32", () =>
    withAcceptedSockets(({ state, attachments, open }) => {
      const records = new ConnectionRecords("r", state, () => env.DB, attachments);
      const { server } = open("ada");
      for (let i = 0; i < 31; i++) records.counted(server, 2);
      expect(attachments.get(server).connection).toMatchObject({ updates: 31, bytes: 62 });
      // What a wake-up after hibernation would read.
      expect(attachmentOf(server).connection).toMatchObject({ updates: 0, bytes: 0 });
      records.counted(server, 2);
      expect(attachmentOf(server).connection).toMatchObject({ updates: 32, bytes: 64 });
    }));

  it("logs a failed write of the history and goes on", () =>
    withAcceptedSockets(async ({ state, attachments, open }) => {
      const warnings: string[] = [];
      vi.spyOn(console, "warn").mockImplementation((line: string) => warnings.push(line));
      const failing = new Proxy(env.DB, {
        get: (target, prop) =>
          prop === "prepare"
            ? () => {
                throw new Error("D1 is down");
              }
            : Reflect.get(target, prop),
      });
      const records = new ConnectionRecords("r", state, () => failing, attachments);
      const { server } = open("ada");
      expect(() => records.opened(server)).not.toThrow();
      expect(records.closed(server, 1000)).toBe(true);
      await eventually(() => warnings.filter((w) => w.includes('"connection_record_failed"')).length === 2, "both failures logged");
    }));
});
