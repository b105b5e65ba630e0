/**
 * A room's snapshots: writes verified versions of its document to R2 and D1, truncates its
 * log only behind a verified one, thins old automatic versions, and brings a room whose own
 * storage is empty back from the latest good version. The room decides when (its alarm,
 * with snapshot-policy.ts); this does the I/O, one snapshot at a time.
 */
import * as Y from "yjs";
import { readFileLimits, type SnapshotPolicy } from "../config";
import type { VersionKind } from "../domain/rooms";
import type { Env } from "../env";
import { logEvent } from "../log";
import { collectUnusedFiles } from "../storage/file-collection";
import type { UpdateLog } from "../storage/log";
import { versionsToThin } from "../storage/retention";
import { nextSnapshotAt, type SnapshotState } from "../storage/snapshot-policy";
import { readSnapshot, SnapshotError, type StoredSnapshot, writeSnapshot } from "../storage/snapshots";
import { deleteVersions, findVersion, listVersions, recordVersion, type VersionRow, versionRefs } from "../storage/versions";
import { emitEvent } from "../webhooks/emit";

/** Bookkeeping kept in the log's meta table, so it survives eviction. */
const META = {
  seq: "snapshot_seq",
  at: "snapshot_at",
  failures: "snapshot_failures",
  failedAt: "snapshot_failed_at",
} as const;

export interface SnapshotRequest {
  kind: VersionKind;
  label?: string | null;
  by?: string | null;
}

