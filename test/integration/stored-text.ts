/** For tests that check what was stored, not what a client was shown: a room read from its SQLite rows. */
import { runInDurableObject } from "cloudflare:test";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { joinChunks } from "../../src/storage/chunks";
import { stubOf } from "./client";

/** What the room has durably stored: the document rebuilt from its SQLite rows alone. */
export function storedText(room: string): Promise<{ text: string; seq: number; logRows: number }> {
  return runInDurableObject(stubOf(room), (_instance: Room, state) => {
    const doc = new Y.Doc();
    const sql = state.storage.sql;
    const join = (rows: { data: ArrayBuffer }[]) => joinChunks(rows.map((r) => new Uint8Array(r.data)));
    const state0 = sql.exec<{ data: ArrayBuffer }>("SELECT data FROM state ORDER BY part").toArray();
    if (state0.length) Y.applyUpdate(doc, join(state0));
    const seqs = sql.exec<{ seq: number }>("SELECT DISTINCT seq FROM log ORDER BY seq").toArray();
    for (const { seq } of seqs) {
      Y.applyUpdate(doc, join(sql.exec<{ data: ArrayBuffer }>("SELECT data FROM log WHERE seq = ? ORDER BY part", seq).toArray()));
    }
    const meta = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'state_seq'").toArray();
    const last = seqs.at(-1)?.seq ?? meta[0]?.value ?? 0;
    return { text: doc.getText("t").toString(), seq: last, logRows: seqs.length };
  });
}
