/**
 * Authorship in the room's log: every stored edit names the user who sent it and when, over a
 * socket or over HTTP, and a room whose log predates the columns gains them in place.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { UpdateLog } from "../../src/storage/log";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, stubOf } from "./client";
import { makeHot, relaysCarry, relaysSettleAfterAll } from "./relay-helpers";

const { join } = clientsClosedAfterEach();
relaysSettleAfterAll();

const authorsOf = (room: string) =>
  runInDurableObject(stubOf(room), (_i: Room, state) =>
    state.storage.sql.exec<{ seq: number; author: string | null; at: number | null }>("SELECT seq, author, at FROM log WHERE part = 0 ORDER BY seq").toArray(),
  );

describe("authorship in the log", () => {
  it("records the verified user of a socket's edit and of an HTTP edit, with the time", async () => {
    const owner = await signUp("Owner");
    const editor = await signUp("Editor");
    const room = await createRoom(owner);
    expect((await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: editor.user!.email, role: "editor" } })).status).toBe(200);
    const started = Date.now();
    const client = await join(room, { headers: owner.socketHeaders() });
    client.type("by the owner");
    await client.roundTrip();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await (await editor.fetch(`/api/rooms/${room}/content`)).arrayBuffer()));
    const before = Y.encodeStateVector(doc);
    doc.getText("t").insert(0, "by the editor, ");
    const res = await editor.fetch(`/api/rooms/${room}/content`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array(Y.encodeStateAsUpdate(doc, before)),
    });
    expect(res.status).toBe(200);
    const rows = await authorsOf(room);
    expect(rows.map((r) => r.author)).toEqual([...rows.slice(0, -1).map(() => owner.user!.id), editor.user!.id]);
    for (const row of rows) expect(row.at).toBeGreaterThanOrEqual(started);
  });

  it("adds the columns to a log stored before them, its rows without an author", async () => {
    const stub = env.ROOM.get(env.ROOM.idFromName(`old-log-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_room: Room, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE log");
      sql.exec("DELETE FROM meta WHERE key = 'log_schema'");
      sql.exec("CREATE TABLE log (seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, part))");
      const doc = new Y.Doc();
      doc.getText("t").insert(0, "old");
      sql.exec("INSERT INTO log (seq, part, data) VALUES (1, 0, ?)", Y.encodeStateAsUpdate(doc));

      const log = new UpdateLog(state.storage);
      const next = new Y.Doc();
      log.load(next);
      next.getText("t").insert(3, " and new");
      log.append([Y.encodeStateAsUpdate(next, Y.encodeStateVector(doc))], ["u-1"], 42);
      const rows = sql.exec("SELECT seq, author, at FROM log ORDER BY seq").toArray();
      expect(rows).toEqual([
        { seq: 1, author: null, at: null },
        { seq: 2, author: "u-1", at: 42 },
      ]);
      // Opening it again migrates nothing twice.
      expect(new UpdateLog(state.storage).seq).toBe(2);
    });
  });

  it("records the user of a socket on a relay, which passes it with the edit", async () => {
    const owner = await signUp("Owner");
    const editor = await signUp("Editor");
    const room = await createRoom(owner);
    expect((await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: editor.user!.email, role: "editor" } })).status).toBe(200);
    await makeHot(room);
    await join(room, { headers: owner.socketHeaders() });
    const relayed = await join(room, { headers: editor.socketHeaders() });
    await relaysCarry(room, 1);
    relayed.type("through a relay");
    await eventually(async () => (await authorsOf(room)).length > 0, "the relayed edit stored");
    const rows = await authorsOf(room);
    expect(new Set(rows.map((r) => r.author))).toEqual(new Set([editor.user!.id]));
  });
});
