/**
 * A room's readable history: its timeline, the document at any sequence number still in it,
 * the diff between two, and the archive that keeps it after compaction. The edits compaction
 * folds wait in SQLite until the alarm writes them to R2 as verified segments (archive); a
 * point is rebuilt from the nearest state that reaches it (the room's own state, a version,
 * or the empty document) plus the archived and logged edits after it.
 */
import * as Y from "yjs";
import { readHistoryLimits } from "../config";
import { blockAuthors, type DocumentAuthorship } from "../document/block-authors";
import { type DocumentDiff, diffStates, type LoggedEdit } from "../document/history-diff";
import { editSpan, groupSessions, type Span, sessionPage } from "../domain/history-sessions";
import type { Env } from "../env";
import { logEvent } from "../log";
import { HistoryStore } from "../storage/history-store";
import { type ReplayBase, replayBases } from "../storage/replay-base";
import { readSegment, SegmentError, writeSegment } from "../storage/segments";
import { readSnapshot, SnapshotError } from "../storage/snapshots";
import { listVersions, type VersionRow } from "../storage/versions";
import type { DocumentStore } from "./document-store";

/** Most bytes of edits one diff or rebuilt point replays (the edits: HISTORY_MAX_REPLAY_EDITS): past them the request is refused rather than run out of memory. */
export const MAX_REPLAY_BYTES = 32 * 1024 * 1024;
/** A segment holds at most this many edits, or about this many bytes (at least one edit). */
const SEGMENT_EDITS = 2_000;
const SEGMENT_BYTES = 4 * 1024 * 1024;
/** Segments one alarm writes; the rest wait for the next. */
const SEGMENTS_PER_RUN = 8;

/** Why a point or a range cannot be given. */
export type HistoryMiss = { ok: false; reason: "not_found" | "too_large" | "damaged"; message: string };
type Replay = { ok: true; base: Uint8Array | null; edits: LoggedEdit[] };

const miss = (reason: HistoryMiss["reason"], message: string): HistoryMiss => ({ ok: false, reason, message });

export class RoomHistory {
  /** The archive run under way; the room's deletion waits for it (idle). */
  #archiving: Promise<void> = Promise.resolve();

  constructor(
    readonly room: string,
    private readonly storage: DurableObjectStorage,
    private readonly env: () => Pick<Env, "SNAPSHOTS" | "DB" | "HISTORY_RETENTION_DAYS" | "HISTORY_MAX_REPLAY_EDITS" | "HISTORY_SESSION_GAP_SECONDS">,
    private readonly store: DocumentStore<WebSocket | string>,
  ) {}

  /** A page of the timeline, newest first (every edit written first). */
  timeline(before: number | undefined, limit: number): { entries: Span[]; next: number | null } {
    this.store.write();
    const { sessionGapMs } = readHistoryLimits(this.env());
    return sessionPage(groupSessions(new HistoryStore(this.storage).spans(), sessionGapMs), before, limit);
  }

