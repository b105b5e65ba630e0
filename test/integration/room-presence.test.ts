/** Presence through the room: relayed and removed with its socket, never stored, echoes dropped, moves relayed in batches. */
import { runInDurableObject } from "cloudflare:test";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { type Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import type { Room } from "../../src/room/room";
import { clientsClosedAfterEach, newRoom, presenceClients, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

describe("awareness", () => {
  it("reaches others and is removed when its socket closes", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    a.setPresence({ user: { name: "Ada" }, cursor: 3 });
    await b.until(() => b.awareness.getStates().get(a.doc.clientID)?.user?.name === "Ada", "b to see Ada");
    const c = await join(room);
    await c.until(() => c.awareness.getStates().has(a.doc.clientID), "a late joiner to see Ada");
    a.close();
    await b.until(() => !b.awareness.getStates().has(a.doc.clientID), "Ada's cursor to disappear for b");
    await c.until(() => !c.awareness.getStates().has(a.doc.clientID), "Ada's cursor to disappear for c");
  });

  it("is never written to storage", async () => {
    const room = await newRoom();
    const a = await join(room);
    a.setPresence({ secret: "presence-only" });
    await a.roundTrip();
    const rows = await runInDurableObject(stubOf(room), (_i: Room, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM log").one().n);
    expect(rows).toBe(0);
  });
});

/** A presence frame with what `awareness` knows of `clients`, as a stock client sends it. */
function awarenessFrame(awareness: Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

describe("presence echoes", () => {
  /** Three clients; b and c see a's presence, and `echo` is b sending it back, as stock clients do. */
  async function seenPresence() {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    const c = await join(room);
    a.setPresence({ cursor: 1 });
    await c.until(() => c.peers.includes(a.doc.clientID), "c to see a");
    await b.until(() => b.peers.includes(a.doc.clientID), "b to see a");
    return { room, a, b, c, echo: awarenessFrame(b.awareness, [a.doc.clientID]) };
  }

  it("are not relayed: a stock client sending back what it received costs nothing", async () => {
    const { b, c, echo } = await seenPresence();
    const before = c.received.length;
    for (let i = 0; i < 5; i++) b.send(echo);
    await b.roundTrip();
    await c.presenceRoundTrip();
    // One frame: c's own change, with nothing relayed beside it.
    expect(c.received.slice(before).map(presenceClients)).toEqual([[c.doc.clientID]]);
  });

  it("do not spend the echoing client's presence budget, so its own moves still reach others", async () => {
    const { room, b, c, echo } = await seenPresence();
    // Twice the default presence budget (20/s) of echoes, as a stock client sends back
    // when a busy room relays many moves: they used to use up b's budget for its own.
    for (let i = 0; i < 40; i++) b.send(echo);
    b.setPresence({ cursor: "b moved" });
    await c.until(() => c.awareness.getStates().get(b.doc.clientID)?.cursor === "b moved", "c to see b's own move");
    expect((await stubOf(room).stats()).echoes).toBeGreaterThanOrEqual(40);
  });

  it("are few because presence is relayed in batches: a burst of moves arrives as the latest state", async () => {
    const room = await newRoom();
    const a = await join(room);
    const c = await join(room);
    a.setPresence({ cursor: 0 });
    await c.until(() => c.awareness.getStates().get(a.doc.clientID)?.cursor === 0, "c to see a");
    const before = c.received.length;
    for (let i = 1; i <= 8; i++) a.setPresence({ cursor: i });
    await c.until(() => c.awareness.getStates().get(a.doc.clientID)?.cursor === 8, "c to see a's last move");
    await a.roundTrip();
    await c.presenceRoundTrip();
    const presenceFrames = c.received.slice(before).filter((frame) => presenceClients(frame)?.some((id) => id !== c.doc.clientID));
    // Unbatched, each of the 8 moves is a frame to every socket (and an echo back from each).
    expect(presenceFrames.length).toBeLessThanOrEqual(4);
  });
});
