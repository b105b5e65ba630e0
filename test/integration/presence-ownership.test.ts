/** Whose presence a socket may speak for, and what presence a deleted room leaves behind. */
import { describe, expect, it } from "vitest";
import { writeAwareness } from "../../src/wire/protocol";
import { type Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, type TestClient } from "./client";

const { join } = clientsClosedAfterEach();

/** The presence `observer` shows for `client`'s awareness id. */
const shown = (observer: TestClient, client: TestClient) => observer.awareness.getStates().get(client.doc.clientID);

/** A new room of `owner` and `join` as that owner. */
async function ownRoom(owner: Browser) {
  const room = await createRoom(owner);
  return { room, enter: () => join(room, { headers: owner.socketHeaders() }) };
}

describe("presence ownership", () => {
  it("does not show anyone a claim on another connected person's presence", async () => {
    const { enter } = await ownRoom(await signUp("Presence owner"));
    const victim = await enter();
    victim.setPresence({ name: "Ada" });
    const observer = await enter();
    await observer.until(() => shown(observer, victim)?.name === "Ada", "the victim's presence");
    const attacker = await enter();
    // A newer clock than the victim's, so it would win everywhere if it were relayed.
    attacker.send(writeAwareness([{ clientId: victim.doc.clientID, clock: 1_000, state: JSON.stringify({ name: "Ada", said: "pay me" }) }]));
    // Sent after the claim, so once it arrives the claim would have been relayed too.
    attacker.setPresence({ name: "Mallory" });
    await observer.until(() => shown(observer, attacker)?.name === "Mallory", "the attacker's own presence");
    expect(shown(observer, victim)).toEqual({ name: "Ada" });

    const newcomer = await enter();
    await newcomer.until(() => shown(newcomer, attacker)?.name === "Mallory", "who is here, for a newcomer");
    expect(shown(newcomer, victim)).toEqual({ name: "Ada" });
  });
});

describe("a room created again under a deleted room's id", () => {
  it("shows a newcomer none of the old room's presence", async () => {
    const owner = await signUp("Deleting owner");
    const { room, enter } = await ownRoom(owner);
    const before = await enter();
    // More clients than one socket may own: none of them may outlive the room either.
    before.send(writeAwareness(Array.from({ length: 12 }, (_, i) => ({ clientId: 7_000 + i, clock: 1, state: JSON.stringify({ name: `old ${i}` }) }))));
    const witness = await enter();
    await witness.until(() => witness.awareness.getStates().has(7_000), "the old room's presence");
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    await before.until(() => before.closed !== undefined, "the deleted room's sockets to close");
    expect(await createRoom(owner, { id: room })).toBe(room);

    const newcomer = await enter();
    // A positive event first: the newcomer hears the room's presence, its own.
    newcomer.setPresence({ name: "new" });
    await newcomer.until(() => newcomer.received.some((f) => f[0] === 1), "presence from the new room");
    const fresh = await enter();
    fresh.setPresence({ name: "fresh" });
    await newcomer.until(() => shown(newcomer, fresh)?.name === "fresh", "the next newcomer's presence");
    expect([...newcomer.awareness.getStates().keys()].filter((id) => id >= 7_000 && id < 7_012)).toEqual([]);
  });
});
