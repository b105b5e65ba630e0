/**
 * The room's durable truth in its own SQLite storage: a compacted document state plus
 * an append-only log of the updates after it, each with a gap-free sequence number.
 *
 *   state(part, data)            the merged Yjs state through meta.state_seq, in parts
 *   log(seq, part, data,         one Yjs update per seq, in parts, with who sent it and when
 *       author, at)              (null for edits stored before authorship was recorded)
 *   folded(…the same…)           log rows compaction merged into the state, kept until they
 *                                are archived to R2 (storage/history-store.ts)
 *   segments, sessions           the archived segments in R2 and the timeline of their edits
 *                                (storage/history-store.ts)
 *   meta(key, value)             state_seq; deleted (a tombstone: the room was deleted);
 *                                log_schema; snapshot bookkeeping (see room/snapshots.ts)
 *
 * Every method is synchronous: SQLite calls in a Durable Object complete in the same
 * turn, so whatever is sent after an append is held by the output gate until it is durable.
 */
import * as Y from "yjs";
import { joinChunks, splitChunks } from "./chunks";
import type { LogSize } from "./compaction";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (part INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log (seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, part));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS folded (seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, author TEXT, at INTEGER, PRIMARY KEY (seq, part));
CREATE TABLE IF NOT EXISTS segments (from_seq INTEGER PRIMARY KEY, to_seq INTEGER NOT NULL, key TEXT NOT NULL, bytes INTEGER NOT NULL, checksum TEXT NOT NULL, ended_at INTEGER);
CREATE TABLE IF NOT EXISTS sessions (from_seq INTEGER PRIMARY KEY, to_seq INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, authors TEXT NOT NULL, edits INTEGER NOT NULL);
`;

/**
 * The log's columns grew after rooms had stored edits: each version's step runs once per room,
 * in place, recorded in meta.log_schema. Rows from before keep null authors and times.
 */
const LOG_MIGRATIONS = ["ALTER TABLE log ADD COLUMN author TEXT; ALTER TABLE log ADD COLUMN at INTEGER;"];

/** Rows one INSERT carries: each binds its data, plus the base seq, the time and the batch's authors, under the 100 parameters a query may bind. */
const MAX_ROWS_PER_INSERT = 64;
const MAX_PARAMETERS = 100;

export class UpdateLog {
  readonly #storage: DurableObjectStorage;
  #seq: number;
  /** The sequence number the stored state contains. */
  #stateSeq: number;
  #size: LogSize = { rows: 0, bytes: 0 };
  #stateBytes: number;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    const sql = storage.sql;
    sql.exec(SCHEMA);
    this.#migrate();
    this.#stateSeq = this.readMeta("state_seq") ?? 0;
    const log = this.#measureLog();
    this.#stateBytes = sql.exec<{ bytes: number | null }>("SELECT SUM(LENGTH(data)) AS bytes FROM state").one().bytes ?? 0;
    this.#seq = log.last ?? this.#stateSeq;
  }

  #migrate(): void {
    const done = this.readMeta("log_schema") ?? 0;
    if (done >= LOG_MIGRATIONS.length) return;
    this.#storage.transactionSync(() => {
      for (const step of LOG_MIGRATIONS.slice(done)) this.#storage.sql.exec(step);
      this.#storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('log_schema', ?)", LOG_MIGRATIONS.length);
    });
  }

  #measureLog(): { last: number | null } {
    const log = this.#storage.sql
      .exec<{ rows: number; bytes: number | null; last: number | null }>(
        "SELECT COUNT(DISTINCT seq) AS rows, SUM(LENGTH(data)) AS bytes, MAX(seq) AS last FROM log",
      )
      .one();
    this.#size = { rows: log.rows, bytes: log.bytes ?? 0 };
    return log;
  }

  /** A number kept beside the log (null when unset). */
  readMeta(key: string): number | null {
    return this.#storage.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  /** Sets numbers kept beside the log (null deletes), in one transaction. */
  writeMeta(entries: Record<string, number | null>): void {
    this.#storage.transactionSync(() => {
      for (const [key, value] of Object.entries(entries)) {
        if (value === null) this.#storage.sql.exec("DELETE FROM meta WHERE key = ?", key);
        else this.#storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
      }
    });
  }

  /** Whether the room was deleted and not created again. */
  get deleted(): boolean {
    return this.readMeta("deleted") !== null;
  }

  /** Sets or clears the tombstone. */
  setDeleted(deleted: boolean): void {
    this.writeMeta({ deleted: deleted ? 1 : null });
  }

  /** Nothing stored: a new room, or one whose storage was lost. */
  get empty(): boolean {
    return this.#seq === 0 && this.#stateBytes === 0;
  }

  /** The sequence number of the last stored update (0 for an empty room). */
  get seq(): number {
    return this.#seq;
  }

  /** The sequence number the compacted state holds every update through. */
  get stateSeq(): number {
    return this.#stateSeq;
  }

  /**
   * The logged updates after `seq`, in order, with their sequence numbers (a relay catching
   * up). Only those compaction has not merged yet: the caller checks `seq >= stateSeq`.
   */
  since(seq: number): Array<{ seq: number; update: Uint8Array }> {
    const updates: Array<{ seq: number; update: Uint8Array }> = [];
    let parts: Uint8Array[] = [];
    let current = -1;
    const flush = () => {
      if (parts.length > 0) updates.push({ seq: current, update: joinChunks(parts) });
      parts = [];
    };
    for (const row of this.#storage.sql.exec<{ seq: number; data: ArrayBuffer }>("SELECT seq, data FROM log WHERE seq > ? ORDER BY seq, part", seq)) {
      if (row.seq !== current) flush();
      current = row.seq;
      parts.push(new Uint8Array(row.data));
    }
    flush();
    return updates;
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

  /** The stored (compacted) state, the document at stateSeq; null when none is stored. */
  storedState(): Uint8Array | null {
    const parts = this.#storage.sql.exec<{ data: ArrayBuffer }>("SELECT data FROM state ORDER BY part").toArray();
    return parts.length === 0 ? null : joinChunks(parts.map((r) => new Uint8Array(r.data)));
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

  /**
   * Appends updates, in order, each with the next sequence number and its author (same
   * order; null when unknown), all stored at `at`, all or none. A batch of edits goes in one
   * INSERT statement (one per MAX_ROWS_PER_INSERT rows), which SQLite applies whole, so the
   * usual batch needs no transaction of its own: every statement a Durable Object runs costs
   * far more than its rows (docs/benchmarks.md).
   */
  append(updates: readonly Uint8Array[], authors: readonly (string | null)[] = [], at = Date.now()): void {
    const rows = updates.flatMap((update, i) => splitChunks(update).map((data, part) => ({ offset: i + 1, part, data, author: authors[i] ?? null })));
    const statements = insertStatements(rows);
    const insert = () => {
      for (const { values, params } of statements) {
        this.#storage.sql.exec(`INSERT INTO log (seq, part, data, author, at) VALUES ${values}`, this.#seq, at, ...params);
      }
    };
    if (statements.length <= 1) insert();
    else this.#storage.transactionSync(insert);
    this.#seq += updates.length;
    const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
    this.#size = { rows: this.#size.rows + updates.length, bytes: this.#size.bytes + bytes };
  }

  /**
   * Replaces the stored state with `state`, which must contain every update through
   * `throughSeq`, and moves those log rows to `folded` (to be archived: history-store.ts),
   * all in one transaction: a crash leaves either the old state and log or the new state,
   * never a mix. A state older than the stored one (a snapshot taken before a compaction
   * that finished first) is ignored.
   */
  compact(state: Uint8Array, throughSeq = this.#seq): void {
    if (throughSeq <= this.#stateSeq && this.#stateBytes > 0) return;
    const sql = this.#storage.sql;
    this.#storage.transactionSync(() => {
      this.#writeState(state, throughSeq);
      sql.exec("INSERT OR IGNORE INTO folded (seq, part, data, author, at) SELECT seq, part, data, author, at FROM log WHERE seq <= ?", throughSeq);
      sql.exec("DELETE FROM log WHERE seq <= ?", throughSeq);
    });
    this.#measureLog();
  }

  /**
   * Starts an empty room from a snapshot of its document at `seq` (its storage was lost):
   * the next update gets `seq + 1`, so sequence numbers never repeat.
   */
  restore(state: Uint8Array, seq: number): void {
    if (!this.empty) throw new Error("restore is only for a room with nothing stored");
    this.#storage.transactionSync(() => this.#writeState(state, seq));
    this.#seq = seq;
  }

  #writeState(state: Uint8Array, seq: number): void {
    const sql = this.#storage.sql;
    sql.exec("DELETE FROM state");
    splitChunks(state).forEach((part, i) => sql.exec("INSERT INTO state (part, data) VALUES (?, ?)", i, part));
    sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('state_seq', ?)", seq);
    this.#stateSeq = seq;
    this.#stateBytes = state.byteLength;
  }
}

/** An update's part on its way into the log. */
interface LogRow {
  offset: number;
  part: number;
  data: Uint8Array;
  author: string | null;
}

/**
 * The INSERTs that store `rows`: as few as the parameter limit allows. ?1 is the last stored
 * seq and ?2 the time; each statement binds its distinct authors once, then each row's data.
 */
function insertStatements(rows: readonly LogRow[]): Array<{ values: string; params: Array<string | Uint8Array> }> {
  const statements: Array<{ values: string; params: Array<string | Uint8Array> }> = [];
  let start = 0;
  while (start < rows.length) {
    const authors: string[] = [];
    let end = start;
    for (; end < rows.length && end - start < MAX_ROWS_PER_INSERT; end++) {
      const author = rows[end]!.author;
      const adds = author !== null && !authors.includes(author) ? 1 : 0;
      if (2 + authors.length + adds + (end - start + 1) > MAX_PARAMETERS) break;
      if (adds) authors.push(author!);
    }
    const chunk = rows.slice(start, end);
    const dataAt = 3 + authors.length;
    const values = chunk
      .map((row, j) => {
        const author = row.author === null ? "NULL" : `?${3 + authors.indexOf(row.author)}`;
        return `(?1 + ${row.offset}, ${row.part}, ?${dataAt + j}, ${author}, ?2)`;
      })
      .join(", ");
    statements.push({ values, params: [...authors, ...chunk.map((row) => row.data)] });
    start = end;
  }
  return statements;
}
