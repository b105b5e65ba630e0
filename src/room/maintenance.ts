/**
 * A room's storage over time, beside the edit path: brought back from its latest verified
 * version when a room finds nothing stored, compacted, and snapshotted, all on one alarm.
 * The alarm is stored by the runtime, so unlike a timer it survives eviction and allows
 * hibernation.
 */
import type { RoomLimits } from "../config";
import { logEvent } from "../log";
import { compactionDue } from "../storage/compaction";
import type { DocumentStore } from "./document-store";
import type { Snapshots } from "./snapshots";

export class Maintenance<O extends object | string> {
  readonly #ctx: DurableObjectState;
  readonly #store: DocumentStore<O>;
  readonly #snapshots: Snapshots;
  readonly #limits: Pick<RoomLimits, "compactMaxRows" | "compactMaxBytes">;
  /** This instance has set the alarm for the next snapshot (saves a storage call per edit). */
  #snapshotPlanned = false;
  /** Empty storage was checked against the room's versions in R2 (see ready). */
  #ready = false;

  constructor(ctx: DurableObjectState, store: DocumentStore<O>, snapshots: Snapshots, limits: Pick<RoomLimits, "compactMaxRows" | "compactMaxBytes">) {
    this.#ctx = ctx;
    this.#store = store;
    this.#snapshots = snapshots;
    this.#limits = limits;
  }

  /**
   * Readies the room's storage before a call reads it: edits waiting in memory are written,
   * and before its first use by this instance a room with nothing stored (first start in a
   * new location, storage lost) starts from its latest verified version in R2. Other events
   * wait; if R2 or D1 cannot answer this throws, and the next event tries again.
   */
  async ready(): Promise<void> {
    this.#store.write();
    if (this.#ready) return;
    const log = this.#store.log;
    if (log.empty && !log.deleted) {
      await this.#ctx.blockConcurrencyWhile(async () => {
        if (!this.#store.log.empty) return;
        const latest = await this.#snapshots.latest();
        if (latest === null) return;
        this.#store.startFrom(latest.state, latest.version.seq);
        this.#snapshots.restored(latest.version);
        logEvent("warn", "restored_from_snapshot", { room: this.#snapshots.room, seq: latest.version.seq, bytes: latest.state.byteLength });
      });
    }
    this.#ready = true;
  }

  /** Edits were written at `now`: compaction at once if the log is due, else the next snapshot. */
  written(now: number): void {
    this.#snapshots.edited(now);
    if (compactionDue(this.#store.log.size, this.#limits)) void this.schedule(now);
    else this.#planSnapshot(now, this.#ctx.getWebSockets().length);
  }

  /** The last socket left: snapshot soon. */
  lastLeft(now: number): void {
    this.#planSnapshot(now, 0);
  }

  /**
   * Sets the alarm for the next automatic snapshot unless this instance did already; the
   * alarm itself re-reads the policy and moves on if editing has not settled.
   */
  #planSnapshot(now: number, connections: number): void {
    if (this.#snapshotPlanned && connections > 0) return;
    const at = this.#snapshots.nextAt(connections, now);
    if (at === null) return;
    this.#snapshotPlanned = true;
    void this.schedule(at);
  }

  /** The alarm ran, or was deleted with the room: the next edit plans a snapshot again. */
  forgetPlan(): void {
    this.#snapshotPlanned = false;
  }

  /**
   * The alarm's work, once the room closed its expired sockets: compaction and a snapshot
   * when due, then the alarm again for the next snapshot or `nextExpiry`, whichever is first.
   */
  async run(nextExpiry: number): Promise<void> {
    const log = this.#store.log;
    if (compactionDue(log.size, this.#limits)) {
      const started = Date.now();
      const rows = log.size.rows;
      this.#store.compact();
      logEvent("info", "compacted", { seq: log.seq, rows, stateBytes: log.stateBytes, ms: Date.now() - started });
    }
    const connections = () => this.#ctx.getWebSockets().length;
    const due = this.#snapshots.nextAt(connections(), Date.now());
    if (due !== null && due <= Date.now()) {
      // A failure is counted and logged by the snapshot; nextAt then answers the retry time.
      await this.#snapshots.take(() => this.#store.stored(), { kind: "auto" }).catch(() => undefined);
    }
    let next = nextExpiry;
    const snapshotAt = this.#snapshots.nextAt(connections(), Date.now());
    if (snapshotAt !== null) {
      next = Math.min(next, snapshotAt);
      this.#snapshotPlanned = true;
    }
    if (next < Infinity) await this.schedule(next);
  }

  /** Makes sure the alarm runs by `at` (one alarm serves compaction, snapshots and token expiry). */
  async schedule(at: number): Promise<void> {
    const current = await this.#ctx.storage.getAlarm();
    if (current === null || current > at) await this.#ctx.storage.setAlarm(at);
  }
}
