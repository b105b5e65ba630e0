/**
 * Our signing keys, checked when first used: a deployed Worker with a missing, short or
 * development secret refuses to serve rather than sign with a weak key.
 */

import type { Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { sha256 } from "./encoding";

export interface SigningKey {
  kid: string;
  key: Uint8Array;
}

export interface KeyRing {
  /** Signs every new token. */
  current: SigningKey;
  /** Verifies tokens: the current key and, during a rotation, the previous one. */
  byKid: Map<string, Uint8Array>;
}

const MIN_SECRET_LENGTH = 32;
/** Prefix of the secrets `npm run dev` generates; never acceptable in production. */
export const DEV_SECRET_PREFIX = "dev-";

const cache = new Map<string, Promise<KeyRing>>();

export function isProduction(env: Pick<Env, "ENVIRONMENT">): boolean {
  return (env.ENVIRONMENT ?? "production") === "production";
}

export function keyRing(env: Env): Promise<KeyRing> {
  const secrets = [env.JWT_SECRET, env.JWT_SECRET_PREVIOUS];
  const cacheKey = secrets.join("\n");
  let ring = cache.get(cacheKey);
  if (!ring) {
    ring = buildRing(env);
    cache.set(cacheKey, ring);
    ring.catch(() => cache.delete(cacheKey));
  }
  return ring;
}

async function buildRing(env: Env): Promise<KeyRing> {
  const current = checkSecret("JWT_SECRET", env.JWT_SECRET, env);
  const previous = env.JWT_SECRET_PREVIOUS ? checkSecret("JWT_SECRET_PREVIOUS", env.JWT_SECRET_PREVIOUS, env) : undefined;
  const toKey = async (secret: string): Promise<SigningKey> => ({
    // The key id names the key without revealing it: a hash prefix of the secret.
    kid: (await sha256(`edge-rooms kid\n${secret}`)).slice(0, 12),
    key: new TextEncoder().encode(secret),
  });
  const keys = [await toKey(current), ...(previous ? [await toKey(previous)] : [])];
  return { current: keys[0]!, byKid: new Map(keys.map((k) => [k.kid, k.key])) };
}

/**
 * `secret` if it is fit to sign or verify with: set, at least 32 characters, and not a
 * development secret in production. Otherwise `500 misconfigured`, logged by name.
 */
export function checkSecret(name: string, secret: string | undefined, env: Pick<Env, "ENVIRONMENT">): string {
  const problem =
    secret === undefined || secret === ""
      ? "is not set"
      : secret.length < MIN_SECRET_LENGTH
        ? `is shorter than ${MIN_SECRET_LENGTH} characters`
        : isProduction(env) && secret.startsWith(DEV_SECRET_PREFIX)
          ? "is a development secret"
          : undefined;
  if (problem === undefined) return secret!;
  // The log line names the variable and the problem, never the value.
  logEvent("error", "misconfigured", { variable: name, problem });
  throw new ApiError("misconfigured", "the server is not configured to sign sessions");
}
