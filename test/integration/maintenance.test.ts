/**
 * The room's maintenance (src/room/maintenance.ts) on a real room object's storage, R2 and D1:
 * a store and snapshots of the test's own, the alarm read back from storage. Alarms are set
 * an hour or more ahead (or deleted), so the object's own Room never runs one.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { SnapshotPolicy } from "../../src/config";
import { DocumentStore } from "../../src/room/document-store";
import { Maintenance } from "../../src/room/maintenance";
import { Snapshots } from "../../src/room/snapshots";
import { listVersions } from "../../src/storage/versions";
import { ManualClock } from "../unit/manual-clock";
import { type AcceptedSockets, withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";

const HOUR = 3_600_000;
const POLICY: SnapshotPolicy = { debounceMs: 10_000, maxIntervalMs: 5 * 60_000, minIntervalMs: 0, retryMs: 5_000 };
const LIMITS = { maxDocumentBytes: 1_000_000, maxPendingBytes: 100_000, syncFrameBytes: 1_000_000 };

/** A room's parts for maintenance on `state`, for the room `room`; `edit` integrates one edit, `ms` after the last. */
function parts(state: DurableObjectState, room: string, compactMaxRows = 100) {
  const clock = new ManualClock();
  const store = new DocumentStore<string>(state.storage, LIMITS, { relay: () => {}, written: () => {}, lost: () => {}, refused: () => {} }, clock);
  const snapshots = new Snapshots(
    room,
    () => env,
    () => store.log,
    POLICY,
  );
  const maintenance = new Maintenance(state, store, snapshots, { compactMaxRows, compactMaxBytes: 1_000_000 });
  const writer = new Y.Doc();
  const edit = (text: string, ms = 10) => {
    clock.advance(ms);
    const before = Y.encodeStateVector(writer);
    writer.getText("t").insert(0, text);
    store.integrate(Y.encodeStateAsUpdate(writer, before), "a");
  };
  return { store, snapshots, maintenance, edit };
}

/** Runs `test` on a fresh room object's state, and deletes the alarm it leaves. */
const withRoom = (test: (sockets: AcceptedSockets, room: string) => Promise<void>) =>
  withAcceptedSockets(async (sockets) => {
    try {
      await test(sockets, `maintenance-${crypto.randomUUID()}`);
    } finally {
      await sockets.state.storage.deleteAlarm();
    }
  });

describe("Maintenance", () => {
  it("keeps the earliest alarm it was asked for", () =>
    withRoom(async ({ state }, room) => {
      const { maintenance } = parts(state, room);
      const t = Date.now() + HOUR;
      await maintenance.schedule(t + 2_000);
      await maintenance.schedule(t + 3_000);
      expect(await state.storage.getAlarm()).toBe(t + 2_000);
      await maintenance.schedule(t + 1_000);
      expect(await state.storage.getAlarm()).toBe(t + 1_000);
    }));

  it("plans a snapshot for written edits, at once when the last person left, and none with nothing new", () =>
    withRoom(async ({ state }, room) => {
      const { maintenance, edit } = parts(state, room);
      const t = Date.now() + HOUR;
      maintenance.lastLeft(t);
      expect(await state.storage.getAlarm()).toBeNull();
      edit("hello");
      // Nobody connected: the snapshot is due at once.
      maintenance.written(t);
      await eventually(async () => (await state.storage.getAlarm()) === t, "the alarm for the snapshot");
      await state.storage.deleteAlarm();
      maintenance.lastLeft(t + 1_000);
      await eventually(async () => (await state.storage.getAlarm()) === t + 1_000, "the alarm after the last left");
    }));

  it("sets the alarm for a snapshot once while people edit, until the alarm has run", () =>
    withRoom(async ({ state, open }, room) => {
      const { maintenance, edit } = parts(state, room);
      open("ada");
      const t = Date.now() + HOUR;
      edit("a");
      maintenance.written(t);
      // Someone is connected: the snapshot waits for editing to settle.
      await eventually(async () => (await state.storage.getAlarm()) === t + POLICY.debounceMs, "the debounced alarm");
      await state.storage.deleteAlarm();
      edit("b");
      maintenance.written(t + 1);
      await maintenance.schedule(t + 2 * HOUR);
      expect(await state.storage.getAlarm()).toBe(t + 2 * HOUR);
      maintenance.forgetPlan();
      edit("c");
      maintenance.written(t + 2);
      await eventually(async () => (await state.storage.getAlarm()) === t + 2 + POLICY.debounceMs, "the alarm planned again");
    }));

  it("sets the alarm at once when the log is due for compaction", () =>
    withRoom(async ({ state }, room) => {
      const { maintenance, edit } = parts(state, room, 2);
      const t = Date.now() + HOUR;
      edit("a");
      edit("b");
      maintenance.written(t);
      await eventually(async () => (await state.storage.getAlarm()) === t, "the alarm for compaction");
    }));

  it("on the alarm compacts a due log, takes a due snapshot, and sets the alarm for the next expiry", () =>
    withRoom(async ({ state }, room) => {
      const { store, snapshots, maintenance, edit } = parts(state, room, 2);
      for (const text of ["a", "b", "c"]) edit(text);
      expect(store.log.size.rows).toBe(3);
      const expiry = Date.now() + HOUR;
      await maintenance.run(expiry);
      expect(store.log.size.rows).toBe(0);
      expect(snapshots.state(0).snapshotSeq).toBe(3);
      expect((await listVersions(env.DB, room)).map((v) => [v.seq, v.kind])).toEqual([[3, "auto"]]);
      expect(await state.storage.getAlarm()).toBe(expiry);
    }));

  it("starts a room with nothing stored from its latest version, and writes waiting edits before any read", () =>
    withRoom(async ({ state }, room) => {
      // The room's storage, lost after its latest snapshot (here: another object's storage).
      await withAcceptedSockets(async ({ state: earlier }) => {
        const { maintenance, edit } = parts(earlier, room);
        edit("kept in R2");
        await maintenance.run(Infinity);
      });
      const { store, maintenance, edit } = parts(state, room);
      expect(store.log.empty).toBe(true);
      await maintenance.ready();
      expect(store.log.seq).toBe(1);
      expect(store.stored().getText("t").toString()).toBe("kept in R2");
      // A lone edit is written at once; one right after it waits for its burst's timer, and a
      // call that reads the storage writes it first.
      edit("new ", 0);
      edit("and newer ", 0);
      expect(store.log.seq).toBe(2);
      await maintenance.ready();
      expect(store.log.seq).toBe(3);
    }));
});
