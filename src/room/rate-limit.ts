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

export type Verdict = "ok" | "drop" | "close";

/**
 * Decides one inbound message: "close" when the socket is over its message or byte budget
 * (a flood), "drop" for a presence update over the awareness budget (the next one
 * supersedes it), else "ok".
 */
export function admit(
  budget: Budget | undefined,
  limits: BudgetLimits,
  message: { bytes: number; throttledAwareness: boolean },
  now: number,
): { verdict: Verdict; budget: Budget } {
  const current = budget ?? { messages: fullBucket(limits.messages, now), bytes: fullBucket(limits.bytes, now), awareness: fullBucket(limits.awareness, now) };
  const messages = spend(current.messages, limits.messages, 1, now);
  const bytes = spend(current.bytes, limits.bytes, message.bytes, now);
  if (!messages.ok || !bytes.ok) return { verdict: "close", budget: { ...current, messages: messages.bucket, bytes: bytes.bucket } };
  if (!message.throttledAwareness) return { verdict: "ok", budget: { ...current, messages: messages.bucket, bytes: bytes.bucket } };
  const awareness = spend(current.awareness, limits.awareness, 1, now);
  return { verdict: awareness.ok ? "ok" : "drop", budget: { messages: messages.bucket, bytes: bytes.bucket, awareness: awareness.bucket } };
}
