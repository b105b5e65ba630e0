/**
 * What the workerd tests of sign-in with an identity provider share: the test issuer at
 * https://issuer.test (test/integration/oidc-issuer.js), ID tokens signed as it would sign
 * them, and the browser's trip through start and callback.
 */
import { env } from "cloudflare:workers";
import { importJWK, type JWTPayload, SignJWT } from "jose";
import { expect } from "vitest";
import { type Browser, ownNetwork, uniqueEmail } from "./browser";

export const ISSUER = "https://issuer.test";
export const CLIENT_ID = "edge-rooms-tests";
export const signingKey = await importJWK(JSON.parse(env.TEST_OIDC_PRIVATE_JWK), "ES256");

export interface Started {
  state: string;
  nonce: string;
  challenge: string;
  redirectUri: string;
  /** How hard the provider was asked to check the person: `prompt` and `max_age`, absent for a plain sign-in. */
  prompt: string | null;
  maxAge: string | null;
}

/** Starts a sign-in in `browser` as the sign-in page's button does (the account page's, with `reauth`); returns what the provider was asked. */
export async function start(browser: Browser, provider = "fake", next = "/", { reauth = false } = {}): Promise<Started> {
  const res = await browser.fetch(`/api/auth/oidc/${provider}/start?next=${encodeURIComponent(next)}${reauth ? "&reauth=1" : ""}`);
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get("Location")!);
  expect(`${to.origin}${to.pathname}`).toBe(`${ISSUER}/authorize`);
  const q = to.searchParams;
  expect(q.get("code_challenge_method")).toBe("S256");
  expect(q.get("response_type")).toBe("code");
  return {
    state: q.get("state")!,
    nonce: q.get("nonce")!,
    challenge: q.get("code_challenge")!,
    redirectUri: q.get("redirect_uri")!,
    prompt: q.get("prompt"),
    maxAge: q.get("max_age"),
  };
}

/** An ID token as the provider would sign it for `started`, with `change` applied. */
export async function idToken(started: Started, claims: JWTPayload, opts: { key?: CryptoKey | Uint8Array; kid?: string; alg?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ nonce: started.nonce, ...claims })
    .setProtectedHeader({ alg: opts.alg ?? "ES256", kid: opts.kid ?? "idp-key-1" })
    .setIssuer(typeof claims.iss === "string" ? claims.iss : ISSUER)
    .setAudience(claims.aud ?? CLIENT_ID)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 300)
    .sign(opts.key ?? signingKey);
}

export const person = (email = uniqueEmail()) => ({ sub: `sub-${crypto.randomUUID()}`, email, email_verified: true, name: "Pat Provider" });

/**
 * The provider's answer to `started`: it arranges a code for `token` and sends the browser to
 * our callback with it, as the provider's redirect would. Returns the callback's response.
 */
export async function finish(
  browser: Browser,
  started: Started,
  token: string,
  opts: { provider?: string; query?: Record<string, string>; userinfo?: object } = {},
) {
  const code = crypto.randomUUID();
  await env.ISSUER.fetch(`${ISSUER}/__code`, {
    method: "POST",
    body: JSON.stringify({ code, challenge: started.challenge, redirectUri: started.redirectUri, idToken: token, userinfo: opts.userinfo }),
  });
  const query = new URLSearchParams({ code, state: started.state, iss: ISSUER, ...opts.query });
  return browser.fetch(`/api/auth/oidc/${opts.provider ?? "fake"}/callback?${query}`, { headers: { "CF-Connecting-IP": ownNetwork() } });
}

/**
 * Where a callback sent the browser: `refused:<reason>` for `/signin?oidc=<reason>`; the path,
 * with `?oidc=<reason>` when another page (the account page) is told of a failure.
 */
export function landing(res: Response): string {
  expect(res.status).toBe(303);
  const to = new URL(res.headers.get("Location")!, "http://rooms.test");
  const failure = to.searchParams.get("oidc");
  if (to.pathname === "/signin") return `refused:${failure}`;
  return failure === null ? to.pathname : `${to.pathname}?oidc=${failure}`;
}

export const me = async (browser: Browser) => {
  const res = await browser.fetch("/api/me");
  return res.status === 200
    ? ((await res.json()) as { user: { id: string; email: string; name: string; emailVerified: boolean; hasPassword: boolean } }).user
    : null;
};
