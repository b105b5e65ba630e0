import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { type Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { joinChunks } from "../../src/storage/chunks";
import { clientsClosedAfterEach, eventually, newRoom, pause, presenceClients, stubOf } from "./client";

const { join, connect } = clientsClosedAfterEach();

/** What the room has durably stored: the document rebuilt from its SQLite rows alone. */
function storedText(room: string): Promise<{ text: string; seq: number; logRows: number }> {
  return runInDurableObject(stubOf(room), (_instance: Room, state) => {
    const doc = new Y.Doc();
    const sql = state.storage.sql;
    const join = (rows: { data: ArrayBuffer }[]) => joinChunks(rows.map((r) => new Uint8Array(r.data)));
    const state0 = sql.exec<{ data: ArrayBuffer }>("SELECT data FROM state ORDER BY part").toArray();
    if (state0.length) Y.applyUpdate(doc, join(state0));
    const seqs = sql.exec<{ seq: number }>("SELECT DISTINCT seq FROM log ORDER BY seq").toArray();
    for (const { seq } of seqs) {
      Y.applyUpdate(doc, join(sql.exec<{ data: ArrayBuffer }>("SELECT data FROM log WHERE seq = ? ORDER BY part", seq).toArray()));
    }
    const meta = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'state_seq'").toArray();
    const last = seqs.at(-1)?.seq ?? meta[0]?.value ?? 0;
    return { text: doc.getText("t").toString(), seq: last, logRows: seqs.length };
  });
}

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

describe("hibernation", () => {
  it("keeps serving open sockets after the object is evicted, reloading the document", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    a.type("before ");
    await b.until(() => b.text === "before ", "b to receive the first edit");
    await evictDurableObject(stubOf(room), { webSockets: "hibernate" });
    a.type("after");
    await b.until(() => b.text === "before after", "an edit relayed after the wake-up");
    const late = await join(room);
    expect(late.text).toBe("before after");
  });

  it("still removes a cursor after a wake-up, and shows existing cursors to newcomers", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    a.setPresence({ user: { name: "Ada" } });
    await b.until(() => b.peers.includes(a.doc.clientID), "b to see Ada");
    await evictDurableObject(stubOf(room), { webSockets: "hibernate" });
    const c = await join(room);
    await c.until(() => c.awareness.getStates().get(a.doc.clientID)?.user?.name === "Ada", "c to see Ada after the wake-up");
    await evictDurableObject(stubOf(room), { webSockets: "hibernate" });
    a.close();
    await b.until(() => !b.peers.includes(a.doc.clientID), "Ada's cursor removed for b");
    await c.until(() => !c.peers.includes(a.doc.clientID), "Ada's cursor removed for c");
  });

  it("reloads the document from storage after the object restarts with no sockets", async () => {
    const room = await newRoom();
    const a = await join(room);
    a.type("durable text");
    await a.roundTrip();
    a.close();
    await evictDurableObject(stubOf(room), { webSockets: "close" }).catch(() => {});
    const b = await join(room);
    expect(b.text).toBe("durable text");
  });
});

describe("large documents", () => {
  it("stores an update and a state larger than one SQLite value, in parts", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    const big = "0123456789abcdef".repeat(200_000); // 3.2 MB: over the 2 MB per-value limit
    a.type(big);
    await b.until(() => b.text.length === big.length, "the large edit to arrive", 15_000);
    const countParts = (table: "log" | "state") =>
      runInDurableObject(stubOf(room), (_i: Room, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n);
    expect(await countParts("log")).toBeGreaterThan(1);
    expect((await storedText(room)).text).toBe(big);
    // 50 more edits pass the row threshold: the compacted state is itself stored in parts.
    for (let i = 0; i < 50; i++) a.type(".");
    await b.until(() => b.text.length === big.length + 50, "the small edits to arrive");
    await eventually(async () => (await countParts("log")) === 0, "the alarm to compact the log");
    expect(await countParts("state")).toBeGreaterThan(1);
    expect((await storedText(room)).text).toBe(a.text);
    await evictDurableObject(stubOf(room), { webSockets: "close" }).catch(() => {});
    const fresh = await join(room);
    expect(fresh.text).toBe(a.text);
  });
});

describe("large documents, continued", () => {
  it("syncs a newcomer to a document larger than the message limit in several messages", async () => {
    const room = await newRoom();
    const a = await join(room);
    // Three 3.2 MB edits, each under MAX_MESSAGE_BYTES (8 MiB in tests): 9.6 MB in all,
    // paced to stay within the byte budget (bursts of 8 MiB, then 1 MiB/s).
    const chunk = "0123456789abcdef".repeat(200_000);
    for (const line of ["A", "B", "C"]) {
      a.type(line + chunk);
      await pause(1_800);
    }
    expect(a.closed).toBeUndefined();
    const fresh = await join(room);
    await fresh.until(() => fresh.text.length === a.text.length, "the whole document", 20_000);
    expect(fresh.text).toBe(a.text);
    const limit = 8 * 1024 * 1024;
    const syncFrames = fresh.received.filter((f) => f[0] === 0);
    expect(syncFrames.length).toBeGreaterThan(2);
    for (const frame of syncFrames) expect(frame.byteLength).toBeLessThanOrEqual(limit);
  }, 40_000);
});

describe("compaction", () => {
  it("merges the log into the stored state without changing the content", async () => {
    const room = await newRoom();
    const a = await join(room);
    const b = await join(room);
    for (let i = 0; i < 120; i++) a.type(i % 10 === 9 ? "\n" : "ab", i % 7);
    b.type("from b");
    await b.until(() => b.text === a.text && a.text.includes("from b"), "convergence before compaction");
    // 121 stored updates pass the test threshold of 50 rows: the alarm compacts by itself.
    await eventually(async () => (await storedText(room)).logRows < 50, "the alarm to compact the log");
    const after = await storedText(room);
    expect(after.text).toBe(a.text);
    expect(after.seq).toBe(121);
    // Nothing left to compact: the alarm, if run again, leaves the stored state alone.
    await runDurableObjectAlarm(stubOf(room));
    expect(await storedText(room)).toEqual(after);
    // New edits continue the sequence after the compacted state.
    a.type("more");
    await b.until(() => b.text === a.text, "an edit after compaction");
    const next = await storedText(room);
    expect(next.seq).toBe(122);
    await evictDurableObject(stubOf(room), { webSockets: "close" }).catch(() => {});
    const fresh = await join(room);
    expect(fresh.text).toBe(a.text);
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
