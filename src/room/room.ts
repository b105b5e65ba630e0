/**
 * One Durable Object per room: it orders every edit, stores it before anyone sees it, and
 * relays it over hibernatable WebSockets. This class wires the runtime's events to the parts
 * that do the work: a socket's arrival and departure (admission.ts), one frame's path through
 * them (messages.ts), the intake of frames (intake.ts), the document store (document-store.ts)
 * and what it reports (store-events.ts), presence (presence.ts), the sockets (sockets.ts),
 * maintenance on the alarm (maintenance.ts), the room's figures (stats.ts), its deletion
 * (deletion.ts) and the connection history.
 */
import { DurableObject } from "cloudflare:workers";
import * as Y from "yjs";
import type { RoomAccess } from "../auth/access";
import { readLimits, readSnapshotPolicy, readTierConfig } from "../config";
import { type Anchor, type ResolvedAnchor, resolveAnchor } from "../document/anchor";
import type { AccessPolicy } from "../domain/rooms";
import type { Env } from "../env";
import { logEvent } from "../log";
import { ACCESS_HEADER } from "../objects";
import type { CatchUp } from "../relay/catch-up";
import { RoomTierPresence } from "../relay/presence-ports";
import { RelayAnswers } from "../relay/room-answers";
import { type RelayLink, RelayTier, type Subscription } from "../relay/tier";
import type { RelayEdit, RelayedEdit } from "../relay/upstream";
import type { VersionRow } from "../storage/versions";
import { answerClose } from "../wire/close-codes";
import { type RoomEvent, writeEvent } from "../wire/events";
import { type AcceptParts, type AdmissionParts, accept, admit, depart } from "./admission";
import { Attachments } from "./attachment";
import { systemClock } from "./clock";
import { ConnectionRecords } from "./connection-records";
import { deleteRoom } from "./deletion";
import { DocumentStore } from "./document-store";
import { type HistoryMiss, RoomHistory } from "./history";
import { applyHttpEdit, type HttpEditResult, type RestoreResult, restoreVersion } from "./http-edits";
import { Intake, intakeLimits } from "./intake";
import { Maintenance } from "./maintenance";
import { RoomMessages } from "./messages";
import { RoomMetrics } from "./metrics";
import { Presence } from "./presence";
import { Snapshots } from "./snapshots";
import { Sockets } from "./sockets";
import { RoomReport } from "./stats";
import { storeEvents } from "./store-events";

