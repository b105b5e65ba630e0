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

  it("counts a socket flooding once it holds more than maxBytes", () => {
    const backlog = new Backlog({ floodWindows: 3, maxBytes: 100 }, 0);
    expect(backlog.push(frame(60), 0, true)).toBe(true);
    expect(backlog.push(frame(41), 0, true)).toBe(false);
    expect(backlog.push(frame(40), 0, true)).toBe(true);
    backlog.shift();
    expect(backlog.push(frame(60), 0, true)).toBe(true);
  });
});
