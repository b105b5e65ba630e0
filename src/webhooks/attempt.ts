/** One delivery attempt: the signed POST to the receiver, and what came of it. */
import type { WebhookEvent } from "./events";
import { signatureHeaders } from "./signing";

/** How long a receiver has to answer; a slower one counts as failed and is retried. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 200;

export interface AttemptOutcome {
  ok: boolean;
  /** The receiver's status, or null if no response came. */
  status: number | null;
  /** Why no response came. */
  error: string | null;
}

/**
 * POSTs `event` as JSON, signed with each of `secrets`, to `url`. Only a 2xx answer counts
 * as delivered; redirects are not followed (a receiver that moved must be registered anew).
 */
export async function attemptDelivery(endpoint: { url: string; secrets: readonly string[] }, event: WebhookEvent, now: number): Promise<AttemptOutcome> {
  const body = JSON.stringify(event);
  const headers = await signatureHeaders(endpoint.secrets, event.id, Math.floor(now / 1000), body);
  try {
    const res = await fetch(endpoint.url, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json", "User-Agent": "edge-rooms-webhooks" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    // The answer's body is of no use; cancelling it frees the connection.
    await res.body?.cancel();
    return { ok: res.status >= 200 && res.status < 300, status: res.status, error: null };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    const error = timedOut ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : String(err).slice(0, MAX_ERROR_LENGTH);
    return { ok: false, status: null, error };
  }
}
