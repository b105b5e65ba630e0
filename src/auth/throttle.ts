/**
 * Login throttling policy (pure). Every attempt is counted (atomically, in D1) before the
 * password is checked, and a success takes its count back; so parallel guesses cannot
 * outrun the count. Past the allowance in a window, a key is locked with a doubling delay:
 * guessing stays slow while a user who mistypes a few times is never locked out.
 *
 * Guesses are throttled per source (the client's network, and that network with the email),
 * so a stranger's failures do not lock the owner out from elsewhere; a high budget per
 * account across all sources bounds distributed guessing without letting one source
 * deny the owner service (OWASP: account lockout is itself a denial-of-service lever).
 */
import type { AttemptRecord } from "../storage/accounts";

export interface ThrottlePolicy {
  /** Attempts allowed in the window before locking. */
  allowed: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

const WINDOW = { windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };

/** Per client network and email: few failures allowed, as for one person mistyping. */
export const PER_SOURCE: ThrottlePolicy = { allowed: 5, ...WINDOW };
/** Per client network: more, since many users share one address. */
export const PER_CLIENT: ThrottlePolicy = { allowed: 20, ...WINDOW };
/**
 * Per account, from every source together: at most 100 checked guesses in 15 minutes (NIST
 * SP 800-63B caps consecutive failures per account at 100). Exhausting it takes at least
 * 20 networks each at its own PER_SOURCE allowance, which one attacker cannot do cheaply.
 */
export const PER_ACCOUNT: ThrottlePolicy = { allowed: 100, ...WINDOW };

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
