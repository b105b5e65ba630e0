import { describe, expect, it } from "vitest";
import { WINDOW_MS } from "../../src/room/fair-share";
import { HeldPresence, PRESENCE_FRAMES_PER_WINDOW } from "../../src/room/held-presence";

const frame = (n: number) => Uint8Array.of(1, n).buffer;

describe("HeldPresence", () => {
  it("holds the latest frame of each socket, and hands each back once, oldest socket first", () => {
    const held = new HeldPresence<string>(3);
    const [a1, b1, a2] = [frame(1), frame(2), frame(3)];
    expect([held.hold("a", a1, 0), held.hold("b", b1, 0), held.hold("a", a2, 0)]).toEqual([true, true, true]);
    expect(held.waiting).toBe(true);
    expect([...held.take()]).toEqual([
      ["a", a2],
      ["b", b1],
    ]);
    expect(held.waiting).toBe(false);
    expect([...held.take()]).toEqual([]);
  });

  it("counts a socket flooding after `floodWindows` windows in a row of too many frames, not after a burst", () => {
    const held = new HeldPresence<string>(3);
    const window = (frames: number, start: number) => {
      for (let i = 0; i < frames; i++) if (!held.hold("s", frame(i), start + (i * (WINDOW_MS - 1)) / frames)) return false;
      return true;
    };
    // A burst, then a quiet window: the run starts again.
    expect([window(5 * PRESENCE_FRAMES_PER_WINDOW, 0), window(10, WINDOW_MS)]).toEqual([true, true]);
    const over = PRESENCE_FRAMES_PER_WINDOW + 1;
    expect([2, 3, 4].map((w) => window(over, w * WINDOW_MS))).toEqual([true, true, true]);
    expect(window(over, 5 * WINDOW_MS)).toBe(false);
  });

  it("forgets a socket that left, with its frame", () => {
    const held = new HeldPresence<string>(3);
    held.hold("a", frame(1), 0);
    held.forget("a");
    expect(held.waiting).toBe(false);
    expect([...held.take()]).toEqual([]);
  });
});
