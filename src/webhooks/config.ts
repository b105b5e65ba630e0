/**
 * What a webhook endpoint may be, the endpoints the deployment configures for every room
 * (the WEBHOOKS variable), and when failed deliveries are retried. Pure functions over
 * strings and the environment; docs/webhooks.md describes each rule.
 */
import { isProduction } from "../auth/keys";
import { positiveInt } from "../config";
import { type EventType, isEventType } from "../domain/webhook-events";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { isSecret } from "./signing";
import { isPublicHost } from "./target";

export const MAX_URL_LENGTH = 2048;
/** Endpoints one room may register. */
export const MAX_ENDPOINTS_PER_ROOM = 10;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The message for a URL that is not a public https address. */
export const NOT_PUBLIC = "url must be a public https address";

/**
 * Why `raw` cannot be an endpoint URL, or null if it can: https to a public host. With
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_TARGETS, development only) private hosts are
 * accepted too, and plain http to this machine, for a local receiver while developing.
 * No credentials in the URL: they would show in every listing.
 */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  if (raw.length > MAX_URL_LENGTH) return `url must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "url must be an absolute URL";
  }
  if (url.username || url.password) return "url must not contain credentials";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "url must use https";
  if (!allowPrivate && !isPublicHost(url.hostname)) return NOT_PUBLIC;
  if (url.protocol === "https:" || (allowPrivate && LOOPBACK.has(url.hostname))) return null;
  return "url must use https";
}

/**
 * Whether private webhook targets are allowed: WEBHOOK_ALLOW_PRIVATE_TARGETS=1, for local
 * receivers in development and tests. A production deployment refuses the setting (as it
 * refuses a development signing secret) rather than let rooms reach its private networks.
 */
export function privateTargetsAllowed(env: Pick<Env, "WEBHOOK_ALLOW_PRIVATE_TARGETS" | "ENVIRONMENT">): boolean {
  const raw = env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  if (raw === undefined || raw === "" || raw === "0") return false;
  const problem = raw !== "1" ? "must be 1 or unset" : isProduction(env) ? "is for development only" : undefined;
  if (problem === undefined) return true;
  logEvent("error", "misconfigured", { variable: "WEBHOOK_ALLOW_PRIVATE_TARGETS", problem });
  throw new ApiError("misconfigured", `WEBHOOK_ALLOW_PRIVATE_TARGETS ${problem}`);
}

/** Why `events` is not a non-empty list of known event types, or null. */
export function eventsProblem(events: unknown): string | null {
  if (!Array.isArray(events) || events.length === 0) return "events must be a non-empty list of event types";
  const unknown = events.find((e) => !isEventType(e));
  return unknown === undefined ? null : `unknown event type ${JSON.stringify(unknown)}`;
}

/** An endpoint the deployment configured: it receives the events of every room. */
export interface DeploymentEndpoint {
  /** `dep_<n>`: its place in the WEBHOOKS list. */
  id: string;
  url: string;
  events: EventType[];
  secret: string;
}

/**
 * The WEBHOOKS variable: a JSON list of `{ url, events, secret }`. Anything else is a
 * configuration error and throws, naming the entry but never the secret.
 */
export function readDeploymentEndpoints(env: Pick<Env, "WEBHOOKS" | "ENVIRONMENT" | "WEBHOOK_ALLOW_PRIVATE_TARGETS">): DeploymentEndpoint[] {
  if (env.WEBHOOKS === undefined || env.WEBHOOKS.trim() === "") return [];
  let list: unknown;
  try {
    list = JSON.parse(env.WEBHOOKS);
  } catch {
    throw new Error("WEBHOOKS must be a JSON list of { url, events, secret }");
  }
  if (!Array.isArray(list)) throw new Error("WEBHOOKS must be a JSON list of { url, events, secret }");
  const allowPrivate = privateTargetsAllowed(env);
  return list.map((entry: { url?: unknown; events?: unknown; secret?: unknown }, i) => {
    const problem =
      typeof entry?.url !== "string"
        ? "url must be a string"
        : (urlProblem(entry.url, allowPrivate) ??
          eventsProblem(entry.events) ??
          (typeof entry.secret === "string" && isSecret(entry.secret) ? null : "secret must be whsec_ and at least 24 bytes in base64"));
    if (problem !== null) throw new Error(`WEBHOOKS entry ${i}: ${problem}`);
    return { id: `dep_${i}`, url: entry.url as string, events: entry.events as EventType[], secret: entry.secret as string };
  });
}

export interface RetryPolicy {
  /** Attempts per delivery, the first included; then it is marked failed. */
  maxAttempts: number;
  /** Wait before the second attempt; each later wait doubles, up to MAX_RETRY_DELAY_SECONDS. */
  baseSeconds: number;
}

/** Cloudflare Queues delay a message by at most 12 hours; we wait at most 6. */
export const MAX_RETRY_DELAY_SECONDS = 6 * 60 * 60;

/** The queue consumer's `max_retries` in wrangler.toml, the most Cloudflare Queues allow: the first attempt plus these. */
const QUEUE_MAX_ATTEMPTS = 101;

export function readRetryPolicy(env: Pick<Env, "WEBHOOK_MAX_ATTEMPTS" | "WEBHOOK_RETRY_BASE_SECONDS">): RetryPolicy {
  const maxAttempts = positiveInt("WEBHOOK_MAX_ATTEMPTS", env.WEBHOOK_MAX_ATTEMPTS, 10);
  if (maxAttempts > QUEUE_MAX_ATTEMPTS) throw new Error(`WEBHOOK_MAX_ATTEMPTS must be at most ${QUEUE_MAX_ATTEMPTS}, got ${maxAttempts}`);
  return { maxAttempts, baseSeconds: positiveInt("WEBHOOK_RETRY_BASE_SECONDS", env.WEBHOOK_RETRY_BASE_SECONDS, 30) };
}

/** Seconds to wait after failed attempt number `attempt` (1-based), or null when it was the last. */
export function retryDelay(attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return Math.min(MAX_RETRY_DELAY_SECONDS, policy.baseSeconds * 2 ** (attempt - 1));
}
