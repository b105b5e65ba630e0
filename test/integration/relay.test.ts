import { evictDurableObject } from "cloudflare:test";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ACK_READ_ONLY, ACK_STORED, MESSAGE_ACK, readAck } from "../../src/wire/protocol";
import { clientsClosedAfterEach, eventually, newRoom, stubOf, type TestClient } from "./client";
import { makeHot, relayOf, relaysCarry, relaysSettleAfterAll, tierOf } from "./relay-helpers";

const { join } = clientsClosedAfterEach();
relaysSettleAfterAll();

async function hotRoom() {
  const room = await newRoom("hot");
  await makeHot(room);
  return room;
}

function acks(client: TestClient) {
  return client.received.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MESSAGE_ACK ? [readAck(decoder)] : [];
  });
}

const allSee = async (clients: TestClient[], text: string) => {
  for (const client of clients) await client.until(() => client.text === text, `"${text}" everywhere`);
};

describe("a hot room's relays", () => {
  it("carry the sockets past the threshold, and every edit reaches everyone once stored", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    const relayed: TestClient[] = [];
    // Each join once the last is counted: routing goes by the relays' reported sizes.
    for (let i = 1; i <= 3; i++) {
      relayed.push(await join(room));
      await relaysCarry(room, i);
    }
    expect((await tierOf(room)).relays).toBe(2);
    direct.type("a");
    await allSee([direct, ...relayed], "a");
    relayed[0]!.type("b");
    await allSee([direct, ...relayed], "ab");
    relayed[2]!.type("c");
    await allSee([direct, ...relayed], "abc");
    await eventually(async () => (await tierOf(room)).maxLag === 0, "the relays to confirm every update");
    expect((await tierOf(room)).perRelay.map((r) => r.seq)).toEqual([3, 3]);
  });

  it("answer newcomers from their own copy: a join costs the room no frame", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    direct.type("already here");
    await join(room);
    await direct.roundTrip();
    const before = await stubOf(room).stats();
    const newcomer = await join(room);
    expect(newcomer.text).toBe("already here");
    const after = await stubOf(room).stats();
    // Its sync and handshake never reached the room (its presence does, through the relay's batch).
    expect(after.messagesIn).toBe(before.messagesIn);
    expect(after.socketsOpened).toBe(before.socketsOpened);
  });

  it("acknowledge an edit only with the sequence number the room stored it at", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    const writer = await join(room, { query: "acks=1" });
    await writer.until(() => acks(writer).length === 1, "the ack of the handshake's step 2");
    expect(acks(writer)).toEqual([{ seq: 0, status: ACK_STORED }]);
    for (let i = 0; i < 3; i++) writer.type(`${i}`);
    await writer.until(() => acks(writer).length === 4, "three more acks");
    expect(acks(writer).map((a) => a.seq)).toEqual([0, 1, 2, 3]);
    await direct.until(() => direct.text === "012", "the edits on the room");
  });

  it("have a burst of their edits judged one by one and stored in one write, each answered with its own seq", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    const [author, viewer] = [new Y.Doc(), new Y.Doc()];
    const edit = (doc: Y.Doc, text: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getText("t").insert(doc.getText("t").length, text);
      return Y.encodeStateAsUpdate(doc, before);
    };
    const [first, vandal, second] = [edit(author, "one "), edit(viewer, "vandal "), edit(author, "two")];
    const before = await stubOf(room).stats();
    const [writerId, viewerId] = [crypto.randomUUID(), crypto.randomUUID()];
    const answers = await stubOf(room).relayEdits([
      { update: first, role: "editor", author: writerId },
      { update: new Uint8Array([1, 2, 3]), role: "editor", author: writerId },
      { update: vandal, role: "viewer", author: viewerId },
      { update: second, role: "editor", author: writerId },
    ]);
    expect(answers).toEqual([{ ack: ACK_STORED, seq: 1 }, { refused: "invalid" }, { ack: ACK_READ_ONLY, seq: 1 }, { ack: ACK_STORED, seq: 2 }]);
    const after = await stubOf(room).stats();
    expect({ writes: after.writes - before.writes, edits: after.editsWritten - before.editsWritten }).toEqual({ writes: 1, edits: 2 });
    await direct.until(() => direct.text === "one two", "the stored edits, and nothing of the viewer's");
  });

  it("wake from hibernation for a push and miss nothing; a relay evicted with its sockets loses them, which resync", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    const relayed = await join(room);
    direct.type("before ");
    await allSee([relayed], "before ");
    await evictDurableObject(relayOf(room, 0), { webSockets: "hibernate" });
    direct.type("after");
    await allSee([relayed], "before after");
    relayed.type("!");
    await allSee([direct], "before after!");

    await evictDurableObject(relayOf(room, 0), { webSockets: "close" }).catch(() => {});
    await relayed.until(() => relayed.closed !== undefined, "the relay's socket to close");
    direct.type(" more");
    const again = await join(room);
    expect(again.text).toBe("before after! more");
    again.type("?");
    await allSee([direct], "before after! more?");
  });

  it("catch up from the room's log while it holds the tail, and from its state once compacted", async () => {
    const room = await hotRoom();
    const direct = await join(room);
    const relayed = await join(room);
    for (let i = 0; i < 3; i++) direct.type(`${i}`);
    await allSee([relayed], "012");
    const tail = await stubOf(room).relayCatchUp(1);
    expect("updates" in tail && tail.updates.map((u) => u.seq)).toEqual([2, 3]);
    // Past the test's 50 rows the alarm merges the log into the state.
    for (let i = 0; i < 50; i++) direct.type("x");
    await eventually(async () => {
      const { seq, logRows } = await stubOf(room).stats();
      return seq === 53 && logRows < 50;
    }, "the alarm to compact the log");
    const state = await stubOf(room).relayCatchUp(1);
    expect("state" in state).toBe(true);
    expect(state.seq).toBe(53);
    // The relay's sockets had every one of them all along.
    await allSee([relayed], direct.text);
    await eventually(async () => (await tierOf(room)).maxLag === 0, "the relay to confirm");
  });
});
