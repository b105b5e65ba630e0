/**
 * A relay: one Durable Object carrying up to RELAY_MAX_SOCKETS of a hot room's sockets with
 * the stock protocol (docs/scale.md). The room stays the one writer; a relay holds a copy of
 * the document at a sequence number, fans out each update the room pushes (once, in order),
 * answers newcomers from its copy, forwards edits for the room to store, and batches presence.
 * Its sockets hibernate like the room's; the room's pushes wake it. This class is glue.
 */
import { DurableObject } from "cloudflare:workers";
import type { RoomAccess } from "../auth/access";
import { readLimits, readTierConfig } from "../config";
import type { AccessPolicy } from "../domain/rooms";
import type { Env } from "../env";
import { errorResponse } from "../errors";
import { logEvent } from "../log";
import { ACCESS_HEADER, parseRelayObjectName, roomObject } from "../objects";
import { type Attachment, Attachments } from "../room/attachment";
import { systemClock } from "../room/clock";
import { ConnectionRecords } from "../room/connection-records";
import { Intake, intakeLimits } from "../room/intake";
import { RoomMetrics } from "../room/metrics";
import { Presence } from "../room/presence";
import { Sockets } from "../room/sockets";
import { mayOpenAnother, tooManyConnections } from "../room/user-limit";
import { answerClose, CLOSE } from "../wire/close-codes";
import { type RoomEvent, writeEvent } from "../wire/events";
import { readMessage, writeSyncStep1, writeUpdate } from "../wire/protocol";
import type { CatchUp, Sequenced } from "./catch-up";
import { RelayCopy } from "./copy";
import { RelayTierPresence, UPSTREAM, type Upstream } from "./presence-ports";
import { RelayMessages } from "./relay-messages";
import { RelayUpstream } from "./upstream";

/** How long socket counts gather before the relay reports them to the room (routing uses them). */
const REPORT_MS = 50;

