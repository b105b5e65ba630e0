/**
 * The room's durable truth in its own SQLite storage: a compacted document state plus
 * an append-only log of the updates after it, each with a gap-free sequence number.
 *
 *   state(part, data)            the merged Yjs state through meta.state_seq, in parts
 *   log(seq, part, data)         one Yjs update per seq, in parts
 *   meta(key, value)             state_seq; deleted (a tombstone: the room was deleted)
 *
 * Every method is synchronous: SQLite calls in a Durable Object complete in the same
 * turn, so an append is durable (behind the output gate) before anything is sent.
 */
import * as Y from "yjs";
import { joinChunks, splitChunks } from "./chunks";
import type { LogSize } from "./compaction";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (part INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log (seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, part));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

export class UpdateLog {
  readonly #storage: DurableObjectStorage;
  #seq: number;
  #size: LogSize;
  #stateBytes: number;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    const sql = storage.sql;
    sql.exec(SCHEMA);
    const meta = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'state_seq'").toArray();
    const stateSeq = meta[0]?.value ?? 0;
    const log = sql
      .exec<{ rows: number; bytes: number | null; last: number | null }>(
        "SELECT COUNT(DISTINCT seq) AS rows, SUM(LENGTH(data)) AS bytes, MAX(seq) AS last FROM log",
      )
      .one();
    this.#size = { rows: log.rows, bytes: log.bytes ?? 0 };
    this.#stateBytes = sql.exec<{ bytes: number | null }>("SELECT SUM(LENGTH(data)) AS bytes FROM state").one().bytes ?? 0;
    this.#seq = log.last ?? stateSeq;
  }

  /** Whether the room was deleted and not created again. */
  get deleted(): boolean {
    return this.#storage.sql.exec("SELECT 1 FROM meta WHERE key = 'deleted'").toArray().length > 0;
  }

  /** Sets or clears the tombstone. */
  setDeleted(deleted: boolean): void {
    if (deleted) this.#storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('deleted', 1)");
    else this.#storage.sql.exec("DELETE FROM meta WHERE key = 'deleted'");
  }

  /** The sequence number of the last stored update (0 for an empty room). */
  get seq(): number {
    return this.#seq;
  }

  /** Rows and bytes of log not yet merged into the state. */
  get size(): LogSize {
    return { ...this.#size };
  }

  /** Bytes stored in all: the compacted state plus the log after it. */
  get storedBytes(): number {
    return this.#stateBytes + this.#size.bytes;
  }

  /** Bytes of the stored (compacted) state. */
  get stateBytes(): number {
    return this.#stateBytes;
  }

  /** Applies the stored state and then every logged update to `doc`, in one transaction. */
  load(doc: Y.Doc): void {
    const sql = this.#storage.sql;
    const stateParts = sql.exec<{ data: ArrayBuffer }>("SELECT data FROM state ORDER BY part").toArray();
    Y.transact(doc, () => {
      if (stateParts.length > 0) Y.applyUpdate(doc, joinChunks(stateParts.map((r) => new Uint8Array(r.data))));
      let parts: Uint8Array[] = [];
      let current = -1;
      for (const row of sql.exec<{ seq: number; data: ArrayBuffer }>("SELECT seq, data FROM log ORDER BY seq, part")) {
        if (row.seq !== current && parts.length > 0) {
          Y.applyUpdate(doc, joinChunks(parts));
          parts = [];
        }
        current = row.seq;
        parts.push(new Uint8Array(row.data));
      }
      if (parts.length > 0) Y.applyUpdate(doc, joinChunks(parts));
    });
  }

  /** Appends one update and returns its sequence number. */
  append(update: Uint8Array): number {
    const seq = this.#seq + 1;
    const parts = splitChunks(update);
    const write = () => {
      parts.forEach((part, i) => this.#storage.sql.exec("INSERT INTO log (seq, part, data) VALUES (?, ?, ?)", seq, i, part));
    };
    if (parts.length === 1) write();
    else this.#storage.transactionSync(write);
    this.#seq = seq;
    this.#size = { rows: this.#size.rows + 1, bytes: this.#size.bytes + update.byteLength };
    return seq;
  }

  /**
   * Replaces the stored state with `state`, which must contain every update through the
   * current sequence number, and drops those log rows, all in one transaction: a crash
   * leaves either the old state and log or the new state, never a mix.
   */
  compact(state: Uint8Array): void {
    const seq = this.#seq;
    const sql = this.#storage.sql;
    this.#storage.transactionSync(() => {
      sql.exec("DELETE FROM state");
      splitChunks(state).forEach((part, i) => sql.exec("INSERT INTO state (part, data) VALUES (?, ?)", i, part));
      sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('state_seq', ?)", seq);
      sql.exec("DELETE FROM log WHERE seq <= ?", seq);
    });
    this.#stateBytes = state.byteLength;
    this.#size = { rows: 0, bytes: 0 };
  }
}
