/**
 * The history kept beside a room's log in its SQLite storage (tables created by log.ts):
 *
 *   folded(seq, part, data, author, at)   edits compaction merged into the state, waiting
 *                                         to be archived
 *   segments(from_seq, to_seq, key,       the archived segments in R2 (storage/segments.ts),
 *            bytes, checksum, ended_at)   with the time of their last edit (for retention)
 *   sessions(from_seq, to_seq, ...)       the timeline of archived edits, already grouped
 *
 * Reads see the folded and logged edits as one run of sequence numbers. Synchronous, like
 * the log; stateless, so it is made on demand over the storage.
 */

import type { LoggedEdit } from "../document/history-diff";
import type { Span } from "../domain/history-sessions";
import { joinChunks } from "./chunks";
import type { StoredSegment } from "./segments";

export type SegmentRow = {
  from_seq: number;
  to_seq: number;
  key: string;
  bytes: number;
  checksum: string;
  ended_at: number | null;
};

type SessionRow = {
  from_seq: number;
  to_seq: number;
  started_at: number | null;
  ended_at: number | null;
  authors: string;
  edits: number;
};

/** Folded and logged rows as one table. */
const EDITS = "(SELECT seq, part, data, author, at FROM folded UNION ALL SELECT seq, part, data, author, at FROM log)";

export class HistoryStore {
  readonly #sql: SqlStorage;
  readonly #storage: DurableObjectStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.#sql = storage.sql;
  }

  /** The timeline's spans in sequence order: archived sessions, then each folded or logged edit. */
  spans(): Span[] {
    const spans: Span[] = this.#sql
      .exec<SessionRow>("SELECT from_seq, to_seq, started_at, ended_at, authors, edits FROM sessions ORDER BY from_seq")
      .toArray()
      .map((r) => ({
        fromSeq: r.from_seq,
        toSeq: r.to_seq,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        authors: JSON.parse(r.authors) as string[],
        edits: r.edits,
      }));
    for (const r of this.#sql.exec<{ seq: number; author: string | null; at: number | null }>(
      `SELECT seq, author, at FROM ${EDITS} WHERE part = 0 ORDER BY seq`,
    )) {
      spans.push({ fromSeq: r.seq, toSeq: r.seq, startedAt: r.at, endedAt: r.at, authors: r.author === null ? [] : [r.author], edits: 1 });
    }
    return spans;
  }

  /** The first seq of the folded or logged edits (`end + 1` when there are none: `end` is the log's last). */
  #firstLocal(end: number): number {
    return this.#sql.exec<{ first: number | null }>(`SELECT MIN(seq) AS first FROM ${EDITS}`).one().first ?? end + 1;
  }

  /**
   * The first sequence number from which every edit through `end` (the log's last) can be read:
   * the archived segments that join the folded and logged edits without a gap, and those.
   */
  readableFrom(end: number): number {
    let first = this.#firstLocal(end);
    for (const segment of this.segments().reverse()) {
      if (segment.to_seq !== first - 1) break;
      first = segment.from_seq;
    }
    return first;
  }

  /** The archived segments, oldest first. */
  segments(): SegmentRow[] {
    return this.#sql.exec<SegmentRow>("SELECT from_seq, to_seq, key, bytes, checksum, ended_at FROM segments ORDER BY from_seq").toArray();
  }

  /** The folded and logged edits after `after` through `through`, in order. */
  edits(after: number, through: number): LoggedEdit[] {
    return this.#read(`SELECT seq, part, data, author, at FROM ${EDITS} WHERE seq > ? AND seq <= ? ORDER BY seq, part`, after, through);
  }

  /** The oldest folded edits, at least one and else at most `maxEdits` or about `maxBytes`: the next segment. */
  oldestFolded(maxEdits: number, maxBytes: number): LoggedEdit[] {
    const rows = this.#sql
      .exec<{ seq: number; bytes: number }>("SELECT seq, SUM(LENGTH(data)) AS bytes FROM folded GROUP BY seq ORDER BY seq LIMIT ?", maxEdits)
      .toArray();
    if (rows.length === 0) return [];
    let bytes = 0;
    let last = rows[0]!.seq;
    for (const row of rows) {
      if (bytes > 0 && bytes + row.bytes > maxBytes) break;
      bytes += row.bytes;
      last = row.seq;
    }
    return this.#read("SELECT seq, part, data, author, at FROM folded WHERE seq <= ? ORDER BY seq, part", last);
  }

  /** Records a verified segment and its sessions, and drops the folded rows it holds, in one transaction. */
  archived(segment: StoredSegment, endedAt: number | null, sessions: readonly Span[]): void {
    this.#storage.transactionSync(() => {
      this.#sql.exec(
        "INSERT OR REPLACE INTO segments (from_seq, to_seq, key, bytes, checksum, ended_at) VALUES (?, ?, ?, ?, ?, ?)",
        segment.fromSeq,
        segment.toSeq,
        segment.key,
        segment.bytes,
        segment.checksum,
        endedAt,
      );
      for (const s of sessions) {
        this.#sql.exec(
          "INSERT OR REPLACE INTO sessions (from_seq, to_seq, started_at, ended_at, authors, edits) VALUES (?, ?, ?, ?, ?, ?)",
          s.fromSeq,
          s.toSeq,
          s.startedAt,
          s.endedAt,
          JSON.stringify(s.authors),
          s.edits,
        );
      }
      this.#sql.exec("DELETE FROM folded WHERE seq <= ?", segment.toSeq);
    });
  }

  /** Forgets the segments through `throughSeq` and their sessions (retention; their objects are deleted by the caller). */
  forget(throughSeq: number): void {
    this.#storage.transactionSync(() => {
      this.#sql.exec("DELETE FROM segments WHERE to_seq <= ?", throughSeq);
      this.#sql.exec("DELETE FROM sessions WHERE to_seq <= ?", throughSeq);
    });
  }

  #read(query: string, ...params: number[]): LoggedEdit[] {
    const edits: Array<Omit<LoggedEdit, "update"> & { parts: Uint8Array[] }> = [];
    for (const row of this.#sql.exec<{ seq: number; data: ArrayBuffer; author: string | null; at: number | null }>(query, ...params)) {
      const last = edits.at(-1);
      if (last?.seq === row.seq) last.parts.push(new Uint8Array(row.data));
      else edits.push({ seq: row.seq, author: row.author, at: row.at, parts: [new Uint8Array(row.data)] });
    }
    return edits.map(({ parts, ...edit }) => ({ ...edit, update: joinChunks(parts) }));
  }
}
