import { describe, expect, it } from "vitest";
import { AwarenessStore } from "../../src/room/awareness";
import { PresenceBatch, presenceWindowMs } from "../../src/room/presence-batch";
import { readAwarenessClocks, writeAwareness, writeUpdate } from "../../src/wire/protocol";

const entry = (clientId: number, clock: number, state: unknown) => ({ clientId, clock, state: JSON.stringify(state) });

describe("presence echoes", () => {
  it("reads ids and clocks without the states, and nothing from other frames", () => {
    expect(readAwarenessClocks(writeAwareness([entry(7, 3, { x: 1 }), entry(8, 4, null)]), 2)).toEqual([
      { clientId: 7, clock: 3, removal: false },
      { clientId: 8, clock: 4, removal: true },
    ]);
    expect(readAwarenessClocks(writeUpdate(Uint8Array.of(0, 0)), 2)).toBeNull();
    expect(readAwarenessClocks(Uint8Array.of(1, 9, 1), 2)).toBeNull();
  });

  it("tells an echo (nothing newer) from news, with y-protocols' rule for removals", () => {
    const store = new AwarenessStore();
    store.apply([entry(1, 5, { a: 1 })]);
    expect(store.changesNothing([{ clientId: 1, clock: 5, removal: false }])).toBe(true);
    expect(store.changesNothing([{ clientId: 1, clock: 4, removal: true }])).toBe(true);
    expect(store.changesNothing([{ clientId: 1, clock: 5, removal: true }])).toBe(false);
    expect(store.changesNothing([{ clientId: 1, clock: 6, removal: false }])).toBe(false);
    expect(store.changesNothing([{ clientId: 2, clock: 1, removal: false }])).toBe(false);
  });
});

describe("PresenceBatch", () => {
  it("keeps each client's latest entry and asks for one flush per batch", () => {
    const batch = new PresenceBatch();
    expect(batch.add([entry(1, 1, { a: 1 })])).toBe(true);
    expect(batch.add([entry(1, 2, { a: 2 }), entry(2, 1, {})])).toBe(false);
    expect(batch.take()).toEqual([entry(1, 2, { a: 2 }), entry(2, 1, {})]);
    expect(batch.take()).toEqual([]);
    expect(batch.add([])).toBe(false);
  });

  it("widens the window with the room, within 25–250 ms", () => {
    expect([1, 60, 200, 5000].map(presenceWindowMs)).toEqual([25, 60, 200, 250]);
  });
});
