/**
 * Admits or refuses one sign-in attempt before its password is checked (the policies are in
 * throttle.ts). The source's keys are counted first, and only an admitted attempt spends the
 * account's budget: a source that keeps guessing while refused cannot use it up.
 */
import { ApiError } from "../errors";
import { clientNetwork } from "../net/ip";
import { countAttempts, forgiveAttempt, lockKey } from "../storage/accounts";
import { decideAttempt, PER_ACCOUNT, PER_CLIENT, PER_SOURCE, type ThrottlePolicy } from "./throttle";

export interface LoginKeys {
  /** The client's network (CF-Connecting-IP: an IPv4 address or an IPv6 /64). */
  client: string;
  /** That network guessing this email. */
  source: string;
  /** This email from anywhere. */
  account: string;
}

export function loginKeys(email: string, clientAddress: string | undefined): LoginKeys {
  const network = clientNetwork(clientAddress ?? "unknown");
  return { client: `client:${network}`, source: `source:${network} ${email}`, account: `email:${email}` };
}

/** Counts the attempt; throws `429 too_many_requests` with Retry-After if it must wait. */
export async function admitLoginAttempt(db: D1Database, keys: LoginKeys, now: number): Promise<void> {
  await admit(
    db,
    [
      [keys.client, PER_CLIENT],
      [keys.source, PER_SOURCE],
    ],
    now,
  );
  await admit(db, [[keys.account, PER_ACCOUNT]], now);
}

/** A successful sign-in: its source starts afresh, the shared keys take back this one attempt. */
export function forgiveLoginAttempt(db: D1Database, keys: LoginKeys): Promise<void> {
  return forgiveAttempt(db, keys.source, [keys.client, keys.account]);
}

async function admit(db: D1Database, entries: ReadonlyArray<readonly [string, ThrottlePolicy]>, now: number): Promise<void> {
  const records = await countAttempts(
    db,
    entries.map(([key]) => key),
    now,
    entries.map(([, policy]) => policy.windowMs),
  );
  const decisions = records.map((record, i) => decideAttempt(record, now, entries[i]![1]));
  const wait = Math.max(...decisions.map((d) => d.retryAfter));
  if (wait === 0) return;
  await Promise.all(decisions.map((d, i) => (d.lockedUntil > records[i]!.lockedUntil ? lockKey(db, entries[i]![0], d.lockedUntil) : null)));
  throw new ApiError("too_many_requests", "too many failed sign-ins: try again later", { headers: { "Retry-After": String(wait) } });
}
