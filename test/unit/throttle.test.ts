import { describe, expect, it } from "vitest";
import { decideAttempt, PER_SOURCE } from "../../src/auth/throttle";

describe("throttle policy", () => {
  const t0 = 1_000_000;
  const counted = (failures: number, lockedUntil = 0) => ({ failures, firstAt: t0, lockedUntil });

  it("lets the allowed attempts through, then locks with a doubling, capped delay", () => {
    for (let n = 1; n <= PER_SOURCE.allowed; n++) expect(decideAttempt(counted(n), t0, PER_SOURCE).retryAfter).toBe(0);
    expect(decideAttempt(counted(6), t0, PER_SOURCE)).toEqual({ lockedUntil: t0 + 30_000, retryAfter: 30 });
    expect(decideAttempt(counted(7), t0, PER_SOURCE).retryAfter).toBe(60);
    expect(decideAttempt(counted(40), t0, PER_SOURCE).retryAfter).toBe(15 * 60);
  });

  it("keeps an existing lock, and lets attempts through once it has passed", () => {
    expect(decideAttempt(counted(2, t0 + 5_000), t0, PER_SOURCE)).toEqual({ lockedUntil: t0 + 5_000, retryAfter: 5 });
    expect(decideAttempt(counted(3, t0 - 1), t0, PER_SOURCE).retryAfter).toBe(0);
  });
});