export class Room extends DurableObject<Env> {
  readonly #store: DocumentStore<WebSocket | string>;
  readonly #presence: Presence<WebSocket | RelayLink>;
  readonly #intake: Intake<WebSocket>;
  readonly #metrics = new RoomMetrics();
  readonly #report: RoomReport<ReturnType<RelayTier["stats"]>>;
  readonly #attachments = new Attachments();
  readonly #snapshots: Snapshots;
  readonly #history: RoomHistory;
  readonly #maintenance: Maintenance<WebSocket | string>;
  readonly #connections: ConnectionRecords;
  readonly #sockets: Sockets;
  readonly #messages: RoomMessages;
  readonly #tier: RelayTier;
  readonly #relays: RelayAnswers;
  readonly #admission: AdmissionParts & AcceptParts;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const limits = readLimits(env);
    // Rooms are always addressed by name (idFromName), which is the room's key in R2 and D1.
    const room = ctx.id.name ?? ctx.id.toString();
    this.#sockets = new Sockets(ctx, this.#attachments, this.#metrics, (ws, code) => depart(this.#admission, ws, code));
    const written = (now: number) => {
      this.#maintenance.written(now);
      this.#tier.advanced();
    };
    const events = storeEvents({ room, sockets: this.#sockets, attachments: this.#attachments, metrics: this.#metrics, written });
    this.#store = new DocumentStore<WebSocket | string>(ctx.storage, limits, events);
    this.#tier = new RelayTier(ctx, { env: () => this.env, log: () => this.#store.log, room });
    this.#intake = new Intake<WebSocket>(intakeLimits(limits), {
      release: (ws, frame) => this.#messages.release(ws, frame),
      isOpen: Sockets.isOpen,
      isEcho: (ws, frame) => this.#presence.isEcho(ws, frame),
      stillHere: () => this.#sockets.stillHere(),
    });
    // While the room is short of time, presence waits, merged, so that edits do not.
    this.#presence = new Presence<WebSocket | RelayLink>(new RoomTierPresence(this.#sockets, this.#tier), systemClock, () => this.#intake.short);
    this.#relays = new RelayAnswers({ store: this.#store, presence: this.#presence, tier: this.#tier });
    this.#snapshots = new Snapshots(
      room,
      () => this.env,
      () => this.#store.log,
      readSnapshotPolicy(env),
    );
    this.#maintenance = new Maintenance(ctx, this.#store, this.#snapshots, limits);
    this.#report = new RoomReport({
      room,
      metrics: this.#metrics,
      sockets: this.#sockets,
      log: () => this.#store.log,
      snapshots: this.#snapshots,
      tier: this.#tier,
      dataset: () => this.env.METRICS,
    });
    this.#history = new RoomHistory(room, ctx.storage, () => this.env, this.#store);
    this.#connections = new ConnectionRecords(room, ctx, () => this.env.DB, this.#attachments);
    this.#messages = new RoomMessages({
      attachments: this.#attachments,
      sockets: this.#sockets,
      intake: this.#intake,
      presence: this.#presence,
      store: this.#store,
      connections: this.#connections,
      metrics: this.#metrics,
    });
    this.#admission = {
      limits,
      sockets: this.#sockets,
      tier: this.#tier,
      deleted: () => this.#store.log.deleted,
      ready: () => this.#maintenance.ready(),
      tierConfig: () => readTierConfig(this.env),
      ctx,
      attachments: this.#attachments,
      connections: this.#connections,
      store: this.#store,
      presence: this.#presence,
      maintenance: this.#maintenance,
      metrics: this.#metrics,
      intake: this.#intake,
      report: this.#report,
    };
    // Keep-alives are answered by the runtime without waking a hibernated room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  override async fetch(request: Request): Promise<Response> {
    const access = JSON.parse(request.headers.get(ACCESS_HEADER) ?? "null") as RoomAccess | null;
    if (access === null || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("room sockets only", { status: 400 });
    }
    const params = new URL(request.url).searchParams;
    return (await admit(this.#admission, access, params)) ?? (await accept(this.#admission, access, params));
  }

  /** Live figures of this room (RPC from the Worker, for `GET /api/rooms/:id/stats`). */
  async stats() {
    await this.#maintenance.ready();
    return this.#report.stats(Date.now());
  }

  /** The current document as one Yjs update, or null if it is still at `unlessSeq` (RPC). */
  async content(unlessSeq?: number): Promise<{ seq: number; update: Uint8Array | null }> {
    await this.#maintenance.ready();
    const seq = this.#store.log.seq;
    return { seq, update: seq === unlessSeq ? null : Y.encodeStateAsUpdate(this.#store.stored()) };
  }

  /** Applies a Yjs update sent over HTTP as an edit by `by`, stored and relayed like any other (RPC). */
  async edit(update: Uint8Array, by: string): Promise<HttpEditResult> {
    await this.#maintenance.ready();
    return applyHttpEdit(this.#store, update, by);
  }

  /** Writes a named version of the document as it is now (RPC). */
  async snapshot(label: string, by: string): Promise<VersionRow> {
    await this.#maintenance.ready();
    return this.#snapshots.take(() => this.#store.stored(), { kind: "named", label, by });
  }

  /** Makes the document's content that of a version, as one new edit and a restore version (RPC). */
  async restore(version: { seq: number; state: Uint8Array }, by: string): Promise<RestoreResult> {
    await this.#maintenance.ready();
    return restoreVersion(this.#store, this.#snapshots, version, by);
  }

  /** A page of the room's timeline, newest first (RPC). */
  async history(before: number | undefined, limit: number) {
    await this.#maintenance.ready();
    return this.#history.timeline(before, limit);
  }

  /** What changed between two edits (`to` null: the latest), with authors (RPC). */
  async diff(from: number | null, to: number | null, root?: string) {
    await this.#maintenance.ready();
    return this.#history.diff(from, to, root);
  }

  /** Who wrote each block of the document as it is now (RPC). */
  async authorship(root?: string) {
    await this.#maintenance.ready();
    return this.#history.authorship(root);
  }

  /** The document as it was right after edit `seq`, as one Yjs update (RPC). */
  async stateAt(seq: number) {
    await this.#maintenance.ready();
    return this.#history.stateAt(seq);
  }

  /** Makes the document's content what it was right after edit `seq`, as one new edit and a restore version (RPC). */
  async restoreEdit(seq: number, by: string): Promise<RestoreResult | HistoryMiss> {
    await this.#maintenance.ready();
    const point = await this.#history.stateAt(seq);
    if (!point.ok) return point;
    return restoreVersion(this.#store, this.#snapshots, { seq, state: point.state }, by, `Restored edit ${seq}`);
  }

  /** Sends an event to every socket that opted in with `?events=1` (RPC from the Worker). */
  async publish(event: RoomEvent): Promise<void> {
    this.#sockets.publish(writeEvent(event));
    await this.#tier.each((relay) => relay.publish(event));
  }

  /** Where each comment anchor is in the document now (RPC from the Worker). */
  async resolveAnchors(anchors: Anchor[]): Promise<ResolvedAnchor[]> {
    await this.#maintenance.ready();
    const doc = this.#store.stored();
    return anchors.map((anchor) => resolveAnchor(doc, anchor));
  }

  /** Re-checks every open socket against a changed access policy (RPC from the Worker). */
  async applyPolicy(policy: AccessPolicy): Promise<void> {
    this.#sockets.applyPolicy(policy);
    await this.#tier.each((relay) => relay.applyPolicy(policy));
  }

  /** Closes the sockets of sessions that ended, with 4401 (RPC from the Worker, at logout). */
  async endSessions(sessionIds: string[]): Promise<void> {
    this.#sockets.closeSessions(sessionIds);
    await this.#tier.each((relay) => relay.endSessions(sessionIds));
  }

  /** Closes every socket and deletes everything the room stored (RPC from the Worker). */
  async destroy(): Promise<void> {
    await deleteRoom({
      storage: this.ctx.storage,
      sockets: this.#sockets,
      tier: this.#tier,
      presence: this.#presence,
      store: this.#store,
      background: [this.#snapshots, this.#history],
      maintenance: this.#maintenance,
    });
  }

  /** Readies the object for a newly created room (RPC from the Worker): clears a tombstone. */
  async create(): Promise<void> {
    this.#store.log.setDeleted(false);
  }

  // The relay tier's calls (docs/scale.md); the answers are src/relay/room-answers.ts.

  /** A relay subscribes, also after a wake-up; null for a deleted room (RPC from a relay). */
  async relaySubscribe(index: number, sockets: number, from?: number): Promise<Subscription | null> {
    await this.#maintenance.ready();
    return this.#relays.subscribe(index, sockets, from);
  }

  /** What a relay that missed a push lacks after `from` (RPC from the relay). */
  async relayCatchUp(from: number): Promise<CatchUp> {
    await this.#maintenance.ready();
    return this.#relays.catchUp(from);
  }

  /** A burst of edits from sockets on a relay, stored in one write and answered once stored (RPC from the relay). */
  async relayEdits(edits: RelayEdit[]): Promise<RelayedEdit[]> {
    await this.#maintenance.ready();
    return this.#relays.edits(edits);
  }

  /** A relay's presence batch and socket count (per user after changes); none left unsubscribes it (RPC from the relay). */
  async relayPresence(index: number, frame: Uint8Array | null, sockets: number, users?: Record<string, number>): Promise<void> {
    this.#relays.presence(index, frame, sockets, users);
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    this.#messages.receive(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    const { room, user } = this.#attachments.get(ws);
    logEvent("info", "socket_close", { room, user: user.id, code });
    depart(this.#admission, ws, code);
    answerClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    depart(this.#admission, ws, 1006);
  }

  /** Maintenance, off the edit path: closing expired sockets, then compaction and snapshots when due. */
  override async alarm(): Promise<void> {
    this.#maintenance.forgetPlan();
    if (this.#store.log.deleted) return;
    await this.#maintenance.run(this.#sockets.closeExpired(Date.now()));
    // Edits compaction folded go to R2; a failure leaves them for the next alarm.
    await this.#history.archive(Date.now()).catch((err: unknown) => logEvent("warn", "archive_failed", { room: this.#history.room, error: String(err) }));
    this.#report.record("alarm");
  }
}
