import { describe, expect, it } from "vitest";
import { addJitter, backoffCeiling, jitteredDelay } from "../../web/src/room/backoff";

describe("reconnect backoff with jitter", () => {
  it("doubles up to the cap and always waits between half the ceiling and the ceiling", () => {
    expect([1, 2, 3, 10, 20].map((n) => backoffCeiling(n))).toEqual([200, 400, 800, 10_000, 10_000]);
    expect(jitteredDelay(3, () => 0)).toBe(400);
    expect(jitteredDelay(3, () => 0.999_999)).toBeCloseTo(800, 2);
  });

  it("sets the stock provider's wait for the attempt it is about to make", () => {
    const listeners: Array<() => void> = [];
    const provider = { wsUnsuccessfulReconnects: 2, maxBackoffTime: 2500, on: (_: "connection-close", l: () => void) => listeners.push(l) };
    addJitter(provider, () => 0.5);
    listeners.forEach((l) => l());
    // y-websocket counts this close (3 failures) and waits min(100 · 2^3, maxBackoffTime): 600 ms.
    expect(provider.maxBackoffTime).toBe(600);
  });
});
