/**
 * The per-user socket limit (MAX_CONNECTIONS_PER_USER), its one home: a user may hold at most
 * that many sockets of one room, wherever they are, the room's own or its relays'
 * (docs/scale.md, "Routing"). The room applies it to what the user holds across the tier
 * before it routes a newcomer; a relay applies it again to its own sockets, where its count
 * is exact and the room's tally of the relays is an estimate.
 */
import type { RoomLimits } from "../config";
import { errorResponse } from "../errors";

/** Whether a user already holding `held` sockets of the room may open another. */
export function mayOpenAnother(held: number, limits: Pick<RoomLimits, "maxConnectionsPerUser">): boolean {
  return held < limits.maxConnectionsPerUser;
}

/** The upgrade's answer past the limit: 429, with when to try again. */
export function tooManyConnections(): Response {
  return errorResponse("too_many_connections", "you have too many connections to this room: close one, or try again later", "30");
}

/** Adds one socket of `user` to a per-user tally. */
export function countUser(tally: Map<string, number>, user: string): void {
  tally.set(user, (tally.get(user) ?? 0) + 1);
}
