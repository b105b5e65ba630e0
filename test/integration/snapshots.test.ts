import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { readSnapshot, writeSnapshot } from "../../src/storage/snapshots";
import { recordVersion, type VersionRow } from "../../src/storage/versions";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, newRoom, pause, replaceBindings, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

const versionsOf = async (room: string) => (await env.DB.prepare("SELECT * FROM versions WHERE room_id = ? ORDER BY seq").bind(room).all<VersionRow>()).results;

const logRows = (room: string) =>
  runInDurableObject(stubOf(room), (_i: Room, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log").one().n);

const stats = (room: string) => stubOf(room).stats();

/** The text of a stored version, read back and verified as the room does. */
async function versionText(version: VersionRow): Promise<string> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await readSnapshot(env.SNAPSHOTS, version.r2_key, version.checksum));
  return doc.getText("t").toString();
}

/** A state update whose "t" text is `text`, as some other client's document. */
function stateWith(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Fault injection: the room's object gets an R2 binding that fails the way a real outage
 * or a damaged object does, for as long as the test says. Everything else is the real R2.
 */
async function breakR2(room: string, fault: "put fails" | "reads corrupt"): Promise<() => Promise<void>> {
  await replaceBindings(room, () => ({
    SNAPSHOTS: new Proxy(env.SNAPSHOTS, {
      get(target, prop) {
        if (prop === "put" && fault === "put fails") return async () => Promise.reject(new Error("R2 is unavailable"));
        if (prop === "get" && fault === "reads corrupt") {
          return async (key: string) => {
            const object = await target.get(key);
            if (object === null) return null;
            const bytes = new Uint8Array(await object.arrayBuffer());
            bytes[bytes.length - 1]! ^= 0xff;
            return new Response(bytes);
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }),
  }));
  return () => replaceBindings(room, () => ({ SNAPSHOTS: env.SNAPSHOTS }));
}

describe("automatic snapshots", () => {
  it("writes a verified snapshot to R2 and D1 once editing settles, then truncates the log", async () => {
    const owner = await signUp("Snapshot owner");
    const room = await createRoom(owner);
    const a = await join(room, { headers: owner.socketHeaders() });
    a.type("hello");
    a.type(" world");
    await a.until(() => a.text === "hello world", "own edits");
    expect(await versionsOf(room)).toEqual([]); // debounced: not per keystroke
    await eventually(async () => (await versionsOf(room)).length === 1, "a snapshot");

    const [version] = await versionsOf(room);
    expect(version).toMatchObject({ seq: 2, kind: "auto", r2_key: `rooms/${room}/versions/000000000002.yjs.gz` });
    expect(version!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await versionText(version!)).toBe("hello world");
    expect(await logRows(room)).toBe(0);
    expect((await stats(room)).snapshot).toMatchObject({ seq: 2, pendingEdits: 0, failures: 0 });
    // D1's room row carries the document figures, written by the snapshot, not per edit.
    const { room: meta } = (await (await owner.fetch(`/api/rooms/${room}`)).json()) as { room: Record<string, unknown> };
    expect(meta).toMatchObject({ seq: 2, documentBytes: version!.doc_bytes, lastSnapshot: { seq: 2 } });
  });

  it("snapshots constant editing when the last client leaves, without waiting for it to settle", async () => {
    const room = await newRoom();
    const a = await join(room);
    // An edit every 100 ms never settles (debounce 300 ms in tests); the 3 s cap is far off.
    for (let i = 0; i < 10; i++) {
      a.type(`${i}`);
      await pause(100);
    }
    // The room has every edit (a round trip after the last), and none settled into a version.
    await a.roundTrip();
    expect(await versionsOf(room)).toEqual([]);
    a.close();
    await eventually(async () => (await versionsOf(room)).length === 1, "a snapshot after the last client left", 1_500);
    expect(await versionText((await versionsOf(room))[0]!)).toBe("0123456789");
  });

  it("keeps every edit in the room while R2 fails, and retries until a verified snapshot lands", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    const repair = await breakR2(room, "put fails");
    a.type("kept");
    await eventually(async () => (await stats(room)).snapshot.failures >= 1, "a failed snapshot");
    // Edits go on, durable in the room's own log, which nothing truncated.
    a.type(" while R2 is down");
    await b.until(() => b.text === "kept while R2 is down", "edits during the outage");
    expect(await versionsOf(room)).toEqual([]);
    expect(await logRows(room)).toBe(2);

    await repair();
    await eventually(async () => (await versionsOf(room)).length === 1, "the retried snapshot", 8_000);
    expect(await versionText((await versionsOf(room))[0]!)).toBe("kept while R2 is down");
    expect(await logRows(room)).toBe(0);
    expect((await stats(room)).snapshot.failures).toBe(0);
  });

  it("never records or truncates behind a snapshot that does not read back intact", async () => {
    const room = await newRoom();
    const a = await join(room);
    const repair = await breakR2(room, "reads corrupt");
    a.type("precious");
    await eventually(async () => (await stats(room)).snapshot.failures >= 1, "a failed verification");
    expect(await versionsOf(room)).toEqual([]);
    expect(await logRows(room)).toBe(1);
    await repair();
    await eventually(async () => (await versionsOf(room)).length === 1, "a verified snapshot", 8_000);
    expect(await versionText((await versionsOf(room))[0]!)).toBe("precious");
  });
});

describe("loading a room", () => {
  it("brings a room with empty storage back from its latest snapshot that verifies", async () => {
    const room = await newRoom();
    const a = await join(room);
    a.type("survives");
    await eventually(async () => (await versionsOf(room)).length === 1, "a snapshot");
    const [good] = await versionsOf(room);
    a.close();
    // A newer version whose object is damaged is skipped, not loaded.
    const damaged = await writeSnapshot(env.SNAPSHOTS, room, good!.seq + 5, stateWith("damaged"));
    await recordVersion(env.DB, {
      room,
      seq: good!.seq + 5,
      stored: { ...damaged, checksum: "0".repeat(64) },
      docBytes: 10,
      kind: "auto",
      label: null,
      createdBy: null,
      createdAt: Date.now(),
      editedAt: null,
    });
    // The object's storage is lost (a new location, a wipe) and it restarts.
    await evictDurableObject(stubOf(room), { webSockets: "close" });
    await runInDurableObject(stubOf(room), async (_i: Room, state) => {
      await state.storage.deleteAlarm();
      await state.storage.deleteAll();
    });
    await evictDurableObject(stubOf(room));

    const b = await join(room);
    expect(b.text).toBe("survives");
    expect((await stats(room)).seq).toBe(good!.seq);
    b.type("!");
    await eventually(async () => (await stats(room)).seq === good!.seq + 1, "the next edit numbered after the snapshot");
    expect(b.text).toBe("survives!");
  });

  it("uses its own storage when it has one, whatever R2 holds", async () => {
    const room = await newRoom();
    const a = await join(room);
    a.type("local truth");
    await eventually(async () => (await versionsOf(room)).length === 1, "a snapshot");
    // A newer version in R2 and D1 that the room's own storage contradicts.
    const other = await writeSnapshot(env.SNAPSHOTS, room, 999, stateWith("from R2"));
    await recordVersion(env.DB, {
      room,
      seq: 999,
      stored: other,
      docBytes: 7,
      kind: "auto",
      label: null,
      createdBy: null,
      createdAt: Date.now(),
      editedAt: null,
    });
    a.close();
    await evictDurableObject(stubOf(room), { webSockets: "close" });

    const b = await join(room);
    expect(b.text).toBe("local truth");
  });
});

describe("retention and deletion", () => {
  it("thins old automatic versions after a snapshot, deleting their R2 objects", async () => {
    const room = await newRoom();
    // Joined first: a room with nothing stored would load the newest of the versions below.
    const a = await join(room);
    // Three automatic versions from one day ten days ago, and a named one of that day.
    const day = Math.floor(Date.now() / 86_400_000) - 10;
    const old = async (seq: number, kind: "auto" | "named") => {
      const stored = await writeSnapshot(env.SNAPSHOTS, room, seq, stateWith(`v${seq}`));
      await recordVersion(env.DB, {
        room,
        seq,
        stored,
        docBytes: 2,
        kind,
        label: null,
        createdBy: null,
        createdAt: day * 86_400_000 + seq * 1000,
        editedAt: null,
      });
      return stored.key;
    };
    const keys = [await old(1, "auto"), await old(2, "named"), await old(3, "auto"), await old(4, "auto")];
    // Five edits at once: the snapshot after them is seq 5, newer than the old ones.
    for (const ch of "hello") a.type(ch);
    await eventually(async () => (await versionsOf(room)).some((v) => v.seq === 5), "a new snapshot");
    await eventually(async () => (await versionsOf(room)).length === 3, "thinning");
    expect((await versionsOf(room)).map((v) => v.seq)).toEqual([2, 4, 5]);
    expect(await env.SNAPSHOTS.head(keys[0]!)).toBeNull();
    expect(await env.SNAPSHOTS.head(keys[2]!)).toBeNull();
    expect(await env.SNAPSHOTS.head(keys[1]!)).not.toBeNull();
  });

  it("records each connection in D1 with what it sent", async () => {
    const owner = await signUp("Historian");
    const room = await createRoom(owner);
    const a = await join(room, { headers: owner.socketHeaders() });
    a.type("abc");
    a.type("def");
    await eventually(async () => (await stats(room)).seq === 2, "two edits stored");
    a.close();
    const closed = async () =>
      env.DB.prepare("SELECT * FROM connections WHERE room_id = ? AND disconnected_at IS NOT NULL").bind(room).first<Record<string, unknown>>();
    await eventually(async () => (await closed()) !== null, "the connection record");
    expect(await closed()).toMatchObject({ user_id: owner.user!.id, role: "owner", updates: 2, close_code: 1000 });
    const res = await owner.fetch(`/api/rooms/${room}/stats`);
    const { stats: body } = (await res.json()) as { stats: { recentConnections: Array<Record<string, unknown>> } };
    expect(body.recentConnections[0]).toMatchObject({ userId: owner.user!.id, updates: 2, closeCode: 1000 });
    expect(body.recentConnections[0]!.bytes).toBeGreaterThan(6);
  });

  it("deleting a room leaves nothing in R2, D1 or the object's storage", async () => {
    const owner = await signUp("Deleter");
    const room = await createRoom(owner);
    const a = await join(room, { headers: owner.socketHeaders() });
    a.type("to be deleted");
    await eventually(async () => (await versionsOf(room)).length === 1, "a snapshot");
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);

    expect((await env.SNAPSHOTS.list({ prefix: `rooms/${room}/` })).objects).toEqual([]);
    for (const table of ["versions", "connections", "room_members"]) {
      const { n } = (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE room_id = ?`).bind(room).first<{ n: number }>())!;
      expect(n, table).toBe(0);
    }
    const stored = await runInDurableObject(
      stubOf(room),
      (_i: Room, state) => state.storage.sql.exec<{ n: number }>("SELECT (SELECT COUNT(*) FROM log) + (SELECT COUNT(*) FROM state) AS n").one().n,
    );
    expect(stored).toBe(0);
  });
});
