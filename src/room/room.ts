/**
 * One Durable Object per room: it orders every edit, stores it before anyone sees it, and
 * relays it over hibernatable WebSockets. Logic lives in the modules it calls; this class
 * wires the runtime's events to them.
 */
import { DurableObject } from "cloudflare:workers";
import * as Y from "yjs";
import { type AccessPolicy, canEdit, resolveRole, type RoomAccess } from "../auth/access";
import { readLimits, type RoomLimits } from "../config";
import type { Env } from "../env";
import { errorBody, statusOf } from "../errors";
import { compactionDue } from "../storage/compaction";
import { logEvent } from "../log";
import { UpdateLog } from "../storage/log";
import { type Attachment, attachmentOf } from "./attachment";
import { AwarenessStore, removalsFor, trackOwnedClients } from "./awareness";
import { CLOSE, type CloseCode } from "./close-codes";
import { RoomMetrics } from "./metrics";
import { admitMessage, admitPresence, type Budget, type BudgetLimits, budgetLimits } from "./rate-limit";
import {
  ACK_READ_ONLY,
  ACK_STORED,
  type AwarenessEntry,
  ProtocolError,
  readMessage,
  writeAck,
  writeAwareness,
  writeQueryAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from "./protocol";

/**
 * Awareness client ids one socket may own: a stock client announces one. The cap keeps the
 * attachment under its 2 KiB limit whatever a client claims.
 */
const MAX_OWNED_CLIENTS = 8;

/** The Worker puts the verified caller here; the room trusts nothing else from the request. */
export const ACCESS_HEADER = "X-Edge-Rooms-Access";

export class Room extends DurableObject<Env> {
  readonly #limits: RoomLimits;
  #log: UpdateLog;
  readonly #awareness = new AwarenessStore();
  readonly #metrics = new RoomMetrics();
  #doc: Y.Doc | undefined;
  /** The shared full-document answer for newcomers, valid for one sequence number and document. */
  #fullSync: { seq: number; doc: Y.Doc; frame: Uint8Array } | undefined;
  readonly #budgetLimits: BudgetLimits;
  /**
   * Rate-limit buckets per socket. Memory only: a room hibernates only when its sockets are
   * quiet, and a quiet socket's bucket is full anyway.
   */
  readonly #budgets = new WeakMap<WebSocket, Budget>();
  /** Awareness client id → owning socket; derived from attachments, rebuilt after a wake-up. */
  #owners: Map<number, WebSocket> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#limits = readLimits(env);
    this.#budgetLimits = budgetLimits(this.#limits);
    this.#log = new UpdateLog(ctx.storage);
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
    const doc = new Y.Doc();
    this.#log.load(doc);
    doc.on("update", (update: Uint8Array, origin: unknown) => this.#stored(update, origin));
    this.#doc = doc;
    return doc;
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
    if (this.ctx.getWebSockets().length >= this.#limits.maxConnections) {
      return Response.json(errorBody("room_full", "this room has reached its connection limit: try again later"), {
        status: statusOf("room_full"),
        headers: { "Retry-After": "30" },
      });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const acks = new URL(request.url).searchParams.get("acks") === "1";
    const attachment: Attachment = { ...access, awareness: {}, acks };
    server.serializeAttachment(attachment);
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
    const log = this.#log.size;
    return {
      connections: this.ctx.getWebSockets().length,
      seq: this.#log.seq,
      logRows: log.rows,
      logBytes: log.bytes,
      stateBytes: this.#log.stateBytes,
      ...this.#metrics.toJSON(),
    };
  }

  /** Re-checks every open socket against a changed access policy (RPC from the Worker). */
  async applyPolicy(policy: AccessPolicy): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      const role = resolveRole(policy, attachment.user.id);
      if (role === null) this.#reject(ws, CLOSE.accessRevoked);
      else if (role !== attachment.role) ws.serializeAttachment({ ...attachment, role });
    }
  }

  /** Closes every socket and deletes everything the room stored (RPC from the Worker). */
  async destroy(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) this.#reject(ws, CLOSE.roomDeleted);
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // The same instance may serve a room created again under this id.
    this.#doc = undefined;
    this.#owners = undefined;
    this.#log = new UpdateLog(this.ctx.storage);
    this.#log.setDeleted(true);
  }

  /** Readies the object for a newly created room (RPC from the Worker): clears a tombstone. */
  async create(): Promise<void> {
    this.#log.setDeleted(false);
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    try {
      this.#handle(ws, message);
    } catch (err) {
      // Not the client's fault (protocol errors are handled inside): the in-memory document
      // may no longer match storage, so reload it next time, and let the client reconnect
      // (1011 is transient) and resync whatever was not stored.
      logEvent("error", "message_failed", { room: attachmentOf(ws).room, user: attachmentOf(ws).user.id, error: String(err) });
      this.#doc = undefined;
      this.#reject(ws, CLOSE.internalError);
    }
  }

  #handle(ws: WebSocket, message: ArrayBuffer | string): void {
    // Frames a socket sent before the room closed it are still queued: drop them unread.
    if (ws.readyState !== WebSocket.READY_STATE_OPEN) return;
    const bytes = typeof message === "string" ? message.length : message.byteLength;
    this.#metrics.received(bytes);
    if (typeof message === "string") return this.#reject(ws, CLOSE.unsupportedData);
    if (bytes > this.#limits.maxMessageBytes) return this.#reject(ws, CLOSE.messageTooLarge);
    const traffic = admitMessage(this.#budgets.get(ws), this.#budgetLimits, bytes, Date.now());
    this.#budgets.set(ws, traffic.budget);
    if (!traffic.ok) return this.#reject(ws, CLOSE.rateLimited);
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
        this.#send(ws, this.#syncStep2For(incoming.stateVector));
        return;
      case "sync-step2":
      case "sync-update": {
        const { role, acks } = attachmentOf(ws);
        // Read-only sockets still complete the handshake; their edits are dropped unseen.
        const editable = canEdit(role);
        if (editable && !this.#applyUpdate(ws, incoming.update)) return;
        // The output gate holds this until the append above is durable: an ack is a promise.
        if (acks) this.#send(ws, writeAck(this.#log.seq, editable ? ACK_STORED : ACK_READ_ONLY));
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
    const { room, user } = attachmentOf(ws);
    logEvent("info", "socket_close", { room, user: user.id, code });
    this.#forget(ws);
    try {
      ws.close(code, reason);
    } catch {
      // Already closed: the runtime answered the close handshake itself.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#forget(ws);
  }

  /** Maintenance, off the edit path: compaction when due, and closing expired sockets. */
  override async alarm(): Promise<void> {
    if (compactionDue(this.#log.size, this.#limits)) {
      const started = Date.now();
      const rows = this.#log.size.rows;
      this.#log.compact(Y.encodeStateAsUpdate(this.#document));
      logEvent("info", "compacted", { seq: this.#log.seq, rows, stateBytes: this.#log.stateBytes, ms: Date.now() - started });
    }
    const now = Date.now();
    let next = Infinity;
    for (const ws of this.ctx.getWebSockets()) {
      const expiresAt = attachmentOf(ws).expiresAt * 1000;
      if (expiresAt <= now) this.#reject(ws, CLOSE.sessionExpired);
      else next = Math.min(next, expiresAt);
    }
    if (next < Infinity) await this.ctx.storage.setAlarm(next);
  }

  /**
   * The answer to a sync step 1. A newcomer (empty state vector) needs the whole document:
   * that answer is computed once per document version and shared, so a join storm of many
   * clients costs one encoding instead of one each.
   */
  #syncStep2For(stateVector: Uint8Array): Uint8Array {
    const doc = this.#document;
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (!empty) return writeSyncStep2(Y.encodeStateAsUpdate(doc, stateVector));
    if (this.#fullSync?.seq !== this.#log.seq || this.#fullSync.doc !== doc) {
      this.#fullSync = { seq: this.#log.seq, doc, frame: writeSyncStep2(Y.encodeStateAsUpdate(doc)) };
    }
    return this.#fullSync.frame;
  }

  /** Applies an editor's update; false if Yjs failed and the sender was closed. */
  #applyUpdate(ws: WebSocket, update: Uint8Array): boolean {
    try {
      const doc = this.#document;
      Y.applyUpdate(doc, update, ws);
      if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
        // Parts of it wait for structs the room has not seen (e.g. an edit that travelled
        // between a client's tabs first). They are not in the document yet, so no update
        // event stored them: keep the update as sent, so that a reload brings them back
        // and an acknowledgement stays true.
        this.#log.append(update);
      }
      return true;
    } catch (err) {
      if (err instanceof StorageError) throw err;
      if (err instanceof DocumentTooLarge) {
        // Refused before it was stored; memory had applied it, so reload from storage.
        this.#doc = undefined;
        this.#reject(ws, CLOSE.documentTooLarge);
        return false;
      }
      // readMessage already parsed the update, so this is Yjs failing mid-integration. The
      // part that integrated was stored (see #stored); drop the in-memory copy so the next
      // event reloads exactly what is stored, and close the sender.
      logEvent("error", "update_failed", { room: attachmentOf(ws).room, user: attachmentOf(ws).user.id, error: String(err) });
      this.#doc = undefined;
      this.#reject(ws, CLOSE.invalidMessage);
      return false;
    }
  }

  /**
   * Runs for every transaction that changed the document, with the effective update:
   * store first (same turn, behind the output gate), then relay to everyone else.
   * Updates that change nothing (duplicates, or structs waiting for missing ones) never
   * reach here, so the log holds only what the document really contains.
   */
  #stored(update: Uint8Array, origin: unknown): void {
    // Deletions stay possible in a full room (they add no content), so people can shrink it.
    if (this.#log.storedBytes + update.byteLength > this.#limits.maxDocumentBytes && Y.decodeUpdate(update).structs.length > 0) {
      throw new DocumentTooLarge();
    }
    try {
      this.#log.append(update);
    } catch (err) {
      // Thrown inside Y.applyUpdate this would look like Yjs rejecting the update; mark it
      // as ours so the sender gets the transient 1011, not the permanent 4400.
      throw new StorageError(err);
    }
    this.#broadcast(writeUpdate(update), origin);
    if (compactionDue(this.#log.size, this.#limits)) void this.#scheduleAlarm(Date.now());
  }

  #onAwareness(ws: WebSocket, entries: AwarenessEntry[]): void {
    const attachment = attachmentOf(ws);
    const owners = this.#ownerIndex();
    const changed = trackOwnedClients(attachment.awareness, entries, MAX_OWNED_CLIENTS, (id) => {
      const owner = owners.get(id);
      return owner !== undefined && owner !== ws;
    });
    if (changed) {
      ws.serializeAttachment(attachment);
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
    if (applied.length > 0) this.#broadcast(writeAwareness(applied));
  }

  /** A socket left: remove the presence it announced, for everyone still here. */
  #forget(ws: WebSocket): void {
    const { awareness } = attachmentOf(ws);
    const removals = removalsFor(awareness);
    if (removals.length === 0) return;
    const owners = this.#ownerIndex();
    for (const { clientId } of removals) if (owners.get(clientId) === ws) owners.delete(clientId);
    ws.serializeAttachment({ ...attachmentOf(ws), awareness: {} });
    this.#awareness.apply(removals);
    this.#broadcast(writeAwareness(removals), ws);
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
      for (const id of Object.keys(attachmentOf(ws).awareness)) owners.set(Number(id), ws);
    }
    this.#owners = owners;
    return owners;
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
    const { room, user } = attachmentOf(ws);
    this.#metrics.closedByRoom(reason);
    logEvent("warn", "socket_closed_by_room", { room, user: user.id, code, reason });
    this.#forget(ws);
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
