import { describe, expect, it } from "vitest";
import { AwarenessStore, removalsFor, trackOwnedClients } from "../../src/room/awareness";

const constructorId = 999;
const entry = (clientId: number, clock: number, state: unknown) => ({ clientId, clock, state: JSON.stringify(state) });

describe("AwarenessStore", () => {
  it("keeps the newest state per client and lists live ones", () => {
    const store = new AwarenessStore();
    expect(store.apply([entry(1, 1, { a: 1 }), entry(2, 1, { b: 1 })])).toEqual({ applied: [entry(1, 1, { a: 1 }), entry(2, 1, { b: 1 })], outdated: [] });
    expect(store.apply([entry(1, 1, { a: 2 })])).toEqual({ applied: [], outdated: [1] });
    expect(store.apply([entry(1, 2, { a: 3 })])).toEqual({ applied: [entry(1, 2, { a: 3 })], outdated: [] });
    expect([...store.live()]).toEqual([entry(1, 2, { a: 3 }), entry(2, 1, { b: 1 })]);
  });

  it("removes on an equal or newer clock and does not revive from an older update", () => {
    const store = new AwarenessStore();
    store.apply([entry(1, 5, { a: 1 })]);
    expect(store.apply([entry(1, 5, null)]).applied).toHaveLength(1);
    expect(store.has(1)).toBe(false);
    expect(store.apply([entry(1, 5, { a: 0 })])).toEqual({ applied: [], outdated: [1] });
    expect(store.entriesFor([1, 2])).toEqual([entry(1, 5, null)]);
    expect(store.has(1)).toBe(false);
    expect(store.apply([entry(1, 6, { a: 2 })]).applied).toHaveLength(1);
    expect(store.has(1)).toBe(true);
  });
});

describe("staleness", () => {
  it("leaves states not renewed within 30 s out of what newcomers are told", () => {
    const store = new AwarenessStore();
    store.apply([entry(1, 1, { a: 1 })], 0);
    store.apply([entry(2, 1, { b: 1 })], 20_000);
    expect([...store.live(29_999)].map((e) => e.clientId)).toEqual([1, 2]);
    expect([...store.live(31_000)].map((e) => e.clientId)).toEqual([2]);
    store.apply([entry(1, 2, { a: 2 })], 40_000);
    expect([...store.live(41_000)].map((e) => e.clientId)).toEqual([1, 2]);
  });

  it("forgets long-silent clients once it holds many", () => {
    const store = new AwarenessStore();
    store.apply(
      Array.from({ length: 300 }, (_, i) => entry(i + 1, 1, {})),
      0,
    );
    store.apply([entry(1000, 1, {})], 10 * 60_000);
    expect(store.entriesFor([1, 1000]).map((e) => e.clientId)).toEqual([1000]);
  });
});

describe("removalsFor", () => {
  it("writes a null state at the last clock seen", () => {
    expect(removalsFor({ "7": 3, "9": 0 })).toEqual([
      { clientId: 7, clock: 3, state: "null" },
      { clientId: 9, clock: 0, state: "null" },
    ]);
  });
});

describe("trackOwnedClients", () => {
  it("owns at most `max` ids, whatever a client claims", () => {
    const owned: Record<string, number> = {};
    const many = Array.from({ length: 100 }, (_, i) => entry(i + 1, 1, {}));
    trackOwnedClients(owned, many, 8, () => false);
    expect(Object.keys(owned)).toHaveLength(8);
    expect(trackOwnedClients(owned, [entry(constructorId, 1, {})], 8, () => false)).toBe(false);
  });

  const nobodyElse = () => false;

  it("adopts announced ids and follows their clocks", () => {
    const owned: Record<string, number> = {};
    expect(trackOwnedClients(owned, [entry(1, 1, {})], 8, nobodyElse)).toBe(true);
    expect(trackOwnedClients(owned, [entry(1, 1, {})], 8, nobodyElse)).toBe(false);
    expect(trackOwnedClients(owned, [entry(1, 2, {})], 8, nobodyElse)).toBe(true);
    expect(owned).toEqual({ "1": 2 });
  });

  it("forgets an id its owner removes, and ignores removals of ids it does not own", () => {
    const owned: Record<string, number> = { "1": 2 };
    expect(trackOwnedClients(owned, [entry(5, 9, null)], 8, nobodyElse)).toBe(false);
    expect(trackOwnedClients(owned, [entry(1, 3, null)], 8, nobodyElse)).toBe(true);
    expect(owned).toEqual({});
  });

  it("does not adopt ids another connection owns (relayed in a query-awareness reply)", () => {
    const owned: Record<string, number> = { "1": 1 };
    const changed = trackOwnedClients(owned, [entry(1, 2, {}), entry(2, 4, {})], 8, (id) => id === 2);
    expect(changed).toBe(true);
    expect(owned).toEqual({ "1": 2 });
  });
});

describe("presence echoes", () => {
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
