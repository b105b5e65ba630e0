/** Presence across the tier: everyone sees everyone, on the room or on any relay. */
import { describe, expect, it } from "vitest";
import { clientsClosedAfterEach, newRoom, type TestClient } from "./client";
import { makeHot, relaysCarry, relaysSettleAfterAll, tierOf } from "./relay-helpers";

const { join } = clientsClosedAfterEach();
relaysSettleAfterAll();

const sees = (client: TestClient, others: TestClient[]) =>
  client.until(() => others.every((o) => client.peers.includes(o.doc.clientID)), "everyone's presence");

describe("presence through relays", () => {
  it("reaches the room's sockets and every relay's, and a socket leaving is removed everywhere", async () => {
    const room = await newRoom("hot-presence");
    await makeHot(room);
    const clients = [await join(room)];
    for (let i = 1; i <= 3; i++) {
      clients.push(await join(room));
      await relaysCarry(room, i);
    }
    expect((await tierOf(room)).relays).toBe(2);
    clients.forEach((c, i) => c.setPresence({ name: `person ${i}` }));
    for (const client of clients)
      await sees(
        client,
        clients.filter((c) => c !== client),
      );
    expect(clients[3]!.awareness.getStates().get(clients[0]!.doc.clientID)).toEqual({ name: "person 0" });

    const leaving = clients[1]!;
    const id = leaving.doc.clientID;
    leaving.close();
    for (const client of [clients[0]!, clients[2]!, clients[3]!]) {
      await client.until(() => !client.peers.includes(id), "the leaver's presence to go");
    }
  });

  it("reaches the room in one batch per relay and window, not one frame per move", async () => {
    const room = await newRoom("hot-presence");
    await makeHot(room);
    const direct = await join(room);
    const relayed = [await join(room), await join(room)];
    await relaysCarry(room, 2);
    expect((await tierOf(room)).relays).toBe(1);
    await direct.presenceRoundTrip();
    const before = (await tierOf(room)).presenceBatches;
    // Six moves at once from two people on one relay.
    for (let move = 0; move < 3; move++) relayed.forEach((c, i) => c.setPresence({ name: `mover ${i}`, move }));
    await direct.until(
      () => relayed.every((c) => (direct.awareness.getStates().get(c.doc.clientID) as { move?: number } | undefined)?.move === 2),
      "the last moves",
    );
    const batches = (await tierOf(room)).presenceBatches - before;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(2);
  });
});
