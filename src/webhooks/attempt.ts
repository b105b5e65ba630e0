/** One delivery attempt: the signed POST to the receiver, and what came of it. */
import { urlProblem } from "./config";
import type { WebhookEvent } from "./events";
import { signatureHeaders } from "./signing";

/** How long a receiver has to answer; a slower one counts as failed and is retried. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * What the delivery log says when no response came. Never the fetch exception's text: it
 * names the failure (refused, reset, DNS, TLS), which would make the log a network probe.
 */
export const UNREACHABLE = "endpoint unreachable";
export const TIMED_OUT = `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
export const REFUSED_TARGET = "url is no longer a public https address";

export interface AttemptOutcome {
  ok: boolean;
  /** The receiver's status, or null if no response came. */
  status: number | null;
  /** Why no response came, or that a redirect was not followed. */
  error: string | null;
}

/**
 * POSTs `event` as JSON, signed with each of `secrets`, to `url`. Only a 2xx answer counts
 * as delivered; redirects are not followed (a receiver that moved must be registered anew,
 * and a redirect could lead to a private host). The URL is checked again before each
 * attempt, so an endpoint stored before a rule tightened is not called.
 */
export async function attemptDelivery(
  endpoint: { url: string; secrets: readonly string[] },
  event: WebhookEvent,
  now: number,
  allowPrivate: boolean,
): Promise<AttemptOutcome> {
  if (urlProblem(endpoint.url, allowPrivate) !== null) return { ok: false, status: null, error: REFUSED_TARGET };
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
    const redirected = res.status >= 300 && res.status < 400;
    return { ok: res.status >= 200 && res.status < 300, status: res.status, error: redirected ? "redirect not followed" : null };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    return { ok: false, status: null, error: timedOut ? TIMED_OUT : UNREACHABLE };
  }
}
