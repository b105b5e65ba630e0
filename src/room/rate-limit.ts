/**
 * Token buckets (pure): `rate` tokens per second refill up to `burst`; a message spends
 * `cost`. Bursts such as a paste pass. Past the burst a socket is slowed: the bucket goes
 * into debt and the message waits until the refill covers it, up to `MAX_DELAY_MS`; a
 * socket that keeps sending faster falls further behind and is closed.
 */

/** How far behind its budget a socket may fall before it counts as flooding. */
export const MAX_DELAY_MS = 2_000;

export interface Bucket {
  tokens: number;
  at: number;
}

export interface BucketLimit {
  rate: number;
  burst: number;
}

export const fullBucket = (limit: BucketLimit, now: number): Bucket => ({ tokens: limit.burst, at: now });

/** Spends `cost` if the bucket holds it; returns whether it did and the bucket after. */
export function spend(bucket: Bucket, limit: BucketLimit, cost: number, now: number): { ok: boolean; bucket: Bucket } {
  const tokens = refill(bucket, limit, now);
  if (tokens < cost) return { ok: false, bucket: { tokens, at: now } };
  return { ok: true, bucket: { tokens: tokens - cost, at: now } };
}

/**
 * Spends `cost`, going into debt if need be: how long the message must wait for the refill
 * to cover it (0: at once), or null when that is over MAX_DELAY_MS (nothing is spent).
 */
export function borrow(bucket: Bucket, limit: BucketLimit, cost: number, now: number): { delayMs: number | null; bucket: Bucket } {
  const tokens = refill(bucket, limit, now) - cost;
  const delayMs = tokens >= 0 ? 0 : (-tokens / limit.rate) * 1000;
  if (delayMs > MAX_DELAY_MS) return { delayMs: null, bucket: { tokens: tokens + cost, at: now } };
  return { delayMs, bucket: { tokens, at: now } };
}

const refill = (bucket: Bucket, limit: BucketLimit, now: number) => Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);

/** One socket's buckets. */
export interface Budget {
  messages: Bucket;
  bytes: Bucket;
  awareness: Bucket;
}

export interface BudgetLimits {
  messages: BucketLimit;
  bytes: BucketLimit;
  awareness: BucketLimit;
}

export function budgetLimits(limits: { messagesPerSecond: number; bytesPerSecond: number; awarenessPerSecond: number; maxMessageBytes: number }): BudgetLimits {
  return {
    messages: { rate: limits.messagesPerSecond, burst: 4 * limits.messagesPerSecond },
    // A full bucket always admits one message of the largest allowed size.
    bytes: { rate: limits.bytesPerSecond, burst: Math.max(4 * limits.bytesPerSecond, limits.maxMessageBytes) },
    awareness: { rate: limits.awarenessPerSecond, burst: limits.awarenessPerSecond },
  };
}

const fullBudget = (limits: BudgetLimits, now: number): Budget => ({
  messages: fullBucket(limits.messages, now),
  bytes: fullBucket(limits.bytes, now),
  awareness: fullBucket(limits.awareness, now),
});

/**
 * Spends one message of `bytes` from the socket's budget: how long it must wait (0: handle
 * it now), or null if the socket is flooding. Runs before the message is even parsed, so a
 * flood costs the room as little as possible.
 */
export function admitMessage(budget: Budget | undefined, limits: BudgetLimits, bytes: number, now: number): { delayMs: number | null; budget: Budget } {
  const current = budget ?? fullBudget(limits, now);
  const messages = borrow(current.messages, limits.messages, 1, now);
  const size = borrow(current.bytes, limits.bytes, bytes, now);
  const delayMs = messages.delayMs === null || size.delayMs === null ? null : Math.max(messages.delayMs, size.delayMs);
  return { delayMs, budget: { ...current, messages: messages.bucket, bytes: size.bucket } };
}

/** Spends one presence update; false means it goes over the awareness budget (drop it). */
export function admitPresence(budget: Budget | undefined, limits: BudgetLimits, now: number): { ok: boolean; budget: Budget } {
  const current = budget ?? fullBudget(limits, now);
  const awareness = spend(current.awareness, limits.awareness, 1, now);
  return { ok: awareness.ok, budget: { ...current, awareness: awareness.bucket } };
}
