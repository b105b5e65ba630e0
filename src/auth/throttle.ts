/**
 * Login throttling policy (pure). Every attempt is counted (atomically, in D1) before the
 * password is checked, and a success takes its count back; so parallel guesses cannot
 * outrun the count. Past the allowance in a window, a key is locked with a doubling delay:
 * guessing stays slow while a user who mistypes a few times is never locked out.
 */
import type { AttemptRecord } from "../storage/accounts";

export interface ThrottlePolicy {
  /** Attempts allowed in the window before locking. */
  allowed: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

/** Per email: few failures allowed. Per client address: more, since many users share one. */
export const PER_EMAIL: ThrottlePolicy = { allowed: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
export const PER_CLIENT: ThrottlePolicy = { allowed: 20, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };

/**
 * Decides an attempt already counted in `record`: refused while locked, or when it is past
 * the allowance (which locks: 30 s for the first attempt over, doubling up to the maximum).
 * Returns the lock to store and the seconds to wait (0: go ahead).
 */
export function decideAttempt(record: AttemptRecord, now: number, policy: ThrottlePolicy): { lockedUntil: number; retryAfter: number } {
  const over = record.failures - policy.allowed;
  const lockedUntil =
    record.lockedUntil > now ? record.lockedUntil : over > 0 ? now + Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (over - 1)) : record.lockedUntil;
  return { lockedUntil, retryAfter: lockedUntil > now ? Math.ceil((lockedUntil - now) / 1000) : 0 };
}
