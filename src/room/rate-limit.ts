/**
 * Token buckets (pure): `rate` tokens per second refill up to `burst`; a message spends
 * `cost`. Bursts such as a paste pass; a sustained flood runs dry.
 */

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
  const tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);
  if (tokens < cost) return { ok: false, bucket: { tokens, at: now } };
  return { ok: true, bucket: { tokens: tokens - cost, at: now } };
}

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

export function budgetLimits(limits: {
  messagesPerSecond: number;
  bytesPerSecond: number;
  awarenessPerSecond: number;
  maxMessageBytes: number;
}): BudgetLimits {
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
 * Spends one message of `bytes` from the socket's budget; false means it is flooding. Runs
 * before the message is even parsed, so a flood costs the room as little as possible.
 */
export function admitMessage(budget: Budget | undefined, limits: BudgetLimits, bytes: number, now: number): { ok: boolean; budget: Budget } {
  const current = budget ?? fullBudget(limits, now);
  const messages = spend(current.messages, limits.messages, 1, now);
  const size = spend(current.bytes, limits.bytes, bytes, now);
  return { ok: messages.ok && size.ok, budget: { ...current, messages: messages.bucket, bytes: size.bucket } };
}

/** Spends one presence update; false means it goes over the awareness budget (drop it). */
export function admitPresence(budget: Budget | undefined, limits: BudgetLimits, now: number): { ok: boolean; budget: Budget } {
  const current = budget ?? fullBudget(limits, now);
  const awareness = spend(current.awareness, limits.awareness, 1, now);
  return { ok: awareness.ok, budget: { ...current, awareness: awareness.bucket } };
}