  /** The document as it was right after edit `seq`, as one Yjs update. */
  async stateAt(seq: number): Promise<{ ok: true; state: Uint8Array } | HistoryMiss> {
    const replay = await this.#replay(seq, seq);
    if (!replay.ok) return replay;
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      if (replay.base !== null) Y.applyUpdate(doc, replay.base);
      for (const edit of replay.edits) Y.applyUpdate(doc, edit.update);
    });
    return { ok: true, state: Y.encodeStateAsUpdate(doc) };
  }

  /** What changed from edit `from` to edit `to` (null: the latest), with authors. */
  async diff(from: number | null, to: number | null, root?: string): Promise<{ ok: true; diff: DocumentDiff } | HistoryMiss> {
    this.store.write();
    const start = from ?? this.store.log.seq;
    const through = to ?? this.store.log.seq;
    if (start > through) return miss("not_found", `edit ${start} is after edit ${through}: the earlier point comes first`);
    const replay = await this.#replay(start, through);
    if (!replay.ok) return replay;
    return { ok: true, diff: diffStates(replay.base, replay.edits, start, root) };
  }

  /** Who wrote each block of the document as it is now, from the whole history; `seq` is the edit it reflects. */
  async authorship(root?: string): Promise<{ ok: true; seq: number; authorship: DocumentAuthorship } | HistoryMiss> {
    this.store.write();
    const seq = this.store.log.seq;
    const replay = await this.#replay(0, seq);
    if (!replay.ok) return replay;
    return { ok: true, seq, authorship: blockAuthors(replay.base, replay.edits, root) };
  }

  /** A base at or before `baseMax` and every edit after it through `through`. */
  async #replay(baseMax: number, through: number): Promise<Replay | HistoryMiss> {
    this.store.write();
    const log = this.store.log;
    if (through > log.seq) return miss("not_found", `this room's history ends at edit ${log.seq}`);
    const readableFrom = new HistoryStore(this.storage).readableFrom(log.seq);
    const stateSeq = log.stateBytes > 0 ? log.stateSeq : null;
    let versions: VersionRow[] = [];
    let bases = replayBases(baseMax, readableFrom, stateSeq, []);
    if (bases[0]?.from !== "state") {
      versions = await listVersions(this.env().DB, this.room);
      bases = replayBases(
        baseMax,
        readableFrom,
        stateSeq,
        versions.map((v) => v.seq),
      );
    }
    if (bases.length === 0) return miss("not_found", `edit ${baseMax} is before this room's readable history, which starts after edit ${readableFrom - 1}`);
    const { maxReplayEdits } = readHistoryLimits(this.env());
    for (const base of bases) {
      if (through - base.seq > maxReplayEdits) {
        return miss(
          "too_large",
          `this needs ${through - base.seq} edits replayed from the nearest stored state, over the limit of ${maxReplayEdits}: choose points closer together or nearer a version`,
        );
      }
      const state = await this.#baseState(base, versions);
      if (state === undefined) continue;
      const edits = await this.#edits(base.seq, through);
      return Array.isArray(edits) ? { ok: true, base: state, edits } : edits;
    }
    return miss("damaged", `no stored state before edit ${baseMax} could be read`);
  }

  /** The base's state (null: the empty document); undefined when its snapshot is unusable (logged). */
  async #baseState(base: ReplayBase, versions: readonly VersionRow[]): Promise<Uint8Array | null | undefined> {
    if (base.from === "empty") return null;
    if (base.from === "state") return this.store.log.storedState();
    const version = versions.find((v) => v.seq === base.seq)!;
    try {
      return await readSnapshot(this.env().SNAPSHOTS, version.r2_key, version.checksum);
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      logEvent("error", "snapshot_unusable", { room: this.room, seq: version.seq, error: err.message });
      return undefined;
    }
  }

  /** Every edit after `after` through `through`, from verified segments and the room's own rows. */
  async #edits(after: number, through: number): Promise<LoggedEdit[] | HistoryMiss> {
    const rows = new HistoryStore(this.storage);
    const edits: LoggedEdit[] = [];
    let bytes = 0;
    const take = (edit: LoggedEdit) => {
      if (edit.seq <= after || edit.seq > through || edit.seq <= (edits.at(-1)?.seq ?? after)) return;
      bytes += edit.update.byteLength;
      edits.push(edit);
    };
    for (const segment of rows.segments()) {
      if (segment.to_seq <= after || segment.from_seq > through) continue;
      try {
        for (const edit of await readSegment(this.env().SNAPSHOTS, segment.key, segment.checksum)) take(edit);
      } catch (err) {
        if (!(err instanceof SegmentError)) throw err;
        logEvent("error", "segment_unusable", { room: this.room, from: segment.from_seq, to: segment.to_seq, error: err.message });
        return miss("damaged", `the archived edits ${segment.from_seq} to ${segment.to_seq} failed their check and are not used`);
      }
      if (bytes > MAX_REPLAY_BYTES) return miss("too_large", `this range holds more than ${MAX_REPLAY_BYTES} bytes of edits (the limit)`);
    }
    for (const edit of rows.edits(after, through)) take(edit);
    if (bytes > MAX_REPLAY_BYTES) return miss("too_large", `this range holds more than ${MAX_REPLAY_BYTES} bytes of edits (the limit)`);
    if (edits.length !== through - after) return miss("damaged", `edits between ${after} and ${through} are missing from the history`);
    return edits;
  }

  /**
   * Writes the folded edits to R2 as verified segments, oldest first, and records each with
   * its sessions, then lets expired segments go. Throws if R2 fails: the rows wait for the
   * next alarm, nothing is lost.
   */
  archive(now: number): Promise<void> {
    const run = this.#archiving.catch(() => undefined).then(() => this.#archive(now));
    this.#archiving = run;
    return run;
  }

  /** Waits for the archive run under way, if any (before the room's objects in R2 are deleted). */
  async idle(): Promise<void> {
    await this.#archiving.catch(() => undefined);
  }

  async #archive(now: number): Promise<void> {
    const { SNAPSHOTS } = this.env();
    const log = this.store.log;
    for (let i = 0; i < SEGMENTS_PER_RUN; i++) {
      const edits = new HistoryStore(this.storage).oldestFolded(SEGMENT_EDITS, SEGMENT_BYTES);
      if (edits.length === 0) break;
      const segment = await writeSegment(SNAPSHOTS, this.room, edits);
      if (this.store.log !== log || log.deleted) return; // the room was deleted meanwhile
      const sessions = groupSessions(
        edits.map((e) => editSpan(e.seq, e.author, e.at)),
        readHistoryLimits(this.env()).sessionGapMs,
      );
      new HistoryStore(this.storage).archived(segment, edits.at(-1)!.at, sessions);
      logEvent("info", "history_archived", { room: this.room, from: segment.fromSeq, to: segment.toSeq, bytes: segment.bytes });
    }
    await this.#expire(now);
  }

  /** Deletes the oldest segments whose last edit is past retention (and older untimed ones before them). */
  async #expire(now: number): Promise<void> {
    const retention = readHistoryLimits(this.env()).retentionMs;
    if (retention === null) return;
    const rows = new HistoryStore(this.storage);
    const segments = rows.segments();
    let last = -1;
    for (const [i, segment] of segments.entries()) {
      if (segment.ended_at === null) continue;
      if (segment.ended_at >= now - retention) break;
      last = i;
    }
    if (last < 0) return;
    const expired = segments.slice(0, last + 1);
    // Rows first, so no row points at a deleted object.
    rows.forget(expired.at(-1)!.to_seq);
    await this.env().SNAPSHOTS.delete(expired.map((s) => s.key));
    logEvent("info", "history_expired", { room: this.room, through: expired.at(-1)!.to_seq, segments: expired.length });
  }
}
