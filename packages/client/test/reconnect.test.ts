import { describe, expect, it } from "vitest";
import { backoffCeiling, jitteredDelay, reconnector, type Timers } from "../src/reconnect";

/** Timers driven by hand: `fire()` runs what is due at the time given. */
function manualTimers() {
  const pending = new Map<number, { at: number; callback: () => void }>();
  let next = 0;
  const timers: Timers = {
    set: (callback, ms) => {
      pending.set(++next, { at: ms, callback });
      return next;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  const fire = () => {
    const due = [...pending.entries()];
    pending.clear();
    for (const [, t] of due) t.callback();
  };
  return { timers, pending, fire };
}

describe("reconnect backoff with jitter", () => {
  it("doubles up to the cap and always waits between half the ceiling and the ceiling", () => {
    expect([1, 2, 3, 10, 20].map((n) => backoffCeiling(n))).toEqual([200, 400, 800, 10_000, 10_000]);
    expect(jitteredDelay(3, () => 0)).toBe(400);
    expect(jitteredDelay(3, () => 0.999_999)).toBeCloseTo(800, 2);
  });

  it("waits longer after each failure, from the shortest again once a connection synced", () => {
    const { timers, pending, fire } = manualTimers();
    let connects = 0;
    const retry = reconnector(
      () => connects++,
      () => 0.5,
      timers,
    );
    // Three-quarters of each ceiling: 150, 300, 600 ms.
    expect([retry.schedule(), retry.schedule(), retry.schedule()]).toEqual([150, 300, 600]);
    // Scheduling again replaced the attempt that was waiting: one connect, not three.
    expect(pending.size).toBe(1);
    fire();
    expect(connects).toBe(1);
    retry.reset();
    expect(retry.schedule()).toBe(150);
  });

  it("forgets a waiting attempt when cancelled", () => {
    const { timers, pending, fire } = manualTimers();
    let connects = 0;
    const retry = reconnector(
      () => connects++,
      () => 0.5,
      timers,
    );
    retry.schedule();
    retry.cancel();
    expect(pending.size).toBe(0);
    fire();
    expect(connects).toBe(0);
  });
});
