/**
 * Cross-site request forgery and cross-site WebSocket hijacking protection. Browsers always
 * send `Origin` on cross-origin POSTs and on WebSocket handshakes, and `Sec-Fetch-Site` on
 * every request; a request with neither comes from a non-browser client, which CSRF does
 * not concern (it cannot ride on a victim's cookies). A request carrying an API token in
 * `Authorization` is not checked either: its credential is the header, which a foreign page
 * cannot make a browser send (a custom header needs a CORS preflight this server never
 * grants), and with that header present no cookie authenticates it (src/auth/session.ts).
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../errors";
import { isApiTokenSecret } from "./api-tokens";

/** The origins allowed besides the request's own, from ALLOWED_ORIGINS. */
export function extraOrigins(env: Pick<Env, "ALLOWED_ORIGINS">): string[] {
  return (env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** Whether a request comes from a browser page of a foreign origin. */
export function isCrossSite(headers: Headers, requestUrl: string, allowed: readonly string[]): boolean {
  const origin = headers.get("Origin");
  if (origin !== null) return origin !== new URL(requestUrl).origin && !allowed.includes(origin);
  const site = headers.get("Sec-Fetch-Site");
  return site !== null && site !== "same-origin" && site !== "none";
}

/** Whether the request authenticates with an API token (`Authorization: Bearer ert_…`). */
function bearsApiToken(headers: Headers): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("Authorization") ?? "");
  return bearer !== null && isApiTokenSecret(bearer[1]!);
}

export function assertSameSite(req: Request, env: Env): void {
  if (bearsApiToken(req.headers)) return;
  if (isCrossSite(req.headers, req.url, extraOrigins(env))) {
    throw new ApiError("forbidden_origin", "requests from this origin are not allowed");
  }
}

/** Refuses state-changing requests from foreign origins with 403. */
export const originGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method)) assertSameSite(c.req.raw, c.env);
  await next();
});
