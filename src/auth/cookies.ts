/**
 * The cookie policy, in one place. Every cookie is HttpOnly (script never sees a token)
 * and Secure (browsers treat http://localhost as secure, so dev works too).
 *   __Host-er_access    the access JWT, Path=/, SameSite=Lax, as long as the token lives
 *   __Secure-er_refresh the refresh token, Path=/api/auth, SameSite=Strict, 30 days
 *   __Host-er_oidc      a sign-in with an identity provider in progress, SameSite=Lax, 10 minutes
 *   __Host-er_reauth    a fresh sign-in with the provider, for an account without a password, SameSite=Strict, 10 minutes
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const ACCESS_COOKIE = "__Host-er_access";
export const REFRESH_COOKIE = "__Secure-er_refresh";
export const REFRESH_PATH = "/api/auth";
export const REFRESH_TTL_SECONDS = 30 * 24 * 60 * 60;

/** `accessTtl`: the access token's lifetime in seconds; the cookie goes when the token does. */
export function setSessionCookies(c: Context, tokens: { access: string; accessTtl: number; refresh: string }): void {
  setCookie(c, ACCESS_COOKIE, tokens.access, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: tokens.accessTtl,
  });
  setCookie(c, REFRESH_COOKIE, tokens.refresh, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: REFRESH_PATH,
    maxAge: REFRESH_TTL_SECONDS,
  });
}

export function clearSessionCookies(c: Context): void {
  deleteCookie(c, ACCESS_COOKIE, { path: "/", secure: true });
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_PATH, secure: true });
}

export const readAccessCookie = (c: Context) => getCookie(c, ACCESS_COOKIE);
export const readRefreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE);

/**
 * A sign-in with an identity provider in progress (src/auth/oidc-flow.ts): its state, nonce
 * and PKCE verifier, sealed. `__Host-` so no other subdomain can plant one; SameSite=Lax
 * because the provider sends the browser back with a top-level GET from its own site.
 */
export const OIDC_FLOW_COOKIE = "__Host-er_oidc";
export const OIDC_FLOW_TTL_SECONDS = 10 * 60;

export function setOidcFlowCookie(c: Context, sealed: string): void {
  setCookie(c, OIDC_FLOW_COOKIE, sealed, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: OIDC_FLOW_TTL_SECONDS });
}

export const readOidcFlowCookie = (c: Context) => getCookie(c, OIDC_FLOW_COOKIE);

export function clearOidcFlowCookie(c: Context): void {
  deleteCookie(c, OIDC_FLOW_COOKIE, { path: "/", secure: true });
}

/**
 * A fresh sign-in with the identity provider (src/auth/reauth.ts), for an account without a
 * password to change its address or delete itself. SameSite=Strict: only this site's own
 * pages send it, and it is set by the callback, a top-level navigation back from the provider.
 */
export const REAUTH_COOKIE = "__Host-er_reauth";

export function setReauthCookie(c: Context, token: string, ttlSeconds: number): void {
  setCookie(c, REAUTH_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: ttlSeconds });
}

export const readReauthCookie = (c: Context) => getCookie(c, REAUTH_COOKIE);

export function clearReauthCookie(c: Context): void {
  deleteCookie(c, REAUTH_COOKIE, { path: "/", secure: true });
}
