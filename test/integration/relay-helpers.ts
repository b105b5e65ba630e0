/** Hot rooms in tests: relays past one socket, two sockets per relay (the room reads these per upgrade). */
import { env } from "cloudflare:workers";
import { relayObjectName } from "../../src/objects";
import { eventually, replaceBindings, stubOf } from "./client";

/** Makes `room` hand every socket after its first to relays of two sockets each. */
export const makeHot = (room: string) => replaceBindings(room, () => ({ RELAY_THRESHOLD: "1", RELAY_MAX_SOCKETS: "2" }));

/** What `/stats` shows of the room's relay tier. */
export const tierOf = async (room: string) => (await stubOf(room).stats()).tier;

/** Relay `index` of one of our rooms. */
export const relayOf = (room: string, index: number) => env.ROOM_RELAY.get(env.ROOM_RELAY.idFromName(relayObjectName(room, index)));

/** Waits until the relays' reports add up to `sockets` (each relay reports within a window of a change). */
export const relaysCarry = (room: string, sockets: number) =>
  eventually(async () => (await tierOf(room)).relaySockets === sockets, `the relays to report ${sockets} sockets`);
