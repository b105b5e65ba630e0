/**
 * Operator access: `Authorization: Bearer <OPERATOR_TOKEN>`, a secret separate from every
 * user's session. Without the secret, operator routes do not exist: they answer 404 like any
 * unknown path, so a deployment that never set one exposes nothing.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { sha256 } from "./encoding";

/** Shorter tokens could be guessed online: the endpoint has no rate limit of its own. */
const MIN_TOKEN_LENGTH = 32;

/** Compares in constant time and hides the length too: both sides are hashed first. */
async function sameSecret(presented: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([sha256(presented), sha256(expected)]);
  return crypto.subtle.timingSafeEqual(encoder.encode(a), encoder.encode(b));
}

export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.OPERATOR_TOKEN;
  if (!expected) return c.notFound();
  if (expected.length < MIN_TOKEN_LENGTH) {
    // Names the variable and the problem, never the value.
    logEvent("error", "misconfigured", { variable: "OPERATOR_TOKEN", problem: `is shorter than ${MIN_TOKEN_LENGTH} characters` });
    throw new ApiError("misconfigured", "the operator endpoints are not configured");
  }
  const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "")?.[1];
  if (presented === undefined || !(await sameSecret(presented, expected))) {
    throw new ApiError("unauthorized", "send the operator token as 'Authorization: Bearer <token>'", {
      headers: { "WWW-Authenticate": 'Bearer realm="operator"' },
    });
  }
  await next();
});
