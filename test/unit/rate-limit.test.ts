import { describe, expect, it } from "vitest";
import { admitMessage, admitPresence, budgetLimits, spend } from "../../src/room/rate-limit";

describe("token buckets", () => {
  const limits = budgetLimits({ messagesPerSecond: 10, bytesPerSecond: 100, awarenessPerSecond: 2, maxMessageBytes: 1000 });

  it("admit a burst, then slow a socket down, and close it once it falls 2 s behind", () => {
    let budget;
    const delays: Array<number | null> = [];
    for (let i = 0; i < 65; i++) {
      const r = admitMessage(budget, limits, 1, 0);
      budget = r.budget;
      delays.push(r.delayMs);
    }
    // A burst of 40 at once, then each message 100 ms later than the one before (10/s)...
    expect(delays.slice(0, 40).every((d) => d === 0)).toBe(true);
    expect(delays[40]).toBe(100);
    expect(delays[59]).toBe(2_000);
    // ...up to 2 s behind: past that the socket is flooding.
    expect(delays.slice(60)).toEqual([null, null, null, null, null]);
    // The refill pays the debt back: a second later it waits one second less.
    expect(admitMessage(budget, limits, 1, 1_000).delayMs).toBe(1_100);
    expect(admitMessage(budget, limits, 1, 10_000).delayMs).toBe(0);
  });

  it("always admit one message of the largest allowed size at once, and slow byte floods", () => {
    const first = admitMessage(undefined, limits, 1000, 0);
    expect(first.delayMs).toBe(0);
    // 1000 bytes of debt at 100 bytes/s is 10 s: far past the 2 s a socket may fall behind.
    expect(admitMessage(first.budget, limits, 1000, 0).delayMs).toBeNull();
    expect(admitMessage(first.budget, limits, 150, 0).delayMs).toBe(1_500);
  });

  it("budget presence separately from messages", () => {
    let budget;
    const verdicts: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const r = admitPresence(budget, limits, 0);
      budget = r.budget;
      verdicts.push(r.ok);
    }
    expect(verdicts).toEqual([true, true, false, false]);
    expect(admitMessage(budget, limits, 1, 0).delayMs).toBe(0);
    expect(spend({ tokens: 0, at: 0 }, { rate: 2, burst: 2 }, 1, 500).ok).toBe(true);
  });
});
