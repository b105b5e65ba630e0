/** Hot rooms in tests: relays past one socket, two sockets per relay (the room reads these per upgrade). */
import { env } from "cloudflare:workers";
import { afterAll } from "vitest";
import { relayObjectName } from "../../src/objects";
import { eventually, replaceBindings, stubOf } from "./client";

const hotRooms = new Set<string>();

/** Makes `room` hand every socket after its first to relays of two sockets each. */
export async function makeHot(room: string): Promise<void> {
  await replaceBindings(room, () => ({ RELAY_THRESHOLD: "1", RELAY_MAX_SOCKETS: "2" }));
  hotRooms.add(room);
}

/**
 * Call at the top level of a test file: after its tests, waits for every hot room's relays to
 * leave the tier (their last calls to the room), so that none is cut off by the file's end.
 */
export function relaysSettleAfterAll(): void {
  afterAll(async () => {
    for (const room of hotRooms) await eventually(async () => (await tierOf(room)).relays === 0, "the relays to leave the tier");
    hotRooms.clear();
  });
}

/** What `/stats` shows of the room's relay tier. */
export const tierOf = async (room: string) => (await stubOf(room).stats()).tier;

/** Relay `index` of one of our rooms. */
export const relayOf = (room: string, index: number) => env.ROOM_RELAY.get(env.ROOM_RELAY.idFromName(relayObjectName(room, index)));

/** Waits until the relays' reports add up to `sockets` (each relay reports within a window of a change). */
export const relaysCarry = (room: string, sockets: number) =>
  eventually(async () => (await tierOf(room)).relaySockets === sockets, `the relays to report ${sockets} sockets`);
