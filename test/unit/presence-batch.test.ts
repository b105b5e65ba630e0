import { describe, expect, it } from "vitest";
import { PresenceBatch, presenceWindowMs } from "../../src/room/presence-batch";

const entry = (clientId: number, clock: number, state: unknown) => ({ clientId, clock, state: JSON.stringify(state) });

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
    expect([1, 60, 200, 5000].map((n) => presenceWindowMs(n))).toEqual([25, 60, 200, 250]);
  });

  it("merges for longer while the room is short of time, at most a second", () => {
    expect([1, 60, 200, 5000].map((n) => presenceWindowMs(n, true))).toEqual([100, 240, 800, 1_000]);
  });
});
