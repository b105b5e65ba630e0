/**
 * A room slows a socket only when it is short of time, and then only the socket taking more
 * than its share (src/room/fair-share.ts), at the default settings; presence is merged, never
 * lost. How a flood among quiet sockets is held and closed is tested on the parts, with a
 * clock run by hand (test/unit/intake.test.ts): in this pool the clients share the room's
 * thread and each frame costs the runtime about what handling it costs, so a flood from a
 * client here holds up the quiet ones whatever the room does.
 */
import { describe, expect, it } from "vitest";
import { COMPETING_MS } from "../../src/room/fair-share";
import { clientsClosedAfterEach, newRoom, pause, presenceClients, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

describe("room load", () => {
  it("never slows or closes a lone writer sending thousands of edits as fast as it can", async () => {
    const room = await newRoom();
    const observers = [await join(room), await join(room)];
    const writer = await join(room);
    // Set-up: the observers' joining frames are past, so the writer is alone in wanting the room.
    await pause(COMPETING_MS);
    const edits = 2_000;
    for (let i = 0; i < edits; i++) writer.type("x");
    for (const o of observers) await o.until(() => o.text.length === edits, "every edit relayed", 60_000);
    expect(writer.closed).toBeUndefined();
    const stats = await stubOf(room).stats();
    expect(stats.slowed).toBe(0);
    expect(stats.closes).toEqual({});
  }, 90_000);

  it("merges a chatty client's presence rather than dropping it: its latest state arrives", async () => {
    const room = await newRoom();
    const chatty = await join(room);
    const observer = await join(room);
    const before = observer.received.length;
    for (let i = 0; i < 200; i++) chatty.setPresence({ cursor: i });
    await observer.until(() => observer.awareness.getStates().get(chatty.doc.clientID)?.cursor === 199, "the latest cursor", 20_000);
    const relayed = observer.received.slice(before).filter((f) => presenceClients(f)?.includes(chatty.doc.clientID));
    // Gathered per window (src/room/presence-batch.ts), not one frame per move.
    expect(relayed.length).toBeLessThan(100);
    expect(chatty.closed).toBeUndefined();
  });
});
