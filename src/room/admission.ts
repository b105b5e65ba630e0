/**
 * Whether the room takes a socket upgrade itself, hands it to one of its relays, or refuses
 * it: a room deleted meanwhile, storage that cannot be read, the per-user limit across the
 * tier, the tier's threshold and the room's own connection limit, in that order (docs/api.md,
 * "Room sockets"; docs/scale.md, "Routing"). Then, if it takes it, the socket's first moments
 * (its attachment, its connection record, the room's sync step 1 and who is here) and, when it
 * goes, what the room forgets of it.
 */
import * as Y from "yjs";
import type { RoomAccess } from "../auth/access";
import type { RoomLimits, TierConfig } from "../config";
import { errorResponse as refusal } from "../errors";
import { logEvent } from "../log";
import { RELAY_HEADER } from "../objects";
import { routeKey } from "../relay/routing";
import type { RelayTier } from "../relay/tier";
import { writeSyncStep1 } from "../wire/protocol";
import type { Attachment, Attachments } from "./attachment";
import type { ConnectionRecords } from "./connection-records";
import type { DocumentStore } from "./document-store";
import type { Intake } from "./intake";
import type { Maintenance } from "./maintenance";
import type { RoomMetrics } from "./metrics";
import type { Sockets } from "./sockets";
import type { RoomReport } from "./stats";
import { mayOpenAnother, tooManyConnections } from "./user-limit";

export interface AdmissionParts {
  limits: RoomLimits;
  sockets: Sockets;
  tier: RelayTier;
  /** Whether the room was deleted (its tombstone). */
  deleted(): boolean;
  /** Loads the room's storage; rejects when it cannot be read. */
  ready(): Promise<void>;
  tierConfig(): TierConfig;
}

/** The parts that take a socket in (only what they are asked of each). */
export interface AcceptParts {
  ctx: Pick<DurableObjectState, "acceptWebSocket">;
  attachments: Pick<Attachments, "set">;
  connections: Pick<ConnectionRecords, "opened" | "closed">;
  store: Pick<DocumentStore<WebSocket | string>, "stored">;
  presence: { join(ws: WebSocket): void; leave(ws: WebSocket): void };
  /** Sets the alarm that closes the socket when its token expires. */
  maintenance: Pick<Maintenance<WebSocket | string>, "schedule" | "lastLeft">;
  metrics: RoomMetrics;
  sockets: Pick<Sockets, "all" | "othersOpen">;
  intake: Pick<Intake<WebSocket>, "forget">;
  /** Writes an analytics data point (stats.ts). */
  report: Pick<RoomReport<unknown>, "record">;
}

/** The answer that refuses or redirects an upgrade, or null when the room takes the socket itself. */
export async function admit(parts: AdmissionParts, access: RoomAccess, params: URLSearchParams): Promise<Response | null> {
  // An upgrade the Worker admitted just before the room was deleted.
  if (parts.deleted()) return refusal("room_not_found", "no such room");
  try {
    await parts.ready();
  } catch (err) {
    logEvent("error", "room_load_failed", { room: access.room, error: String(err) });
    return refusal("unavailable", "the room's storage cannot be read right now: try again later", "10");
  }
  const { sockets, tier, limits } = parts;
  const user = access.user.id;
  // The user's sockets here and on the relays (the relays' figures are estimates, docs/scale.md).
  if (!mayOpenAnother(sockets.ofUser(user) + tier.userSockets(user), limits)) return tooManyConnections();
  // Past its threshold the room hands newcomers to its relays: the Worker takes the upgrade there.
  const route = tier.route(routeKey(user, params.get("tab")), user, sockets.all().length, parts.tierConfig());
  if (route.to === "relay") return new Response(null, { status: 307, headers: { [RELAY_HEADER]: String(route.index) } });
  if (route.to === "full" || sockets.all().length >= limits.maxConnections) {
    return refusal("room_full", "this room has reached its connection limit: try again later", "30");
  }
  return null;
}

/**
 * Takes the upgrade the room admitted: the socket is accepted for hibernation with its
 * verified access and what it asked for (`?acks=1`, `?events=1`), is sent the room's sync
 * step 1 and who is here, and closes when its token expires. The answer is the 101.
 */
export async function accept(parts: AcceptParts, access: RoomAccess, params: URLSearchParams): Promise<Response> {
  const { 0: client, 1: server } = new WebSocketPair();
  parts.ctx.acceptWebSocket(server);
  const acks = params.get("acks") === "1";
  const connection = { id: crypto.randomUUID(), updates: 0, bytes: 0 };
  const attachment: Attachment = { ...access, awareness: {}, acks, events: params.get("events") === "1", connection };
  parts.attachments.set(server, attachment);
  parts.connections.opened(server);
  server.send(writeSyncStep1(Y.encodeStateVector(parts.store.stored())));
  parts.presence.join(server);
  await parts.maintenance.schedule(access.expiresAt * 1000);
  parts.metrics.socketsOpened++;
  const connections = parts.sockets.all().length;
  logEvent("info", "socket_open", { room: access.room, user: access.user.id, role: access.role, acks, connections });
  return new Response(null, { status: 101, webSocket: client });
}

/**
 * A socket left (closed, errored or closed by the room): its held frames go, its connection
 * record is completed, the room snapshots soon if it was the last one, and the presence it
 * announced is removed for everyone still here.
 */
export function depart(parts: AcceptParts, ws: WebSocket, code: number): void {
  parts.intake.forget(ws);
  if (parts.connections.closed(ws, code) && !parts.sockets.othersOpen(ws)) {
    parts.maintenance.lastLeft(Date.now());
    parts.report.record("idle");
  }
  parts.presence.leave(ws);
}
