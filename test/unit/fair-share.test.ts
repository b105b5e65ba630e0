import { describe, expect, it } from "vitest";
import { COMPETING_MS, FAIR_SHARE_SLACK, FairShares, maxMinShare, WINDOW_MS } from "../../src/room/fair-share";

/** A room allowed to spend 70% of its time on frames, and a steady load on it. */
function room() {
  const shares = new FairShares<string>(0.7);
  let now = 0;
  /** For three windows (near a steady state), every 100 ms each socket sends and uses `perStep[socket]` ms. */
  const load = (perStep: Record<string, number>) => {
    for (let step = 0; step < (3 * WINDOW_MS) / 100; step++) {
      now += 100;
      for (const [socket, ms] of Object.entries(perStep)) {
        shares.sent(socket, now);
        if (ms > 0) shares.used(socket, ms, now);
      }
    }
    return now;
  };
  return { shares, load, at: () => now, idle: (ms: number) => (now += ms) };
}

/** Longer than the time the level is cached for. */
const REFRESH_STEP = 100;

describe("FairShares", () => {
  it("never slows a lone writer, however busy it keeps the room", () => {
    const { shares, load, idle } = room();
    // The observers joined, then only watched.
    load({ observer: 0, other: 0 });
    idle(COMPETING_MS);
    const now = load({ writer: 100 });
    expect(shares.short(now)).toBe(true);
    expect(shares.over("writer", now)).toBe(false);
    expect(shares.over("observer", now)).toBe(false);
  });

  it("never slows either of two sockets, however unevenly they share a busy room", () => {
    const { shares, load } = room();
    const now = load({ fast: 90, slow: 10 });
    expect(shares.short(now)).toBe(true);
    expect([shares.over("fast", now), shares.over("slow", now)]).toEqual([false, false]);
  });

  it("slows nobody while the room keeps up, whatever the rates", () => {
    const { shares, load } = room();
    const now = load({ heavy: 50, light: 1 });
    expect(shares.short(now)).toBe(false);
    expect(shares.over("heavy", now)).toBe(false);
  });

  it("slows the socket taking a busy room's time from quiet ones, and only it, until the room keeps up again", () => {
    const { shares, load, idle } = room();
    const now = load({ flood: 95, quiet: 1, other: 1 });
    expect(shares.short(now)).toBe(true);
    expect(shares.over("flood", now)).toBe(true);
    expect(shares.over("quiet", now)).toBe(false);
    expect(shares.over("other", now)).toBe(false);
    // Held, it stays held for the rest of the spell, though its usage falls meanwhile...
    expect(shares.over("flood", idle(REFRESH_STEP))).toBe(true);
    // ...and is served again once the room has kept up for a window.
    expect(shares.over("flood", idle(3 * WINDOW_MS))).toBe(false);
  });

  it(`lets writers sending alike share a busy room without slowing any (${FAIR_SHARE_SLACK}× an equal share)`, () => {
    const { shares, load } = room();
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`w${i}`, i % 2 === 0 ? 13 : 11]));
    const now = load(eight);
    expect(shares.short(now)).toBe(true);
    expect(Object.keys(eight).filter((w) => shares.over(w, now))).toEqual([]);
  });

  it("forgets a socket's usage a window or so after it stops, and a socket that left", () => {
    const { shares, load, at } = room();
    load({ flood: 95, quiet: 1, other: 1 });
    expect(shares.over("flood", at())).toBe(true);
    expect(shares.short(at() + 2 * WINDOW_MS)).toBe(false);
    expect(shares.over("flood", at() + 2 * WINDOW_MS)).toBe(false);
    shares.forget("flood");
    shares.used("flood", 1_000, at());
    expect(shares.over("flood", at() + 60)).toBe(false);
  });

  it("refuses a busy share outside (0, 1]", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new FairShares(bad)).toThrow();
  });

  it("never slows a writer among people who joined a moment ago and only watch since, while presence keeps the room short", () => {
    const { shares, idle } = room();
    const joiners = Array.from({ length: 100 }, (_, i) => `joiner${i}`);
    for (const joiner of joiners) {
      shares.sent(joiner, idle(1));
      shares.used(joiner, 2, idle(0));
    }
    let now = 0;
    for (let step = 0; step < (2 * WINDOW_MS) / 100; step++) {
      now = idle(100);
      shares.sent("writer", now);
      shares.used("writer", 30, now);
      // Presence: the room's time, nobody's share.
      shares.used(undefined, 50, now);
    }
    expect(shares.short(now)).toBe(true);
    expect(shares.over("writer", now)).toBe(false);
  });

  it("shares a capacity max-min: what the small users use is theirs, the rest split equally", () => {
    expect(maxMinShare(100, [10, 10, 200])).toBe(80);
    expect(maxMinShare(100, [40, 40, 40])).toBeCloseTo(100 / 3);
    expect(maxMinShare(100, [10, 20, 30])).toBe(Number.POSITIVE_INFINITY);
    expect(maxMinShare(100, [])).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps counting the others who sent as a spell began while frames wait in the runtime, where theirs may be stuck behind a flood's", () => {
    const { shares, load, idle } = room();
    let now = load({ flood: 95, quiet: 1, other: 1 });
    expect(shares.over("flood", now)).toBe(true);
    // Only the flood's frames reach the room, and its timers fire late all along.
    for (let step = 0; step < (2 * COMPETING_MS) / 100; step++) {
      now = idle(100);
      shares.sent("flood", now);
      shares.used("flood", 95, now);
      shares.framesWait(now);
      expect(shares.over("flood", now)).toBe(true);
    }
  });

  it("lets a writer go on once the others have gone quiet, in a spell that began while they sent", () => {
    const { shares, load } = room();
    let now = load({ writer: 95, quiet: 1, other: 1 });
    expect(shares.over("writer", now)).toBe(true);
    // They stop; the writer keeps the room short.
    now = load({ writer: 95 });
    expect(shares.short(now)).toBe(true);
    expect(shares.over("writer", now)).toBe(false);
  });
});
