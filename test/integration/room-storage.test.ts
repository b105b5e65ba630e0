/** The room's storage over its life: hibernation and restarts, documents larger than one SQLite value or one message, compaction. */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Room } from "../../src/room/room";
import { clientsClosedAfterEach, eventually, newRoom, stubOf } from "./client";
import { storedText } from "./stored-text";

const { join } = clientsClosedAfterEach();

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
    // Three 3.2 MB edits, each under MAX_MESSAGE_BYTES (8 MiB in tests): 9.6 MB in all, each
    // handled by the room (its answer to a sync step 1 behind it) before the next goes.
    const chunk = "0123456789abcdef".repeat(200_000);
    for (const line of ["A", "B", "C"]) {
      a.type(line + chunk);
      await a.roundTrip();
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
