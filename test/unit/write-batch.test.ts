/** The queue of edits on their way to the log, with a log in memory and the clock run by hand. */
import { describe, expect, it } from "vitest";
import { type BatchPort, StorageError, WriteBatch } from "../../src/room/write-batch";
import { ManualClock } from "./manual-clock";

/** A batch whose port records, as words, what was stored and sent; `fail` makes the next store throw. */
function batch() {
  const clock = new ManualClock();
  const heard: string[] = [];
  const stored: string[] = [];
  let fail = false;
  const port: BatchPort<string> = {
    store: (updates) => {
      if (fail) throw new Error("disk full");
      stored.push(...updates.map((u) => new TextDecoder().decode(u)));
      heard.push(`store ${updates.length}`);
    },
    failed: (origins) => heard.push(`lost ${origins.join(" ")}`),
    relay: (update, origin) => heard.push(`relay ${new TextDecoder().decode(update)} from ${origin}`),
    written: (edits) => heard.push(`written ${edits}`),
  };
  const writes = new WriteBatch<string>(port, clock);
  const edit = (text: string, origin: string | null) => {
    writes.queue(new TextEncoder().encode(text), origin);
    writes.edited();
  };
  return { writes, edit, clock, heard, stored, failNext: () => (fail = true) };
}

describe("WriteBatch", () => {
  it("writes a lone edit at once, then relays it and runs what waited for it", () => {
    const { writes, edit, heard } = batch();
    edit("a", "s1");
    writes.afterWrite(() => heard.push("ack"));
    expect(heard).toEqual(["store 1", "relay a from s1", "written 1", "ack"]);
    expect(writes.length).toBe(0);
  });

  it("holds a burst for one write from its timer, sends in order after it", () => {
    const { writes, edit, clock, heard, stored } = batch();
    edit("a", "s1");
    clock.advance(1);
    edit("b", "s2");
    writes.afterWrite(() => heard.push("ack b"));
    edit("c", null);
    edit("d", "s1");
    expect(writes.length).toBe(3);
    expect(writes.bytes).toBe(3);
    expect(heard).toEqual(["store 1", "relay a from s1", "written 1"]);
    clock.advance(0);
    expect(stored).toEqual(["a", "b", "c", "d"]);
    // The edit without an origin is stored, not relayed.
    expect(heard.slice(3)).toEqual(["store 3", "relay b from s2", "ack b", "relay d from s1", "written 3"]);
  });

  it("writes a burst at once when settled (something other than an edit comes), and its timer then writes nothing", () => {
    const { writes, edit, clock, heard } = batch();
    edit("a", "s1");
    clock.advance(1);
    edit("b", "s2");
    writes.afterWrite(() => heard.push("ack b"));
    expect(heard).toEqual(["store 1", "relay a from s1", "written 1"]);
    writes.settle();
    expect(heard.slice(3)).toEqual(["store 1", "relay b from s2", "ack b", "written 1"]);
    writes.settle();
    clock.advance(0);
    expect(heard).toHaveLength(7);
  });

  it("takes back what a refused update queued, keeping the sends of the edits before it", () => {
    const { writes, edit, clock, heard } = batch();
    edit("a", "s1");
    clock.advance(1);
    edit("b", "s1");
    writes.afterWrite(() => heard.push("ack b"));
    writes.queue(new TextEncoder().encode("refused"), "s2");
    writes.unqueueSince(1);
    expect(writes.length).toBe(1);
    clock.advance(0);
    expect(heard.slice(3)).toEqual(["store 1", "relay b from s1", "ack b", "written 1"]);
  });

  it("sends nothing when the store fails, reports whose edits were lost, and throws", () => {
    const { writes, edit, clock, heard, failNext } = batch();
    edit("a", "s1");
    clock.advance(1);
    edit("b", "s2");
    edit("c", "s3");
    writes.afterWrite(() => heard.push("ack c"));
    failNext();
    expect(() => writes.write()).toThrow(StorageError);
    expect(heard.slice(3)).toEqual(["lost s2 s3"]);
    expect(writes.length).toBe(0);
    // The timer finds nothing left to write.
    clock.advance(0);
    expect(heard.slice(4)).toEqual([]);
  });

  it("runs a send at once when nothing waits, and forgets what a deleted room queued", () => {
    const { writes, edit, clock, heard } = batch();
    writes.afterWrite(() => heard.push("ack"));
    expect(heard).toEqual(["ack"]);
    edit("a", "s1");
    clock.advance(1);
    edit("b", "s1");
    writes.forget();
    clock.advance(0);
    expect(heard).toEqual(["ack", "store 1", "relay a from s1", "written 1"]);
  });
});
