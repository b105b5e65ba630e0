/**
 * The document store on real Durable Object SQLite storage: a store of its own on the
 * storage of a fresh room object (whose Room instance is never used), with the clock run by
 * hand so bursts are written when the test says.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type DocumentEvents, type DocumentLimits, DocumentStore } from "../../src/room/document-store";
import type { Room } from "../../src/room/room";
import { StorageError } from "../../src/room/write-batch";
import { readMessage } from "../../src/wire/protocol";
import { ManualClock } from "../unit/manual-clock";

const LIMITS: DocumentLimits = { maxDocumentBytes: 1_000_000, maxPendingBytes: 1_000_000, syncFrameBytes: 1_000_000 };

/** Runs `test` with fresh storage: `open` makes a store on it (several may share it, as after a restart). */
function withStorage(test: (open: (limits?: DocumentLimits) => ReturnType<typeof store>, storage: DurableObjectStorage) => void) {
  const stub = env.ROOM.get(env.ROOM.idFromName(`document-store-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_room: Room, state) => test((limits = LIMITS) => store(state.storage, limits), state.storage));
}

/** A store whose events are recorded in order, as words. */
function store(storage: DurableObjectStorage, limits: DocumentLimits) {
  const clock = new ManualClock();
  const heard: string[] = [];
  const events: DocumentEvents<string> = {
    relay: (_update, origin) => heard.push(`relay ${origin}`),
    written: (edits) => heard.push(`written ${edits}`),
    lost: (origins) => heard.push(`lost ${origins.join(" ")}`),
    refused: (origin) => heard.push(`refused ${origin}`),
  };
  return { store: new DocumentStore<string>(storage, limits, events, clock), clock, heard };
}

/** A client's document: each edit returns the update it makes. */
function client() {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  const edit = (change: (text: Y.Text) => void) => {
    const updates: Uint8Array[] = [];
    const take = (u: Uint8Array) => updates.push(u);
    doc.on("update", take);
    change(text);
    doc.off("update", take);
    return Y.mergeUpdates(updates);
  };
  return { doc, edit, insert: (s: string) => edit((t) => t.insert(t.length, s)) };
}

const storedSeqs = (storage: DurableObjectStorage) =>
  storage.sql
    .exec<{ seq: number }>("SELECT DISTINCT seq FROM log ORDER BY seq")
    .toArray()
    .map((r) => r.seq);
const failWrites = (storage: DurableObjectStorage) =>
  storage.sql.exec("CREATE TRIGGER fail_log BEFORE INSERT ON log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
const textOf = (doc: Y.Doc) => doc.getText("t").toString();

describe("DocumentStore", () => {
  it("writes a lone edit at once, then relays it and runs what waited for it", () =>
    withStorage((open, storage) => {
      const { store, heard } = open();
      const writer = client();
      expect(store.integrate(writer.insert("hello"), "a")).toBe("stored");
      store.afterWrite(() => heard.push("ack a"));
      expect(heard).toEqual(["relay a", "written 1", "ack a"]);
      expect(storedSeqs(storage)).toEqual([1]);
      expect(textOf(open().store.stored())).toBe("hello");
    }));

  it("writes a burst's edits together from a timer, relaying and acknowledging none before", () =>
    withStorage((open, storage) => {
      const { store, clock, heard } = open();
      const writer = client();
      store.integrate(writer.insert("a"), "a");
      // Within BURST_MS of the first: a burst.
      store.integrate(writer.insert("b"), "b");
      store.afterWrite(() => heard.push("ack b"));
      store.integrate(writer.insert("c"), "c");
      expect(store.seqWhenWritten).toBe(3);
      expect(heard).toEqual(["relay a", "written 1"]);
      expect(storedSeqs(storage)).toEqual([1]);
      clock.advance(0);
      expect(heard).toEqual(["relay a", "written 1", "relay b", "ack b", "relay c", "written 2"]);
      expect(storedSeqs(storage)).toEqual([1, 2, 3]);
    }));

  it("writes a burst too long for one statement, with an edit stored in parts, whole and gap-free", () =>
    withStorage((open, storage) => {
      const limits = { ...LIMITS, maxDocumentBytes: 4_000_000 };
      const { store, clock, heard } = open(limits);
      const writer = client();
      store.integrate(writer.insert("<"), "a");
      // Larger than a stored part (storage/chunks.ts), within the burst.
      store.integrate(writer.insert("x".repeat(1_200_000)), "a");
      for (let i = 0; i < 99; i++) store.integrate(writer.insert(String(i % 10)), "a");
      clock.advance(0);
      expect(heard.slice(-1)).toEqual(["written 100"]);
      expect(storedSeqs(storage)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
      expect(store.log.size.rows).toBe(101);
      const expected = `<${"x".repeat(1_200_000)}${Array.from({ length: 99 }, (_, i) => i % 10).join("")}`;
      expect(textOf(open(limits).store.stored())).toBe(expected);
    }));

  it("writes what waits before anyone reads the document", () =>
    withStorage((open, storage) => {
      const { store, heard } = open();
      const writer = client();
      store.integrate(writer.insert("a"), "a");
      store.integrate(writer.insert("b"), "b");
      const answer = store.syncAnswer(Uint8Array.of(0));
      expect(heard).toEqual(["relay a", "written 1", "relay b", "written 1"]);
      expect(storedSeqs(storage)).toEqual([1, 2]);
      const newcomer = new Y.Doc();
      for (const frame of answer) {
        const message = readMessage(frame);
        if (message.kind === "sync-step2" || message.kind === "sync-update") Y.applyUpdate(newcomer, message.update);
      }
      expect(textOf(newcomer)).toBe("ab");
    }));

  it("relays and acknowledges nothing when the write fails, reports whose edits were lost, and reloads what is stored", () =>
    withStorage((open, storage) => {
      const { store, clock, heard } = open();
      const writer = client();
      store.integrate(writer.insert("kept "), "a");
      failWrites(storage);
      clock.advance(10);
      expect(() => store.integrate(writer.insert("lost"), "b")).toThrow(StorageError);
      expect(heard).toEqual(["relay a", "written 1", "lost b"]);
      expect(textOf(store.stored())).toBe("kept ");

      // A burst's write fails from its timer: reported, not thrown.
      heard.length = 0;
      clock.advance(10);
      expect(() => store.integrate(client().insert("x"), "c")).toThrow(StorageError);
      store.integrate(client().insert("y"), "d");
      store.integrate(client().insert("z"), "e");
      store.afterWrite(() => heard.push("ack e"));
      clock.advance(0);
      expect(heard).toEqual(["lost c", "lost d e"]);
      expect(storedSeqs(storage)).toEqual([1]);
      storage.sql.exec("DROP TRIGGER fail_log");
      expect(textOf(store.stored())).toBe("kept ");
    }));

  it("keeps sequence numbers gap-free when a write fails part-way through a burst", () =>
    withStorage((open, storage) => {
      const { store, clock, heard } = open();
      const writer = client();
      store.integrate(writer.insert("a"), "a");
      storage.sql.exec("CREATE TRIGGER fail_third BEFORE INSERT ON log WHEN NEW.seq = 3 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      store.integrate(client().insert("b"), "b");
      store.integrate(client().insert("c"), "c");
      clock.advance(0);
      expect(heard).toEqual(["relay a", "written 1", "lost b c"]);
      storage.sql.exec("DROP TRIGGER fail_third");
      clock.advance(10);
      store.integrate(client().insert("d"), "d");
      expect(store.log.seq).toBe(2);
      expect(storedSeqs(storage)).toEqual([1, 2]);
    }));

  it("refuses growth past the cap and stores nothing of it, but lets deletions through a full room", () =>
    withStorage((open, storage) => {
      const writer = client();
      const first = open();
      first.store.integrate(writer.insert("x".repeat(300)), "a");
      const { store, clock, heard } = open({ ...LIMITS, maxDocumentBytes: 200 });
      expect(store.integrate(writer.insert("more"), "a")).toBe("too_large");
      expect(heard).toEqual([]);
      expect(storedSeqs(storage)).toEqual([1]);
      expect(textOf(store.stored())).toBe("x".repeat(300));
      clock.advance(10);
      expect(
        store.integrate(
          writer.edit((t) => t.delete(0, 100)),
          "a",
        ),
      ).toBe("stored");
      expect(heard).toEqual(["relay a", "written 1"]);
      expect(textOf(store.stored())).toBe("x".repeat(200));
    }));

  it("refuses an update Yjs cannot integrate, storing nothing", () =>
    withStorage((open, storage) => {
      const { store, heard } = open();
      expect(store.integrate(Uint8Array.of(1, 2, 3), "a")).toBe("failed");
      expect(heard).toEqual(["refused a"]);
      expect(storedSeqs(storage)).toEqual([]);
    }));

  it("stores an edit that follows what it has as sent, nothing of a repeat, and of an overlapping update only what it adds", () =>
    withStorage((open, storage) => {
      const { store } = open();
      const writer = client();
      const first = writer.insert("ab");
      const second = writer.insert("cd");
      // Written at once, not as a burst's from the timer.
      const storedData = () => {
        store.write();
        return storage.sql
          .exec<{ data: ArrayBuffer }>("SELECT data FROM log ORDER BY seq, part")
          .toArray()
          .map((r) => [...new Uint8Array(r.data)]);
      };
      expect(store.integrate(first, "a")).toBe("stored");
      expect(storedData()).toEqual([[...first]]);
      // A repeat changes nothing: nothing is stored.
      expect(store.integrate(first, "a")).toBe("stored");
      expect(storedData()).toHaveLength(1);
      // Both edits, the first again: only the second is stored, as Yjs encodes what changed.
      expect(store.integrate(Y.mergeUpdates([first, second]), "a")).toBe("stored");
      const log = storedData();
      expect(log).toHaveLength(2);
      const onlySecond = new Y.Doc();
      Y.applyUpdate(onlySecond, Y.mergeUpdates([first, new Uint8Array(log[1]!)]));
      expect(textOf(onlySecond)).toBe("abcd");
      expect(log[1]!.length).toBeLessThan(Y.mergeUpdates([first, second]).byteLength);
      expect(textOf(open().store.stored())).toBe("abcd");
    }));

  it("keeps an update Yjs holds pending as sent, unrelayed, so a restart still has it", () =>
    withStorage((open, storage) => {
      const writer = client();
      const first = writer.insert("a");
      const second = writer.insert("b");
      const { store, heard } = open();
      expect(store.integrate(second, "a")).toBe("stored");
      store.afterWrite(() => heard.push("ack a"));
      expect(heard).toEqual(["written 1", "ack a"]);
      expect(storedSeqs(storage)).toEqual([1]);
      // After a restart, the missing edit completes it.
      const restarted = open();
      expect(restarted.store.integrate(first, "b")).toBe("stored");
      expect(textOf(restarted.store.stored())).toBe("ab");
    }));

  it("refuses an update that would leave more than maxPendingBytes waiting, storing and relaying none of it", () =>
    withStorage((open, storage) => {
      const writer = client();
      const withheld = writer.insert("a");
      const small = writer.insert("b".repeat(100));
      const large = writer.insert("c".repeat(1_000));
      const { store, heard } = open({ ...LIMITS, maxPendingBytes: 500 });
      expect(store.integrate(small, "a")).toBe("stored");
      expect(storedSeqs(storage)).toEqual([1]);
      // Another client's edit that integrates, sent together with one that has to wait.
      const other = client().insert("other");
      expect(store.integrate(Y.mergeUpdates([other, large]), "a")).toBe("too_large");
      expect(heard).toEqual(["written 1"]);
      expect(storedSeqs(storage)).toEqual([1]);
      expect(textOf(store.stored())).toBe("");
      // What waits within its budget is still completed by the missing edit.
      expect(store.integrate(withheld, "b")).toBe("stored");
      expect(textOf(store.stored())).toBe(`a${"b".repeat(100)}`);
    }));

  it("counts what waits against the document's cap", () =>
    withStorage((open, storage) => {
      const writer = client();
      writer.insert("a");
      const { store } = open({ ...LIMITS, maxDocumentBytes: 2_500, maxPendingBytes: 1_000_000 });
      expect(store.integrate(writer.insert("b".repeat(1_000)), "a")).toBe("stored");
      expect(store.integrate(writer.insert("c".repeat(1_000)), "a")).toBe("stored");
      expect(store.integrate(writer.insert("d".repeat(1_000)), "a")).toBe("too_large");
      store.write();
      expect(storedSeqs(storage)).toEqual([1, 2]);
      expect(store.log.storedBytes).toBeLessThanOrEqual(2_500);
    }));

  it("shares the full-document answer per sequence number, and splits a large one with step 2 last", () =>
    withStorage((open) => {
      const { store, clock } = open({ ...LIMITS, syncFrameBytes: 64 });
      const writer = client();
      for (let i = 0; i < 4; i++) {
        store.integrate(writer.insert("y".repeat(40)), "a");
        clock.advance(10);
      }
      const answer = store.syncAnswer(Uint8Array.of(0));
      expect(store.syncAnswer(Uint8Array.of(0))).toBe(answer);
      expect(answer.map((frame) => readMessage(frame).kind)).toEqual([...Array(answer.length - 1).fill("sync-update"), "sync-step2"]);
      expect(answer.length).toBeGreaterThan(1);
      // Not for a client that has something: its answer is its own.
      const partial = Y.encodeStateVector(writer.doc);
      expect(store.syncAnswer(partial)).not.toBe(store.syncAnswer(partial));
      store.integrate(writer.insert("z"), "a");
      expect(store.syncAnswer(Uint8Array.of(0))).not.toBe(answer);
    }));
});
