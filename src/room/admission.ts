/**
 * Whether the room takes a socket upgrade itself, hands it to one of its relays, or refuses
 * it: a room deleted meanwhile, storage that cannot be read, the per-user limit across the
 * tier, the tier's threshold and the room's own connection limit, in that order (docs/api.md,
 * "Room sockets"; docs/scale.md, "Routing").
 */
import type { RoomAccess } from "../auth/access";
import type { RoomLimits, TierConfig } from "../config";
import { errorResponse as refusal } from "../errors";
import { logEvent } from "../log";
import { RELAY_HEADER } from "../objects";
import { routeKey } from "../relay/routing";
import type { RelayTier } from "../relay/tier";
import type { Sockets } from "./sockets";
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
