/**
 * One sign-in with an identity provider, from the start to the callback: the random `state`,
 * `nonce` and PKCE verifier, kept in the browser's flow cookie (auth/cookies.ts) sealed with
 * a key derived from JWT_SECRET (JWE, dir + A256GCM), so the browser can neither read nor
 * change them; and the authorization request that carries their public halves. Stateless on
 * our side: the state in the callback must equal the one sealed in the caller's own cookie,
 * which binds the answer to the browser that started the sign-in.
 */
import { EncryptJWT, jwtDecrypt } from "jose";
import { b64url, randomToken } from "./encoding";
import type { KeyRing } from "./keys";

export interface OidcFlow {
  provider: string;
  state: string;
  nonce: string;
  /** The PKCE code verifier; the provider sees only its S256 challenge until the code exchange. */
  verifier: string;
  /** Where the browser goes once signed in: a path on this site (domain/next.ts). */
  next: string;
  /** A sign-in again to confirm a change to the account (auth/reauth.ts): the provider must ask for credentials. */
  reauth: boolean;
}

const PURPOSE = "edge-rooms oidc flow";

export function newFlow(provider: string, next: string, reauth = false): OidcFlow {
  return { provider, state: randomToken(), nonce: randomToken(), verifier: randomToken(), next, reauth };
}

/** The S256 challenge of a PKCE verifier (RFC 7636). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
}

/** A key for sealing flows, apart from the token-signing key it is derived from. */
async function flowKey(secret: Uint8Array): Promise<Uint8Array> {
  const label = new TextEncoder().encode(`${PURPOSE}\n`);
  const material = new Uint8Array(label.length + secret.length);
  material.set(label);
  material.set(secret, label.length);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", material));
}

/** The flow, sealed for the cookie; it opens until `ttlSeconds` from `now`. */
export async function sealFlow(ring: KeyRing, flow: OidcFlow, now: number, ttlSeconds: number): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new EncryptJWT({ ...flow })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: ring.current.kid })
    .setAudience(PURPOSE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .encrypt(await flowKey(ring.current.key));
}

/** The flow a cookie sealed, or null when it is missing, expired, forged or sealed with a key we no longer have. */
export async function openFlow(ring: KeyRing, sealed: string | undefined, now: number): Promise<OidcFlow | null> {
  if (sealed === undefined) return null;
  try {
    const { payload } = await jwtDecrypt(
      sealed,
      async (header) => {
        const secret = header.kid === undefined ? undefined : ring.byKid.get(header.kid);
        if (!secret) throw new Error("unknown key id");
        return flowKey(secret);
      },
      { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"], audience: PURPOSE, currentDate: new Date(now) },
    );
    const { provider, state, nonce, verifier, next, reauth } = payload;
    if ([provider, state, nonce, verifier, next].some((x) => typeof x !== "string") || typeof reauth !== "boolean") return null;
    return { provider, state, nonce, verifier, next, reauth } as OidcFlow;
  } catch {
    return null;
  }
}

/**
 * The authorization request (code flow, PKCE S256) the browser is sent to; for a sign-in
 * again (`reauth`), one that makes the provider ask for credentials even if it remembers the
 * person (`prompt=login`) and say when it did (`max_age=0` makes `auth_time` required).
 */
export async function authorizationUrl(
  endpoint: string,
  client: { clientId: string; redirectUri: string },
  flow: Pick<OidcFlow, "state" | "nonce" | "verifier" | "reauth">,
): Promise<string> {
  const url = new URL(endpoint);
  const params = {
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: "openid email profile",
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await pkceChallenge(flow.verifier),
    code_challenge_method: "S256",
    ...(flow.reauth ? { prompt: "login", max_age: "0" } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
