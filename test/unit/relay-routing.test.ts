import { describe, expect, it } from "vitest";
import { chooseRoute, hashKey, jumpHash, routeKey } from "../../src/relay/routing";

const config = { threshold: 3, relayMaxSockets: 10, maxRelays: 4 };

describe("routing a newcomer", () => {
  it("keeps sockets on the room below the threshold", () => {
    expect(chooseRoute("u", 2, [], config)).toEqual({ to: "room" });
    expect(chooseRoute("u", 3, [], config)).toEqual({ to: "relay", index: 0 });
  });

  it("sends a client to the same relay every time while the tier keeps its size", () => {
    const relays = [7, 4, 9];
    const first = chooseRoute(routeKey("user-1", "tab-a"), 3, relays, config);
    for (let i = 0; i < 5; i++) expect(chooseRoute(routeKey("user-1", "tab-a"), 3, relays, config)).toEqual(first);
  });

  it("uses as many relays as the sockets need, and one more once they fill", () => {
    const used = (relays: number[]) => {
      const seen = new Set<number>();
      for (let i = 0; i < 200; i++) {
        const route = chooseRoute(`user-${i}`, 3, relays, config);
        if (route.to === "relay") seen.add(route.index);
      }
      return [...seen].sort();
    };
    expect(used([5])).toEqual([0]);
    expect(used([9, 2])).toEqual([0, 1]);
    // A full relay takes nobody: its share goes on to the next.
    expect(used([10])).toEqual([1]);
    expect(used([10, 9, 1])).toEqual([1, 2]);
  });

  it("passes over a full relay to the next with room, and says when all are full", () => {
    const key = "someone";
    const own = chooseRoute(key, 3, [10, 10, 10, 3], config);
    expect(own).toEqual({ to: "relay", index: 3 });
    expect(chooseRoute(key, 3, [10, 10, 10, 10], config)).toEqual({ to: "full" });
  });

  it("tells tabs of one user apart, and a user without a tab by the user alone", () => {
    expect(routeKey("u", null)).toBe("u");
    expect(routeKey("u", "")).toBe("u");
    expect(routeKey("u", "t1")).not.toBe(routeKey("u", "t2"));
  });
});

describe("the hashes", () => {
  it("are stable: FNV-1a of a known key", () => {
    expect(hashKey("")).toBe(0x811c9dc5);
    expect(hashKey("a")).toBe(0xe40c292c);
  });

  it("jump hash moves about 1/(n+1) of the keys when a bucket is added", () => {
    let moved = 0;
    const keys = 2000;
    for (let i = 0; i < keys; i++) {
      const h = hashKey(`k${i}`);
      const before = jumpHash(h, 4);
      const after = jumpHash(h, 5);
      expect(before).toBeGreaterThanOrEqual(0);
      expect(before).toBeLessThan(4);
      if (before !== after) {
        moved++;
        expect(after).toBe(4);
      }
    }
    expect(moved / keys).toBeGreaterThan(0.15);
    expect(moved / keys).toBeLessThan(0.25);
  });
});
