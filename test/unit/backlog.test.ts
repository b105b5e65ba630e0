import { describe, expect, it } from "vitest";
import { Backlog } from "../../src/room/backlog";
import { WINDOW_MS } from "../../src/room/fair-share";

const frame = (bytes = 1) => new ArrayBuffer(bytes);

describe("Backlog", () => {
  it("hands frames back in the order they were held", () => {
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 1_000 }, 0);
    const frames = Array.from({ length: 5 }, (_, i) => new Uint8Array([i]).buffer);
    for (const f of frames) expect(backlog.push(f, 0, true)).toBe(true);
    const out = [];
    for (let f = backlog.shift(); f !== undefined; f = backlog.shift()) out.push(f);
    expect(out).toEqual(frames);
    expect(backlog.length).toBe(0);
  });

  it("counts a socket flooding once its backlog grew in each of `floodWindows` windows in a row", () => {
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 1e9 }, 0);
    let now = 0;
    // Ten frames in per window, five out: it keeps growing.
    const window = (contested = true) => {
      for (let i = 0; i < 10; i++) if (!backlog.push(frame(), now, contested)) return false;
      for (let i = 0; i < 5; i++) backlog.shift();
      now += WINDOW_MS;
      return true;
    };
    expect([window(), window(), window()]).toEqual([true, true, true]);
    expect(window()).toBe(false);
  });

  it("never counts a writer alone as flooding, and starts counting again when others come", () => {
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 1e9 }, 0);
    let now = 0;
    const window = (contested: boolean) => {
      const held = Array.from({ length: 10 }, () => backlog.push(frame(), now, contested));
      now += WINDOW_MS;
      return held.every(Boolean);
    };
    expect([true, true, false, true, true, false, false, false, false].map(window).every(Boolean)).toBe(true);
    expect([true, true].map(window)).toEqual([true, true]);
    expect(window(true)).toBe(false);
  });

  it("never counts a burst that drains as a flood, however large", () => {
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 1e9 }, 0);
    const held = Array.from({ length: 10_000 }, () => backlog.push(frame(), 0, true));
    expect(held.every(Boolean)).toBe(true);
    // Draining more than arrives: a few stragglers per window are not a flood.
    for (let now = WINDOW_MS; backlog.length > 100; now += WINDOW_MS) {
      for (let i = 0; i < 1_000; i++) backlog.shift();
      for (let i = 0; i < 10; i++) expect(backlog.push(frame(), now, true)).toBe(true);
    }
  });

  it("never counts a writer with a bounded number of edits in flight as flooding, however its backlog wavers under that bound", () => {
    const inFlight = 256;
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 1e9 }, 0);
    let now = 0;
    /**
     * The next window: releases down to `length`, then frames arrive (the first one checks the
     * backlog, at what it held before refilling) up to `length`.
     */
    const windowEndingAt = (length: number) => {
      now += WINDOW_MS;
      while (backlog.length > length) backlog.shift();
      if (!backlog.push(frame(), now, true)) return false;
      while (backlog.length < length) if (!backlog.push(frame(), now, true)) return false;
      return true;
    };
    // Full, then dips after a few releases, each refilling over three windows in a row.
    const lengths = [inFlight, inFlight, 200, 230, 250, inFlight, 180, 220, 240, inFlight - 1, inFlight];
    expect(lengths.map(windowEndingAt)).toEqual(lengths.map(() => true));
    // Growing past what it held before, window after window, is still a flood.
    expect([inFlight + 10, inFlight + 20, inFlight + 30].map(windowEndingAt)).toEqual([true, true, true]);
    expect(windowEndingAt(inFlight + 40)).toBe(false);
  });

  it("counts a socket flooding once it holds more than maxBytes", () => {
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 100 }, 0);
    expect(backlog.push(frame(60), 0, true)).toBe(true);
    expect(backlog.push(frame(41), 0, true)).toBe(false);
    expect(backlog.push(frame(40), 0, true)).toBe(true);
    backlog.shift();
    expect(backlog.push(frame(60), 0, true)).toBe(true);
  });
});
