/**
 * One Durable Object per room: it orders every edit, stores it before anyone sees it, and
 * relays it over hibernatable WebSockets. Logic lives in the modules it calls; this class
 * wires the runtime's events to them.
 */
import { DurableObject } from "cloudflare:workers";
import * as Y from "yjs";
import type { RoomAccess } from "../auth/access";
import { type AccessPolicy, canEdit, resolveRole } from "../domain/rooms";
import { type Anchor, resolveAnchor, type ResolvedAnchor } from "../document/anchor";
import { readLimits, readSnapshotPolicy, type RoomLimits } from "../config";
import type { Env } from "../env";
import { errorBody, statusOf } from "../errors";
import { compactionDue } from "../storage/compaction";
import { logEvent } from "../log";
import { closeConnection, openConnection } from "../storage/connections";
import { UpdateLog } from "../storage/log";
import type { VersionRow } from "../storage/versions";
import { type Attachment, Attachments } from "./attachment";
import { AwarenessStore, removalsFor, trackOwnedClients } from "./awareness";
import { answerToClose, CLOSE, type CloseCode } from "../wire/close-codes";
import { type RoomEvent, writeEvent } from "../wire/events";
import { dataPoint, RoomMetrics, type RoomFigures } from "./metrics";
import { PresenceBatch, presenceWindowMs } from "./presence-batch";
import { revertUpdate } from "../document/revert";
import { Snapshots } from "./snapshots";
import { splitUpdate } from "../document/split-update";
import { admitMessage, admitPresence, type Budget, type BudgetLimits, budgetLimits } from "./rate-limit";
import {
  ACK_READ_ONLY,
  ACK_STORED,
  type AwarenessEntry,
  ProtocolError,
  readAwarenessClocks,
  readMessage,
  writeAck,
  writeAwareness,
  writeQueryAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from "../wire/protocol";
import { isEmptyUpdate, validateUpdate } from "../document/update";
import { ACCESS_HEADER } from "../objects";

/**
 * Awareness client ids one socket may own: a stock client announces one. The cap keeps the
 * attachment under its 2 KiB limit whatever a client claims.
 */
const MAX_OWNED_CLIENTS = 8;

/**
 * Edits arriving closer together than this are written together (see #writeQueued): the
 * room is then receiving them faster than it can commit them one by one.
 */
const BURST_MS = 3;

/** Message type, sync type and the payload's length prefix. */
const FRAME_HEADER_BYTES = 16;

export class Room extends DurableObject<Env> {
  readonly #limits: RoomLimits;
  #log: UpdateLog;
  readonly #awareness = new AwarenessStore();
  /** Presence waiting to be relayed (see PresenceBatch); a pending flush keeps the object awake for at most 250 ms. */
  readonly #presence = new PresenceBatch();
  readonly #metrics = new RoomMetrics();
  #doc: Y.Doc | undefined;
  /** The shared full-document answer for newcomers, valid for one sequence number and document. */
  #fullSync: { seq: number; doc: Y.Doc; frames: Uint8Array[] } | undefined;
  readonly #budgetLimits: BudgetLimits;
  /**
   * Rate-limit buckets per socket. Memory only: a room hibernates only when its sockets are
   * quiet, and a quiet socket's bucket is full anyway.
   */
  readonly #budgets = new WeakMap<WebSocket, Budget>();
  /**
   * Frames of sockets over their budget, waiting for it to refill (see rate-limit.ts).
   * Memory only: a room with held frames has a timer running and does not hibernate.
   */
  readonly #held = new Map<WebSocket, Array<{ frame: ArrayBuffer; due: number }>>();
  readonly #attachments = new Attachments();
  /** Awareness client id → owning socket; derived from attachments, rebuilt after a wake-up. */
  #owners: Map<number, WebSocket> | undefined;
  readonly #snapshots: Snapshots;
  /** This instance has set the alarm for the next snapshot (saves a storage call per edit). */
  #snapshotPlanned = false;
  /** Empty storage was checked against the room's versions in R2 (see #ready). */
  #ready = false;
  /**
   * Edits in the document but not yet in the log, with the sends that must wait for them
   * (relays, acks): see #queueWrite. Whatever reads the document for anyone else writes
   * them first (#flush).
   */
  #pending: { updates: Array<{ update: Uint8Array; origin: unknown }>; bytes: number; sends: Array<() => void>; deferred: boolean } | null = null;
  /** When the last edit was integrated: edits closer than BURST_MS apart are written together. */
  #lastEditAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#limits = readLimits(env);
    this.#budgetLimits = budgetLimits(this.#limits);
    this.#log = new UpdateLog(ctx.storage);
    // Rooms are always addressed by name (idFromName), which is the room's key in R2 and D1.
    this.#snapshots = new Snapshots(ctx.id.name ?? ctx.id.toString(), () => this.env, () => this.#log, readSnapshotPolicy(env));
    // Keep-alives are answered by the runtime without waking a hibernated room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /**
   * The document, loaded from storage on first use. Loading is synchronous (SQLite), so no
   * other event can interleave; if it throws, nothing is cached and the next event retries.
   * Awareness-only traffic never loads it.
   */
  get #document(): Y.Doc {
    if (this.#doc) return this.#doc;
    // Edits of a document that was dropped (see #integrate) are written first, so the
    // reloaded one has them too.
    this.#flush();
    const doc = new Y.Doc();
    this.#log.load(doc);
    doc.on("update", (update: Uint8Array, origin: unknown) => this.#changed(update, origin));
    this.#doc = doc;
    return doc;
  }

  /** The document with every edit in it stored: what anyone else may be shown of it. */
  #storedDocument(): Y.Doc {
    this.#flush();
    return this.#document;
  }

  override async fetch(request: Request): Promise<Response> {
    const access = JSON.parse(request.headers.get(ACCESS_HEADER) ?? "null") as RoomAccess | null;
    if (access === null || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("room sockets only", { status: 400 });
    }
    if (this.#log.deleted) {
      // An upgrade the Worker admitted just before the room was deleted.
      return Response.json(errorBody("room_not_found", "no such room"), { status: statusOf("room_not_found") });
    }
    try {
      await this.#load();
    } catch (err) {
      logEvent("error", "room_load_failed", { room: access.room, error: String(err) });
      return Response.json(errorBody("unavailable", "the room's storage cannot be read right now: try again later"), {
        status: statusOf("unavailable"),
        headers: { "Retry-After": "10" },
      });
    }
    if (this.ctx.getWebSockets().length >= this.#limits.maxConnections) {
      return Response.json(errorBody("room_full", "this room has reached its connection limit: try again later"), {
        status: statusOf("room_full"),
        headers: { "Retry-After": "30" },
      });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const params = new URL(request.url).searchParams;
    const acks = params.get("acks") === "1";
    const connection = { id: crypto.randomUUID(), updates: 0, bytes: 0 };
    const attachment: Attachment = { ...access, awareness: {}, acks, events: params.get("events") === "1", connection };
    this.#attachments.set(server, attachment);
    this.#record(
      openConnection(this.env.DB, { id: connection.id, room: this.#snapshots.room, user: access.user.id, role: access.role, at: Date.now() }),
    );
    server.send(writeSyncStep1(Y.encodeStateVector(this.#document)));
    const states = [...this.#awareness.live()];
    if (states.length > 0) server.send(writeAwareness(states));
    this.#queryLostAwareness();
    await this.#scheduleAlarm(access.expiresAt * 1000);
    this.#metrics.socketsOpened++;
    logEvent("info", "socket_open", {
      room: access.room,
      user: access.user.id,
      role: access.role,
      acks,
      connections: this.ctx.getWebSockets().length,
    });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Live figures of this room (RPC from the Worker, for `GET /api/rooms/:id/stats`). */
  async stats() {
    await this.#load();
    const { pendingEdits, ...figures } = this.#figures();
    const snapshot = this.#snapshots.state(figures.connections);
    return {
      ...figures,
      logBytes: this.#log.size.bytes,
      stateBytes: this.#log.stateBytes,
      snapshot: {
        seq: snapshot.snapshotSeq,
        at: snapshot.lastSnapshotAt === null ? null : new Date(snapshot.lastSnapshotAt).toISOString(),
        /** Edits not yet in a snapshot, and how long the oldest of them has waited. */
        pendingEdits,
        lagMs: snapshot.dirtySince === null ? 0 : Date.now() - snapshot.dirtySince,
        failures: snapshot.failures,
      },
      ...this.#metrics.toJSON(),
    };
  }

  #figures(): RoomFigures {
    const connections = this.ctx.getWebSockets().length;
    const snapshot = this.#snapshots.state(connections);
    return {
      connections,
      seq: this.#log.seq,
      documentBytes: this.#log.storedBytes,
      logRows: this.#log.size.rows,
      pendingEdits: snapshot.seq - snapshot.snapshotSeq,
    };
  }

  /** One Analytics Engine data point, when the deployment binds a dataset (METRICS). */
  #report(event: string): void {
    this.env.METRICS?.writeDataPoint(dataPoint(this.#snapshots.room, event, this.#figures(), this.#metrics));
  }

  /** The current document as one Yjs update, or null if it is still at `unlessSeq` (RPC). */
  async content(unlessSeq?: number): Promise<{ seq: number; update: Uint8Array | null }> {
    await this.#load();
    const seq = this.#log.seq;
    return { seq, update: seq === unlessSeq ? null : Y.encodeStateAsUpdate(this.#document) };
  }

  /**
   * Applies a Yjs update sent over HTTP as an edit by `by`, stored and relayed like any
   * other (RPC). The Worker validated it; an invalid one is refused here too, unapplied.
   */
  async edit(update: Uint8Array, by: string): Promise<{ ok: true; seq: number } | { ok: false; reason: "invalid_update" | "document_too_large" }> {
    await this.#load();
    try {
      validateUpdate(update);
    } catch {
      return { ok: false, reason: "invalid_update" };
    }
    const result = this.#integrate(update, `api:${by}`);
    this.#flush();
    return result === "stored" ? { ok: true, seq: this.#log.seq } : { ok: false, reason: result === "too_large" ? "document_too_large" : "invalid_update" };
  }

  /** Writes a named version of the document as it is now (RPC). */
  async snapshot(label: string, by: string): Promise<VersionRow> {
    await this.#load();
    return this.#snapshots.take(() => this.#storedDocument(), { kind: "named", label, by });
  }

  /**
   * Makes the document's content that of a version (its verified state, read by the
   * Worker) through one new edit that every connected client receives, then records the
   * result as a restore version: history is kept and the restore can itself be undone (RPC).
   */
  async restore(version: { seq: number; state: Uint8Array }, by: string): Promise<{ ok: true; version: VersionRow } | { ok: false; reason: "document_too_large" }> {
    await this.#load();
    const update = revertUpdate(this.#document, version.state);
    // Re-inserted content adds to the document: a full room may not take it back.
    const result = update === null ? "stored" : this.#integrate(update, `restore:${by}`);
    this.#flush();
    if (result === "too_large") return { ok: false, reason: "document_too_large" };
    if (result === "failed") throw new Error(`version ${version.seq} could not be applied`);
    const restored = await this.#snapshots.take(() => this.#storedDocument(), { kind: "restore", label: `Restored version ${version.seq}`, by });
    return { ok: true, version: restored };
  }

  /** Sends an event to every socket that opted in with `?events=1` (RPC from the Worker). */
  async publish(event: RoomEvent): Promise<void> {
    const frame = writeEvent(event);
    for (const ws of this.ctx.getWebSockets()) if (this.#attachments.get(ws).events) this.#send(ws, frame);
  }

  /** Where each comment anchor is in the document now (RPC from the Worker). */
  async resolveAnchors(anchors: Anchor[]): Promise<ResolvedAnchor[]> {
    await this.#load();
    return anchors.map((anchor) => resolveAnchor(this.#document, anchor));
  }

  /** Re-checks every open socket against a changed access policy (RPC from the Worker). */
  async applyPolicy(policy: AccessPolicy): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = this.#attachments.get(ws);
      const role = resolveRole(policy, attachment.user.id);
      if (role === null) this.#reject(ws, CLOSE.accessRevoked);
      else if (role !== attachment.role) this.#attachments.set(ws, { ...attachment, role });
    }
  }

  /** Closes every socket and deletes everything the room stored (RPC from the Worker). */
  async destroy(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) this.#reject(ws, CLOSE.roomDeleted);
    // Edits not yet written die with the room.
    this.#pending = null;
    this.#log.setDeleted(true);
    // A snapshot under way finishes first, so none lands in R2 or D1 after the Worker
    // cleared them.
    await this.#snapshots.idle();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // The same instance may serve a room created again under this id.
    this.#doc = undefined;
    this.#owners = undefined;
    this.#log = new UpdateLog(this.ctx.storage);
    this.#log.setDeleted(true);
    this.#snapshotPlanned = false;
  }

  /** Readies the object for a newly created room (RPC from the Worker): clears a tombstone. */
  async create(): Promise<void> {
    this.#log.setDeleted(false);
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    this.#guard(ws, () => this.#receive(ws, message));
  }

  /** Runs a message handler; a failure that is not the client's closes it with the transient 1011. */
  #guard(ws: WebSocket, handler: () => void): void {
    try {
      handler();
    } catch (err) {
      // Not the client's fault (protocol errors are handled inside): the in-memory document
      // may no longer match storage, so reload it next time, and let the client reconnect
      // (1011 is transient) and resync whatever was not stored.
      logEvent("error", "message_failed", { room: this.#attachments.get(ws).room, user: this.#attachments.get(ws).user.id, error: String(err) });
      this.#doc = undefined;
      // A failed write closed its senders already.
      if (ws.readyState === WebSocket.READY_STATE_OPEN) this.#reject(ws, CLOSE.internalError);
    }
  }

  /** Checks a frame's size and its sender's budget: handled now, held back, or refused. */
  #receive(ws: WebSocket, message: ArrayBuffer | string): void {
    // Frames a socket sent before the room closed it are still queued: drop them unread.
    if (ws.readyState !== WebSocket.READY_STATE_OPEN) return;
    const bytes = typeof message === "string" ? message.length : message.byteLength;
    this.#metrics.received(bytes);
    if (typeof message === "string") return this.#reject(ws, CLOSE.unsupportedData);
    if (bytes > this.#limits.maxMessageBytes) return this.#reject(ws, CLOSE.messageTooLarge);
    const now = Date.now();
    const traffic = admitMessage(this.#budgets.get(ws), this.#budgetLimits, bytes, now);
    this.#budgets.set(ws, traffic.budget);
    if (traffic.delayMs === null) return this.#reject(ws, CLOSE.rateLimited);
    const held = this.#held.get(ws);
    if (held === undefined && traffic.delayMs === 0) return this.#handle(ws, message);
    // Over budget: slowed, not refused. Its frames wait in order while everyone else's go on.
    this.#metrics.slowed++;
    if (held) held.push({ frame: message, due: now + traffic.delayMs });
    else {
      this.#held.set(ws, [{ frame: message, due: now + traffic.delayMs }]);
      setTimeout(() => this.#release(ws), traffic.delayMs);
    }
  }

  /** Handles the held frames of a slowed socket whose time has come, in order. */
  #release(ws: WebSocket): void {
    const held = this.#held.get(ws) ?? [];
    while (held.length > 0 && held[0]!.due <= Date.now()) {
      const { frame } = held.shift()!;
      this.#guard(ws, () => this.#handle(ws, frame));
    }
    if (held.length === 0 || ws.readyState !== WebSocket.READY_STATE_OPEN) this.#held.delete(ws);
    else setTimeout(() => this.#release(ws), held[0]!.due - Date.now());
  }

  #handle(ws: WebSocket, message: ArrayBuffer): void {
    if (ws.readyState !== WebSocket.READY_STATE_OPEN) return;
    // Most presence frames in a busy room are stock clients echoing what the room relayed:
    // recognised from ids and clocks alone, they are dropped before any JSON is parsed and
    // without spending the sender's presence budget, which its own moves need.
    if (this.#isEcho(ws, new Uint8Array(message))) {
      this.#metrics.echoes++;
      return;
    }
    let incoming;
    try {
      incoming = readMessage(new Uint8Array(message));
    } catch (err) {
      if (err instanceof ProtocolError) return this.#reject(ws, CLOSE.invalidMessage);
      throw err;
    }
    if (incoming.kind === "awareness" && incoming.entries.some((e) => e.state !== "null")) {
      // Removals always pass; other presence over budget is dropped, the next one supersedes it.
      const presence = admitPresence(this.#budgets.get(ws), this.#budgetLimits, Date.now());
      this.#budgets.set(ws, presence.budget);
      if (!presence.ok) return;
    }
    switch (incoming.kind) {
      case "sync-step1":
        for (const frame of this.#syncStep2For(incoming.stateVector)) this.#send(ws, frame);
        return;
      case "sync-step2":
      case "sync-update": {
        const { role, acks } = this.#attachments.get(ws);
        // Read-only sockets still complete the handshake; their edits are dropped unseen.
        const editable = canEdit(role);
        if (editable) {
          if (!this.#applyUpdate(ws, incoming.update)) return;
          if (!isEmptyUpdate(incoming.update)) this.#countUpdate(ws, incoming.update.byteLength);
        }
        // Carries the sequence number this edit will have, and is sent once it is written
        // (then held by the output gate until the write is durable): an ack is a promise.
        if (acks) {
          const ack = writeAck(this.#log.seq + (this.#pending?.updates.length ?? 0), editable ? ACK_STORED : ACK_READ_ONLY);
          this.#afterStore(() => this.#send(ws, ack));
        }
        return;
      }
      case "awareness":
        return this.#onAwareness(ws, incoming.entries);
      case "query-awareness":
        this.#send(ws, writeAwareness(this.#awareness.live()));
        return;
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    const { room, user } = this.#attachments.get(ws);
    logEvent("info", "socket_close", { room, user: user.id, code });
    this.#forget(ws, code);
    try {
      ws.close(answerToClose(code), reason);
    } catch {
      // Already closed: the runtime answered the close handshake itself.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#forget(ws, 1006);
  }

  /** Maintenance, off the edit path: compaction and snapshots when due, closing expired sockets. */
  override async alarm(): Promise<void> {
    this.#snapshotPlanned = false;
    if (this.#log.deleted) return;
    if (compactionDue(this.#log.size, this.#limits)) {
      const started = Date.now();
      const rows = this.#log.size.rows;
      this.#log.compact(Y.encodeStateAsUpdate(this.#storedDocument()));
      logEvent("info", "compacted", { seq: this.#log.seq, rows, stateBytes: this.#log.stateBytes, ms: Date.now() - started });
    }
    let next = Infinity;
    for (const ws of this.ctx.getWebSockets()) {
      const expiresAt = this.#attachments.get(ws).expiresAt * 1000;
      if (expiresAt <= Date.now()) this.#reject(ws, CLOSE.sessionExpired);
      else next = Math.min(next, expiresAt);
    }
    const connections = () => this.ctx.getWebSockets().length;
    const due = this.#snapshots.nextAt(connections(), Date.now());
    if (due !== null && due <= Date.now()) {
      // A failure is counted and logged by the snapshot; nextAt then answers the retry time.
      await this.#snapshots.take(() => this.#storedDocument(), { kind: "auto" }).catch(() => undefined);
    }
    const snapshotAt = this.#snapshots.nextAt(connections(), Date.now());
    if (snapshotAt !== null) {
      next = Math.min(next, snapshotAt);
      this.#snapshotPlanned = true;
    }
    if (next < Infinity) await this.#scheduleAlarm(next);
    this.#report("alarm");
  }

  /**
   * Sets the alarm for the next automatic snapshot unless this instance did already; the
   * alarm itself re-reads the policy and moves on if editing has not settled.
   */
  #planSnapshot(now: number, connections = this.ctx.getWebSockets().length): void {
    if (this.#snapshotPlanned && connections > 0) return;
    const at = this.#snapshots.nextAt(connections, now);
    if (at === null) return;
    this.#snapshotPlanned = true;
    void this.#scheduleAlarm(at);
  }

  /**
   * Readies the room's storage before a call reads it: edits waiting in memory are written,
   * and before its first use by this instance a room with nothing stored (first start in a
   * new location, storage lost) starts from its latest verified version in R2. Other events
   * wait; if R2 or D1 cannot answer this throws, and the next event tries again.
   */
  async #load(): Promise<void> {
    this.#flush();
    if (this.#ready) return;
    if (this.#log.empty && !this.#log.deleted) {
      await this.ctx.blockConcurrencyWhile(async () => {
        if (!this.#log.empty) return;
        const latest = await this.#snapshots.latest();
        if (latest === null) return;
        this.#log.restore(latest.state, latest.version.seq);
        this.#snapshots.restored(latest.version);
        this.#doc = undefined;
        logEvent("warn", "restored_from_snapshot", { room: this.#snapshots.room, seq: latest.version.seq, bytes: latest.state.byteLength });
      });
    }
    this.#ready = true;
  }

  /**
   * Counts an edit a socket sent, for its connection record. The cached attachment always
   * holds the count; it is written through every 32 edits only, to keep a write off the
   * per-keystroke path, so a wake-up after hibernation may forget the last few.
   */
  #countUpdate(ws: WebSocket, bytes: number): void {
    const attachment = this.#attachments.get(ws);
    attachment.connection.updates++;
    attachment.connection.bytes += bytes;
    if (attachment.connection.updates % 32 === 0) this.#attachments.set(ws, attachment);
  }

  /** Connection history goes to D1 beside the edit path: a failure is logged, never felt. */
  #record(write: Promise<void>): void {
    this.ctx.waitUntil(write.catch((err: unknown) => logEvent("warn", "connection_record_failed", { room: this.#snapshots.room, error: String(err) })));
  }

  /**
   * The answer to a sync step 1. A newcomer (empty state vector) needs the whole document:
   * that answer is computed once per document version and shared, so a join storm of many
   * clients costs one encoding instead of one each.
   */
  #syncStep2For(stateVector: Uint8Array): Uint8Array[] {
    // What a client is told is in the room must be stored first, like every relayed edit.
    const doc = this.#storedDocument();
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (!empty) return this.#syncFrames(Y.encodeStateAsUpdate(doc, stateVector));
    if (this.#fullSync?.seq !== this.#log.seq || this.#fullSync.doc !== doc) {
      this.#fullSync = { seq: this.#log.seq, doc, frames: this.#syncFrames(Y.encodeStateAsUpdate(doc)) };
    }
    return this.#fullSync.frames;
  }

  /**
   * An answer larger than the sync frame size goes as several updates, the sync step 2 last:
   * a stock client counts as synced only once it has everything.
   */
  #syncFrames(update: Uint8Array): Uint8Array[] {
    const parts = splitUpdate(update, this.#limits.syncFrameBytes - FRAME_HEADER_BYTES);
    return parts.map((part, i) => (i === parts.length - 1 ? writeSyncStep2(part) : writeUpdate(part)));
  }

  /** Applies an editor's update; false if it was refused and the sender was closed. */
  #applyUpdate(ws: WebSocket, update: Uint8Array): boolean {
    const result = this.#integrate(update, ws);
    if (result === "too_large") this.#reject(ws, CLOSE.documentTooLarge);
    if (result === "failed") this.#reject(ws, CLOSE.invalidMessage);
    return result === "stored";
  }

  /**
   * Integrates an update into the document; every change it makes is queued for storage and
   * relay by #changed. Throws only when the room's own storage fails.
   */
  #integrate(update: Uint8Array, origin: unknown): "stored" | "too_large" | "failed" {
    const doc = this.#document;
    let result: "stored" | "too_large" | "failed" = "stored";
    try {
      Y.applyUpdate(doc, update, origin);
      if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
        // Parts of it wait for structs the room has not seen (e.g. an edit that travelled
        // between a client's tabs first). They are not in the document yet, so no update
        // event stored them: keep the update as sent, so that a reload brings them back
        // and an acknowledgement stays true.
        this.#queueWrite(update, null);
      }
    } catch (err) {
      // Refused before it was stored, or Yjs failing mid-integration (the update was parsed
      // in full before): memory may hold what storage does not, so the next event reloads
      // exactly what is stored.
      this.#doc = undefined;
      if (err instanceof DocumentTooLarge) result = "too_large";
      else {
        const user = origin instanceof WebSocket ? this.#attachments.get(origin).user.id : String(origin);
        logEvent("error", "update_failed", { room: this.#snapshots.room, user, error: String(err) });
        result = "failed";
      }
    }
    // Also after a failure: what Yjs changed before failing was queued, and is what the
    // reloaded document will hold.
    this.#writeQueued();
    return result;
  }

  /**
   * Runs for every transaction that changed the document, with the effective update, which
   * is stored before anyone else sees it. Updates that change nothing (duplicates, or
   * structs waiting for missing ones) never reach here, so the log holds only what the
   * document really contains.
   */
  #changed(update: Uint8Array, origin: unknown): void {
    // Deletions stay possible in a full room (they add no content), so people can shrink it.
    const bytes = this.#log.storedBytes + (this.#pending?.bytes ?? 0) + update.byteLength;
    if (bytes > this.#limits.maxDocumentBytes && Y.decodeUpdate(update).structs.length > 0) throw new DocumentTooLarge();
    this.#queueWrite(update, origin);
  }

  /** Queues an update for the log and its relay to everyone but `origin` (null: not relayed). */
  #queueWrite(update: Uint8Array, origin: unknown): void {
    this.#pending ??= { updates: [], bytes: 0, sends: [], deferred: false };
    this.#pending.updates.push({ update, origin });
    this.#pending.bytes += update.byteLength;
    if (origin !== null) this.#pending.sends.push(() => this.#broadcast(writeUpdate(update), origin));
  }

  /**
   * Writes the queued edits now, unless edits are arriving faster than BURST_MS apart: then
   * from a timer, which runs once the messages already waiting have been handled. Every
   * event that writes commits a transaction of its own, which costs far more than the rows
   * (docs/benchmarks.md), so a burst's edits share one; a lone edit is not kept waiting.
   */
  #writeQueued(): void {
    const now = Date.now();
    const previous = this.#lastEditAt;
    this.#lastEditAt = now;
    const pending = this.#pending;
    if (pending === null || pending.deferred) return;
    if (now - previous >= BURST_MS) return this.#flush();
    pending.deferred = true;
    setTimeout(() => this.#flushLogged(), 0);
  }

  /** Runs `send` once the edits before it are stored: now, if none is waiting. */
  #afterStore(send: () => void): void {
    if (this.#pending === null) send();
    else this.#pending.sends.push(send);
  }

  /**
   * Appends the waiting edits to the log, then sends what waited for them (the output gate
   * holds those sends until the write is durable). On a storage failure nothing is sent,
   * the document is reloaded from what is stored, and the sockets whose edits were lost
   * are closed with the transient 1011, so their clients reconnect and send them again.
   */
  #flush(): void {
    const batch = this.#pending;
    if (batch === null) return;
    this.#pending = null;
    try {
      this.ctx.storage.transactionSync(() => {
        for (const { update } of batch.updates) this.#log.append(update);
      });
    } catch (err) {
      this.#doc = undefined;
      for (const { origin } of batch.updates) {
        if (origin instanceof WebSocket && origin.readyState === WebSocket.READY_STATE_OPEN) this.#reject(origin, CLOSE.internalError);
      }
      throw new StorageError(err);
    }
    this.#metrics.wrote(batch.updates.length);
    for (const send of batch.sends) send();
    const now = Date.now();
    this.#snapshots.edited(now);
    if (compactionDue(this.#log.size, this.#limits)) void this.#scheduleAlarm(now);
    else this.#planSnapshot(now);
  }

  /** #flush from its timer, where a failure (already handled) only needs logging. */
  #flushLogged(): void {
    try {
      this.#flush();
    } catch (err) {
      logEvent("error", "store_failed", { room: this.#snapshots.room, error: String(err) });
    }
  }

  #onAwareness(ws: WebSocket, entries: AwarenessEntry[]): void {
    const attachment = this.#attachments.get(ws);
    const owners = this.#ownerIndex();
    const changed = trackOwnedClients(attachment.awareness, entries, MAX_OWNED_CLIENTS, (id) => {
      const owner = owners.get(id);
      return owner !== undefined && owner !== ws;
    });
    if (changed) {
      this.#attachments.set(ws, attachment);
      for (const { clientId, state } of entries) {
        if (state === "null") {
          if (owners.get(clientId) === ws) owners.delete(clientId);
        } else if (String(clientId) in attachment.awareness) {
          owners.set(clientId, ws);
        }
      }
    }
    const { applied, outdated } = this.#awareness.apply(entries);
    // A stock client re-announces itself after a reconnect with its old clock, which peers
    // ignore because they saw it removed at that clock. Telling it about the removal makes
    // y-protocols bump its clock and announce again, so its presence returns at once.
    const stale = outdated.filter((id) => String(id) in attachment.awareness);
    if (stale.length > 0) this.#send(ws, writeAwareness(this.#awareness.entriesFor(stale)));
    // Only what changed is relayed: stock clients send back every presence they receive, and
    // relaying those echoes would turn one cursor move into N² frames. The sender gets it
    // too, as from the reference server: a stock client that hears nothing for 30 s
    // reconnects, and the echo of its own 15 s renewal keeps a lone client connected.
    this.#relayPresence(applied);
  }

  /**
   * A socket left: complete its connection record, snapshot soon if it was the last one,
   * and remove the presence it announced, for everyone still here.
   */
  #forget(ws: WebSocket, code: number): void {
    this.#held.delete(ws);
    const attachment = this.#attachments.get(ws);
    if (!attachment.connection.ended) {
      const { id, updates, bytes } = attachment.connection;
      attachment.connection.ended = true;
      this.#attachments.set(ws, attachment);
      this.#record(closeConnection(this.env.DB, { id, at: Date.now(), code, updates, bytes }));
      const others = this.ctx.getWebSockets().filter((s) => s !== ws && s.readyState === WebSocket.READY_STATE_OPEN);
      if (others.length === 0) {
        this.#planSnapshot(Date.now(), 0);
        this.#report("idle");
      }
    }
    const removals = removalsFor(attachment.awareness);
    if (removals.length === 0) return;
    const owners = this.#ownerIndex();
    for (const { clientId } of removals) if (owners.get(clientId) === ws) owners.delete(clientId);
    this.#attachments.set(ws, { ...attachment, awareness: {} });
    this.#relayPresence(this.#awareness.apply(removals).applied);
  }

  /**
   * After a wake-up the in-memory awareness is empty while the attachments still list who
   * is present: ask those sockets to send their states again so a newcomer sees them.
   */
  #queryLostAwareness(): void {
    const query = writeQueryAwareness();
    const asked = new Set<WebSocket>();
    for (const [clientId, ws] of this.#ownerIndex()) {
      if (this.#awareness.has(clientId) || asked.has(ws)) continue;
      asked.add(ws);
      this.#send(ws, query);
    }
  }

  #ownerIndex(): Map<number, WebSocket> {
    if (this.#owners) return this.#owners;
    const owners = new Map<number, WebSocket>();
    for (const ws of this.ctx.getWebSockets()) {
      for (const id of Object.keys(this.#attachments.get(ws).awareness)) owners.set(Number(id), ws);
    }
    this.#owners = owners;
    return owners;
  }

  /**
   * Whether a presence frame only repeats what the room holds about clients other sockets
   * own. An echo never lists more clients than the room knows, which bounds the reading.
   */
  #isEcho(ws: WebSocket, frame: Uint8Array): boolean {
    const owners = this.#ownerIndex();
    const clocks = readAwarenessClocks(frame, owners.size);
    if (clocks === null || clocks.length === 0) return false;
    return clocks.every(({ clientId }) => {
      const owner = owners.get(clientId);
      return owner !== undefined && owner !== ws;
    }) && this.#awareness.changesNothing(clocks);
  }

  /** Queues presence for everyone; the first entries of a batch schedule its flush. */
  #relayPresence(entries: AwarenessEntry[]): void {
    if (!this.#presence.add(entries)) return;
    setTimeout(() => {
      const batch = this.#presence.take();
      if (batch.length > 0) this.#broadcast(writeAwareness(batch));
    }, presenceWindowMs(this.ctx.getWebSockets().length));
  }

  #broadcast(frame: Uint8Array | ArrayBuffer, except?: unknown): void {
    for (const ws of this.ctx.getWebSockets()) {
      if (ws !== except) this.#send(ws, frame);
    }
  }

  #send(ws: WebSocket, frame: Uint8Array | ArrayBuffer): void {
    try {
      ws.send(frame);
      this.#metrics.sent(frame.byteLength);
    } catch {
      // The socket is closing; its close event cleans up after it.
    }
  }

  #reject(ws: WebSocket, { code, reason }: CloseCode): void {
    const { room, user } = this.#attachments.get(ws);
    this.#metrics.closedByRoom(reason);
    logEvent("warn", "socket_closed_by_room", { room, user: user.id, code, reason });
    this.#forget(ws, code);
    try {
      ws.close(code, reason);
    } catch {
      // Already closing: nothing more to say to it.
    }
  }

  /**
   * Makes sure the alarm runs by `at`. One alarm serves compaction and token expiry; it is
   * stored by the runtime, so unlike a timer it survives eviction and allows hibernation.
   */
  async #scheduleAlarm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }
}

/** A failed write to the room's own storage. */
class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(cause: unknown) {
    super("storage write failed", { cause });
  }
}

/** Storing an update would take the document past MAX_DOCUMENT_BYTES. */
class DocumentTooLarge extends Error {
  override readonly name = "DocumentTooLarge";
}
