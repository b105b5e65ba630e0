/**
 * How the Worker addresses its Durable Objects: the name of each object, the stubs the API,
 * the comments and the notifications call, and the headers that carry what the Worker
 * verified into an object. In one place, so that no caller spells a name or a header twice.
 */
import type { Env } from "./env";

/** The Worker puts the verified caller here; the room trusts nothing else from the request. */
export const ACCESS_HEADER = "X-Edge-Rooms-Access";

/**
 * A room past its threshold answers an upgrade with this header naming the relay (an index)
 * that takes the socket; the Worker then hands the same upgrade to that relay.
 */
export const RELAY_HEADER = "X-Edge-Rooms-Relay";

/** The Worker puts the verified user's token expiry and current unread count here. */
export const INBOX_HEADER = "X-Edge-Rooms-Inbox";

/**
 * The Durable Object name of a room. Rooms an external issuer grants belong to that app and
 * live in their own namespace, so that nobody can create one of our rooms with the same id
 * and take over the app's document (or the reverse).
 */
export function roomObjectName(roomId: string, kind: "ours" | "external"): string {
  return kind === "external" ? `ext:${roomId}` : roomId;
}

/** The room Durable Object of an object name (roomObjectName; the connection history records them). */
export const roomObject = (env: Env, objectName: string) => env.ROOM.get(env.ROOM.idFromName(objectName));

/** The Durable Object of one of our rooms (not an external issuer's), for RPC. */
export const roomStub = (env: Env, roomId: string) => roomObject(env, roomObjectName(roomId, "ours"));

/** The user's inbox object: one per user, it pushes their unread count to their open pages. */
export const inboxStub = (env: Env, userId: string) => env.INBOX.get(env.INBOX.idFromName(userId));

/** The Durable Object name of a room's relay: the room's object name and the relay's index. */
export const relayObjectName = (roomObjectName: string, index: number) => `${roomObjectName}#relay:${index}`;

/** The room's object name and the index of a relay, from the relay's object name. */
export function parseRelayObjectName(name: string): { room: string; index: number } {
  const at = name.lastIndexOf("#relay:");
  const index = Number(name.slice(at + "#relay:".length));
  if (at < 0 || !Number.isSafeInteger(index) || index < 0) throw new Error(`not a relay's object name: ${name}`);
  return { room: name.slice(0, at), index };
}

/** Relay `index` of the room with this object name. */
export const relayStub = (env: Env, roomObjectName: string, index: number) =>
  env.ROOM_RELAY.get(env.ROOM_RELAY.idFromName(relayObjectName(roomObjectName, index)));
