/** The room's document over sockets: clients converge and catch up, edits get gap-free sequence numbers, a failed write loses nothing, a close is answered. */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { clientsClosedAfterEach, newRoom, stubOf } from "./client";
import { storedText } from "./stored-text";

const { join, connect } = clientsClosedAfterEach();

describe("sync", () => {
  it("converges two clients editing concurrently", async () => {
    const room = await newRoom();
    const [a, b] = [await join(room), await join(room)];
    a.type("hello ");
    b.type("world");
    a.type("!", 0);
    await a.until(() => a.text.length === 12, "a to see both edits");
    await b.until(() => b.text === a.text, "b to converge");
    expect(a.text).toContain("hello ");
    expect(a.text).toContain("world");
    expect((await storedText(room)).text).toBe(a.text);
  });

  it("gives a late joiner the whole document", async () => {
    const room = await newRoom();
    const a = await join(room);
    for (let i = 0; i < 20; i++) a.type(`line ${i}\n`);
    await a.roundTrip();
    const late = await join(room);
    expect(late.text).toBe(a.text);
  });

  it("merges edits a client made while disconnected", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    a.type("shared ");
    await b.until(() => b.text === "shared ", "b to receive a's edit");
    b.close();
    a.type("online ");
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(b.doc));
    offline.getText("t").insert(0, "offline ");
    const back = await connect(room);
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(offline));
    await back.until(() => back.synced, "reconnect sync");
    await a.until(() => a.text.includes("offline"), "a to receive the offline edit");
    await back.until(() => back.text === a.text, "convergence");
    expect(a.text).toContain("online");
  });

  it("assigns gap-free sequence numbers and stores only real changes", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    for (let i = 0; i < 5; i++) a.type("x");
    await b.until(() => b.text === "xxxxx", "b to receive five edits");
    // Re-sending an update the room already has changes nothing and stores nothing.
    a.send(syncUpdateFrame(Y.encodeStateAsUpdate(a.doc)));
    await a.roundTrip();
    const seqs = await runInDurableObject(stubOf(room), (_i: Room, state) =>
      state.storage.sql
        .exec<{ seq: number }>("SELECT DISTINCT seq FROM log ORDER BY seq")
        .toArray()
        .map((r) => r.seq),
    );
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("writing edits", () => {
  it("closes the senders with 1011 and relays nothing when storage fails, and takes the edits again on reconnect", async () => {
    const room = await newRoom();
    const writer = await join(room);
    const second = await join(room);
    const observer = await join(room);
    await runInDurableObject(stubOf(room), (_i: Room, state) => {
      state.storage.sql.exec("CREATE TRIGGER fail_log BEFORE INSERT ON log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    });
    // Two edits at once: the first is written at once, the second (a burst) usually by the
    // timer; both writes fail.
    writer.type("kept by the client");
    second.type("and by this one");
    await writer.until(() => writer.closed !== undefined, "the writer to be closed");
    await second.until(() => second.closed !== undefined, "the second writer to be closed");
    expect(writer.closed).toEqual({ code: 1011, reason: "internal error" });
    expect(second.closed).toEqual({ code: 1011, reason: "internal error" });
    // Both writers' edits were handled (they closed them): anything relayed is here now.
    await observer.roundTrip();
    expect(observer.text).toBe("");
    expect((await storedText(room)).text).toBe("");

    await runInDurableObject(stubOf(room), (_i: Room, state) => {
      state.storage.sql.exec("DROP TRIGGER fail_log");
    });
    // What a stock client does on reconnecting: its state goes back in the sync exchange.
    const again = await join(room);
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(writer.doc));
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(second.doc));
    await observer.until(() => observer.text === again.text && again.text.length === 33, "both edits after the reconnect");
    expect((await storedText(room)).text).toBe(again.text);
  });
});

describe("closing", () => {
  it("answers a close without a code (as y-websocket's disconnect sends) with a close frame", async () => {
    const room = await newRoom();
    const a = await join(room);
    a.ws.close();
    await a.until(() => a.closed !== undefined, "the room's close frame");
    // 1005 only describes a close without a code and may not be sent back: the room answers 1000.
    expect(a.closed!.code).toBe(1000);
  });
});

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const frame = new Uint8Array(update.length + 6);
  let at = 0;
  frame[at++] = 0;
  frame[at++] = 2;
  let n = update.length;
  while (n > 127) {
    frame[at++] = (n & 127) | 128;
    n >>>= 7;
  }
  frame[at++] = n;
  frame.set(update, at);
  return frame.subarray(0, at + update.length);
}
