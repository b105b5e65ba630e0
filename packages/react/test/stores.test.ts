/**
 * The presence store the hooks read, over real awareness: a snapshot stays the same object
 * until the people in it change, and a subscription ends cleanly. `roomValue` (connection,
 * save status) is read by the Lexical example in Chromium against a real server
 * (test/e2e/editors.e2e.test.ts).
 */
import { type Person, presenceOf } from "@edge-rooms/client";
import { describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { othersStore, samePeople } from "../src/stores";

const ada: Person = { id: "ada", name: "Ada", color: "#ee6666" };
const bob: Person = { id: "bob", name: "Bob", color: "#3366ee" };

/** Two people's awareness, `mine` receiving what `theirs` publishes. */
function pair() {
  const mine = new Awareness(new Y.Doc());
  const theirs = new Awareness(new Y.Doc());
  const relay = () => applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), "remote");
  return { mine, theirs, relay };
}

describe("samePeople", () => {
  it("compares ids, names and colours in order", () => {
    expect(samePeople([ada, bob], [{ ...ada }, { ...bob }])).toBe(true);
    expect(samePeople([ada, bob], [bob, ada])).toBe(false);
    expect(samePeople([ada], [{ ...ada, color: "#000000" }])).toBe(false);
    expect(samePeople([ada], [{ ...ada, name: "Ada L." }])).toBe(false);
    expect(samePeople([], [ada])).toBe(false);
  });
});

describe("othersStore", () => {
  it("gives a new list when someone comes or leaves, the same one when only their caret moves", () => {
    const { mine, theirs, relay } = pair();
    const store = othersStore(presenceOf(mine));
    let changes = 0;
    const stop = store.subscribe(() => changes++);
    const empty = store.getSnapshot();
    expect(empty).toEqual([]);
    expect(store.getSnapshot()).toBe(empty);

    theirs.setLocalStateField("user", bob);
    relay();
    const withBob = store.getSnapshot();
    expect(withBob).toEqual([bob]);
    expect(changes).toBe(1);

    theirs.setLocalStateField("cursor", { anchor: { tname: "default" }, head: { tname: "default" } });
    relay();
    expect(changes).toBe(2);
    expect(store.getSnapshot()).toBe(withBob);

    theirs.setLocalStateField("user", { ...bob, name: "Robert" });
    relay();
    expect(store.getSnapshot()).toEqual([{ ...bob, name: "Robert" }]);

    stop();
    theirs.setLocalStateField("user", bob);
    relay();
    expect(changes).toBe(3);
  });
});
