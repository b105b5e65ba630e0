import { describe, expect, it } from "vitest";
import { clientsClosedAfterEach, eventually, newRoom, replaceBindings, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

/** A room that serves one socket itself and sends the others to relays of two sockets each. */
async function hotRoom() {
  const room = await newRoom("hot");
  await replaceBindings(room, () => ({ RELAY_THRESHOLD: "1", RELAY_MAX_SOCKETS: "2" }));
  return room;
}

const tierOf = async (room: string) => (await stubOf(room).stats()).tier;

describe("a hot room's relays", () => {
  it("carry the sockets past the threshold, and every edit reaches everyone once stored", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    const relayed = [await join(room), await join(room), await join(room)];
    const tier = await tierOf(room);
    expect(tier.relays).toBe(2);
    direct.type("a");
    relayed[0]!.type("b");
    relayed[2]!.type("c");
    for (const client of [direct, ...relayed]) {
      await client.until(() => client.text.length === 3, "every edit");
    }
    const texts = new Set([direct, ...relayed].map((c) => c.text));
    expect(texts.size).toBe(1);
    await eventually(async () => (await tierOf(room)).maxLag === 0, "the relays to confirm");
  });
});