export class RoomRelay extends DurableObject<Env> {
  readonly #room: string;
  readonly #index: number;
  readonly #attachments = new Attachments();
  readonly #metrics = new RoomMetrics();
  readonly #sockets: Sockets;
  readonly #presence: Presence<WebSocket | Upstream>;
  readonly #intake: Intake<WebSocket>;
  readonly #connections: ConnectionRecords;
  readonly #messages: RelayMessages;
  #copy: RelayCopy | undefined;
  #loading: Promise<RelayCopy | null> | undefined;
  /** Pushes from the room, handled one at a time, in order. */
  #deliveries: Promise<unknown> = Promise.resolve();
  #report: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const { room, index } = parseRelayObjectName(ctx.id.name ?? "");
    this.#room = room;
    this.#index = index;
    const limits = readLimits(env);
    this.#sockets = new Sockets(ctx, this.#attachments, this.#metrics, (ws, code) => this.#forget(ws, code));
    this.#intake = new Intake<WebSocket>(intakeLimits(limits), {
      release: (ws, frame) => this.#messages.release(ws, frame),
      isOpen: Sockets.isOpen,
      isEcho: (ws, frame) => this.#presence.isEcho(ws, frame),
      stillHere: () => this.#sockets.stillHere(),
    });
    // As in the room: while the relay is short of time, presence waits, merged, so that edits do not.
    this.#presence = new Presence(new RelayTierPresence(this.#sockets, (frame) => this.#up(frame)), systemClock, () => this.#intake.short);
    this.#connections = new ConnectionRecords(room, ctx, () => this.env.DB, this.#attachments);
    const upstream = new RelayUpstream({
      room: () => this.#roomStub(),
      index,
      attachments: this.#attachments,
      sockets: this.#sockets,
      connections: this.#connections,
      seq: () => this.#copy?.seq ?? 0,
    });
    this.#messages = new RelayMessages({
      attachments: this.#attachments,
      sockets: this.#sockets,
      intake: this.#intake,
      presence: this.#presence,
      upstream,
      metrics: this.#metrics,
      copy: () => this.#copy!,
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  #roomStub() {
    return roomObject(this.env, this.#room);
  }

  /**
   * The copy, subscribing to the room first (also after a wake-up): null for a deleted room.
   * The sockets it kept through a hibernation have everything through the seq it last
   * confirmed to the room, and, when a push woke it whose first update is `from + 1`, through
   * `from` (pushes wake it, so none was missed while it slept): the room sends them the rest.
   */
  #ready(from?: number): Promise<RelayCopy | null> {
    if (this.#copy) return Promise.resolve(this.#copy);
    this.#loading ??= this.ctx
      .blockConcurrencyWhile(async () => {
        const answer = await this.#roomStub().relaySubscribe(this.#index, this.#sockets.all().length, from);
        if (answer === null) return null;
        const copy = new RelayCopy(answer.state, answer.seq, readLimits(this.env).syncFrameBytes);
        this.#presence.receive(UPSTREAM, answer.presence);
        if (answer.missed) this.#fanOut(missedUpdates(answer.missed));
        this.#copy = copy;
        return copy;
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  override async fetch(request: Request): Promise<Response> {
    const access = JSON.parse(request.headers.get(ACCESS_HEADER) ?? "null") as RoomAccess | null;
    if (access === null || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("relay sockets only", { status: 400 });
    }
    let copy: RelayCopy | null;
    try {
      copy = await this.#ready();
    } catch (err) {
      logEvent("error", "relay_subscribe_failed", { room: access.room, relay: this.#index, error: String(err) });
      return errorResponse("unavailable", "the room cannot be reached right now: try again later", "10");
    }
    if (copy === null) return errorResponse("room_not_found", "no such room");
    if (this.#sockets.all().length >= readTierConfig(this.env).relayMaxSockets) {
      // The room counted this socket here: the report corrects its figures.
      this.#reportSoon();
      return errorResponse("room_full", "this room has reached its connection limit: try again later", "30");
    }
    if (!mayOpenAnother(this.#sockets.ofUser(access.user.id), readLimits(this.env))) {
      this.#reportSoon();
      return tooManyConnections();
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const params = new URL(request.url).searchParams;
    const connection = { id: crypto.randomUUID(), updates: 0, bytes: 0 };
    const attachment: Attachment = { ...access, awareness: {}, acks: params.get("acks") === "1", events: params.get("events") === "1", connection };
    this.#attachments.set(server, attachment);
    this.#connections.opened(server);
    server.send(writeSyncStep1(copy.stateVector));
    this.#presence.join(server);
    await this.#expireBy(access.expiresAt * 1000);
    this.#metrics.socketsOpened++;
    this.#reportSoon();
    logEvent("info", "socket_open", { room: access.room, relay: this.#index, user: access.user.id, role: access.role });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Updates the room stored, pushed in order; returns the sequence number fanned out through (RPC from the room). */
  async deliver(updates: Sequenced[]): Promise<number> {
    const run = this.#deliveries.then(async () => {
      const last = Math.max(...updates.map((u) => u.seq));
      // Nobody to fan out to: no reason to subscribe again.
      if (!this.#copy && this.#sockets.all().length === 0) return last;
      const copy = await this.#ready(Math.min(...updates.map((u) => u.seq)) - 1);
      if (copy === null) return last;
      const { fanOut, gap } = copy.receive(updates);
      this.#fanOut(fanOut);
      if (gap) this.#fanOut(copy.catchUp(await this.#roomStub().relayCatchUp(copy.seq)));
      return copy.seq;
    });
    this.#deliveries = run.catch(() => undefined);
    return run;
  }

  /** A presence frame from the room: everyone elsewhere (RPC from the room). */
  async presence(frame: Uint8Array): Promise<void> {
    // Sent before this relay unsubscribed: nobody here to tell, and no reason to subscribe again.
    if (!this.#copy && this.#sockets.all().length === 0) return;
    if ((await this.#ready()) === null) return;
    if (this.#presence.isEcho(UPSTREAM, frame)) return;
    const message = readMessage(frame);
    if (message.kind === "awareness") this.#presence.receive(UPSTREAM, message.entries);
    else if (message.kind === "query-awareness") this.#presence.answerQuery(UPSTREAM);
  }

  /** A room event for the sockets that asked for events (RPC from the room). */
  async publish(event: RoomEvent): Promise<void> {
    this.#sockets.publish(writeEvent(event));
  }

  /** Re-checks every socket against a changed access policy (RPC from the room). */
  async applyPolicy(policy: AccessPolicy): Promise<void> {
    this.#sockets.applyPolicy(policy);
  }

  /** Closes the sockets of sessions that ended (RPC from the room, at logout). */
  async endSessions(sessionIds: string[]): Promise<void> {
    this.#sockets.closeSessions(sessionIds);
  }

  /** The room was deleted: every socket closes, the copy and presence are dropped (RPC from the room). */
  async destroy(): Promise<void> {
    for (const ws of this.#sockets.all()) this.#sockets.reject(ws, CLOSE.roomDeleted);
    this.#presence.reset();
    this.#copy = undefined;
    await this.ctx.storage.deleteAlarm();
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    if ((await this.#ready()) === null) return this.#sockets.reject(ws, CLOSE.roomDeleted);
    this.#messages.receive(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.#forget(ws, code);
    answerClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#forget(ws, 1006);
  }

  /** Closes sockets whose access expired, and plans the next expiry. */
  override async alarm(): Promise<void> {
    const next = this.#sockets.closeExpired(Date.now());
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
  }

  async #expireBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  #forget(ws: WebSocket, code: number): void {
    this.#intake.forget(ws);
    this.#connections.closed(ws, code);
    this.#presence.leave(ws);
    this.#reportSoon();
  }

  #fanOut(updates: readonly Uint8Array[]): void {
    for (const update of updates) this.#sockets.broadcast(writeUpdate(update));
  }

  /**
   * Presence for the room, with the relay's socket count (routing's figure); a report
   * without presence (`frame` null: sockets came or went) also counts them per user.
   */
  #up(frame: Uint8Array | null): void {
    const open = this.#sockets.all().filter(Sockets.isOpen).length;
    // Unsubscribed already: nothing to tell the room until a socket comes.
    if (open === 0 && this.#copy === undefined) return;
    if (open === 0) this.#copy = undefined;
    this.#roomStub()
      .relayPresence(this.#index, frame, open, frame === null ? this.#sockets.byUser() : undefined)
      .catch((err: unknown) => logEvent("warn", "relay_report_failed", { room: this.#room, relay: this.#index, error: String(err) }));
  }

  /** Socket counts change in bursts (a join storm): reported once per REPORT_MS. */
  #reportSoon(): void {
    if (this.#report !== undefined) return;
    this.#report = setTimeout(() => {
      this.#report = undefined;
      this.#up(null);
    }, REPORT_MS);
  }
}

/** What the sockets a relay kept lack after it woke: the updates, or the whole state (Yjs drops what they have). */
const missedUpdates = (missed: CatchUp) => ("updates" in missed ? missed.updates.map((u) => u.update) : [missed.state]);