export class Snapshots {
  /** Edits this instance saw since the last snapshot (memory only: see nextSnapshotAt). */
  #lastEditAt: number | null = null;
  #dirtySince: number | null = null;
  /** The snapshot under way; the next one waits for it. */
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    readonly room: string,
    private readonly env: () => Pick<Env, "SNAPSHOTS" | "DB" | "WEBHOOK_QUEUE" | "FILE_GRACE_SECONDS">,
    private readonly log: () => UpdateLog,
    private readonly policy: SnapshotPolicy,
  ) {}

  /** Called for every stored edit. */
  edited(now: number): void {
    this.#lastEditAt = now;
    this.#dirtySince ??= now;
  }

  state(connections: number): SnapshotState {
    const log = this.log();
    return {
      seq: log.seq,
      snapshotSeq: log.readMeta(META.seq) ?? 0,
      lastSnapshotAt: log.readMeta(META.at),
      lastEditAt: this.#lastEditAt,
      dirtySince: this.#dirtySince,
      connections,
      failures: log.readMeta(META.failures) ?? 0,
      lastFailureAt: log.readMeta(META.failedAt),
    };
  }

  /** When the next automatic snapshot is due; null if the latest one holds everything. */
  nextAt(connections: number, now: number): number | null {
    return nextSnapshotAt(this.state(connections), this.policy, now);
  }

  /** Waits for the snapshot under way, if any (before the room's storage is wiped). */
  async idle(): Promise<void> {
    await this.#running.catch(() => undefined);
  }

  /**
   * Writes a version of the document as `stored()` gives it when this snapshot's turn comes
   * (after one under way): every edit in it stored. Resolves once it is in R2, read back,
   * verified and recorded in D1; only then is the log truncated. On failure nothing was
   * truncated, the failure is counted for the retry backoff, and the error is rethrown.
   */
  take(stored: () => Y.Doc, request: SnapshotRequest): Promise<VersionRow> {
    const run = this.#running.catch(() => undefined).then(() => this.#take(stored(), request));
    this.#running = run;
    return run;
  }

  async #take(doc: Y.Doc, { kind, label = null, by = null }: SnapshotRequest): Promise<VersionRow> {
    const log = this.log();
    // Encoded in this turn, so the state is exactly the one of `seq`.
    const seq = log.seq;
    const state = Y.encodeStateAsUpdate(doc);
    const dirtySince = this.#dirtySince;
    const editedAt = this.#lastEditAt;
    const started = Date.now();
    const { SNAPSHOTS, DB } = this.env();
    try {
      // A version of this sequence number exists (e.g. naming what an automatic snapshot
      // holds): keep its verified object rather than overwrite what D1 points at.
      const existing = await findVersion(DB, this.room, seq);
      const stored: StoredSnapshot = existing
        ? { key: existing.r2_key, bytes: existing.bytes, checksum: existing.checksum }
        : await writeSnapshot(SNAPSHOTS, this.room, seq, state);
      const createdAt = Date.now();
      const version = await recordVersion(DB, { room: this.room, seq, stored, docBytes: state.byteLength, kind, label, createdBy: by, createdAt, editedAt });
      if (this.log() !== log) return version; // the room was deleted meanwhile
      const previousSeq = log.readMeta(META.seq) ?? 0;
      log.compact(state, seq);
      log.writeMeta({ [META.seq]: seq, [META.at]: createdAt, [META.failures]: null, [META.failedAt]: null });
      // Edits that arrived while this one was written still wait for the next snapshot.
      if (this.#dirtySince === dirtySince) this.#dirtySince = log.seq > seq ? this.#lastEditAt : null;
      logEvent("info", "snapshot", { room: this.room, seq, kind, bytes: stored.bytes, docBytes: state.byteLength, ms: Date.now() - started });
      await this.#announce(version, seq > previousSeq);
      if (kind === "auto") {
        await this.#thin();
        await this.#collectFiles(state);
      }
      return version;
    } catch (err) {
      if (this.log() === log) {
        log.writeMeta({ [META.failures]: (log.readMeta(META.failures) ?? 0) + 1, [META.failedAt]: Date.now() });
      }
      logEvent("error", "snapshot_failed", { room: this.room, seq, kind, error: String(err) });
      throw err;
    }
  }

  /**
   * Raises the webhook events of a snapshot: `version.created`, and `document.updated` when
   * it holds edits the previous one did not. Snapshots wait for edits to settle, so this is
   * the debounced "the document changed" (docs/webhooks.md).
   */
  async #announce(version: VersionRow, newEdits: boolean): Promise<void> {
    const env = this.env();
    const room = this.room;
    const { seq, doc_bytes: documentBytes } = version;
    await Promise.all([
      emitEvent(env, {
        type: "version.created",
        room,
        data: { seq, kind: version.kind, label: version.label, created_by: version.created_by, document_bytes: documentBytes },
      }),
      newEdits &&
        emitEvent(env, {
          type: "document.updated",
          room,
          data: { seq, document_bytes: documentBytes, edited_at: this.#lastEditAt === null ? null : new Date(this.#lastEditAt).toISOString() },
        }),
    ]);
  }

  /** Deletes the automatic versions retention lets go: D1 rows first, so none points at a missing object. */
  async #thin(): Promise<void> {
    const { SNAPSHOTS, DB } = this.env();
    try {
      const refs = await versionRefs(DB, this.room);
      const thinned = new Set(versionsToThin(refs, Date.now()));
      if (thinned.size === 0) return;
      await deleteVersions(DB, this.room, [...thinned]);
      await SNAPSHOTS.delete(refs.filter((r) => thinned.has(r.seq)).map((r) => r.key));
      logEvent("info", "versions_thinned", { room: this.room, count: thinned.size });
    } catch (err) {
      // Retried after the next snapshot; an object left behind is removed with the room.
      logEvent("warn", "thinning_failed", { room: this.room, error: String(err) });
    }
  }

  /** Deletes the room's files that neither this state nor a kept version uses (storage/file-collection.ts). */
  async #collectFiles(state: Uint8Array): Promise<void> {
    const env = this.env();
    try {
      await collectUnusedFiles(env, this.room, state, { now: Date.now(), graceMs: readFileLimits(env).graceMs });
    } catch (err) {
      // Tried again after the next automatic snapshot; nothing was deleted that is in use.
      logEvent("warn", "file_collection_failed", { room: this.room, error: String(err) });
    }
  }

  /**
   * For a room with nothing stored: the latest version that verifies, newest first, or null
   * for a new room. Throws if R2 or D1 cannot answer, so the room refuses to start empty
   * over a history it could not read.
   */
  async latest(): Promise<{ version: VersionRow; state: Uint8Array } | null> {
    const { SNAPSHOTS, DB } = this.env();
    for (const version of await listVersions(DB, this.room)) {
      try {
        return { version, state: await readSnapshot(SNAPSHOTS, version.r2_key, version.checksum) };
      } catch (err) {
        if (!(err instanceof SnapshotError)) throw err;
        logEvent("error", "snapshot_unusable", { room: this.room, seq: version.seq, error: err.message });
      }
    }
    return null;
  }

  /** Records that the room's storage now starts from `version`. */
  restored(version: VersionRow): void {
    this.log().writeMeta({ [META.seq]: version.seq, [META.at]: version.created_at });
  }
}
