/**
 * Login throttling policy (pure). Failures are counted per key in a window; past the
 * allowance the key is locked with a doubling delay, so guessing stays slow while a user
 * who mistypes a few times is never locked out.
 */

export interface FailureRecord {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

export interface ThrottlePolicy {
  /** Failures allowed in the window before locking. */
  allowed: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

/** Per email: few failures allowed. Per client address: more, since many users share one. */
export const PER_EMAIL: ThrottlePolicy = { allowed: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
export const PER_CLIENT: ThrottlePolicy = { allowed: 20, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };

/** The record after one more failure at `now`. */
export function recordFailure(record: FailureRecord | null, now: number, policy: ThrottlePolicy): FailureRecord {
  const fresh = record === null || now - record.firstAt > policy.windowMs;
  const failures = fresh ? 1 : record.failures + 1;
  const firstAt = fresh ? now : record.firstAt;
  const over = failures - policy.allowed;
  const lockedUntil = over >= 0 ? now + Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** over) : 0;
  return { failures, firstAt, lockedUntil };
}

/** Seconds to wait before trying again, or 0 if attempts are allowed now. */
export function retryAfterSeconds(record: FailureRecord | null, now: number): number {
  if (record === null || record.lockedUntil <= now) return 0;
  return Math.ceil((record.lockedUntil - now) / 1000);
}
