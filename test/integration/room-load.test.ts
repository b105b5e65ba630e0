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
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, newRoom, pause, presenceClients, stubOf, type TestClient } from "./client";

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

  it("closes nobody while watchers move their cursors, one writes and others come and go", async () => {
    // Two accounts: the pool lets one user hold 8 of a room's 12 sockets.
    const [owner, guest] = await Promise.all([signUp("Busy owner"), signUp("Busy guest")]);
    const room = await createRoom(owner);
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: guest.user!.email, role: "editor" } });
    const as = (account: typeof owner, query?: string) => ({ headers: account.socketHeaders(), query });
    const writer = await join(room, as(owner, "acks=1"));
    const watchers = await Promise.all(Array.from({ length: 7 }, (_, i) => join(room, as(i < 4 ? owner : guest))));
    let moving = true;
    const cursors = Promise.all(
      watchers.map(async (watcher, i) => {
        for (let n = 0; moving; n++) {
          watcher.setPresence({ cursor: n, watcher: i });
          await pause(20);
        }
      }),
    );
    const comers: TestClient[] = [];
    const edits = 400;
    for (let i = 0; i < edits; i++) {
      writer.type("x");
      // Newcomers sync (the frames that count as wanting the room's time) and leave again.
      if (i % 25 === 0) comers.push(await join(room, as(guest)));
      if (comers.length > 2) await comers.shift()!.closeAndWait();
      await pause(15);
    }
    for (const watcher of watchers) await watcher.until(() => watcher.text.length === edits || watcher.closed !== undefined, "every edit relayed", 30_000);
    moving = false;
    await cursors;
    expect([writer, ...watchers, ...comers].map((c) => c.closed)).toEqual(Array(3 + watchers.length).fill(undefined));
    expect(watchers.map((w) => w.text.length)).toEqual(watchers.map(() => edits));
    expect((await stubOf(room).stats()).closes).toEqual({});
  }, 90_000);
});
