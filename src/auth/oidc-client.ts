/**
 * What we ask of an identity provider: its discovery document, the code exchange and, when
 * the ID token carries no address, the userinfo endpoint; and the ID token's verification
 * with jose against the provider's JWKS (algorithms, issuer, audience, expiry and nonce all
 * pinned). Failures are `OidcError`s: `unavailable` when the provider cannot be reached or
 * answers nonsense, `token` when what it gave does not verify.
 */

import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import * as v from "valibot";
import type { OidcProvider } from "./oidc-config";
import { issuerUrlProblem } from "./oidc-config";

export class OidcError extends Error {
  override readonly name = "OidcError";
  constructor(
    readonly reason: "unavailable" | "token",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const discoverySchema = v.object({
  issuer: v.string(),
  authorization_endpoint: v.pipe(v.string(), v.url()),
  token_endpoint: v.pipe(v.string(), v.url()),
  jwks_uri: v.pipe(v.string(), v.url()),
  userinfo_endpoint: v.optional(v.pipe(v.string(), v.url())),
});

export type Discovery = v.InferOutput<typeof discoverySchema>;

/** Providers' documents are kept this long per isolate; keys are refetched by jose when a new `kid` appears. */
const DISCOVERY_TTL_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;
/** ID tokens signed with the client secret (HS*) or unsigned are refused: only the provider's published keys count. */
const ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
/** An ID token older than this is refused even before its `exp`: the code exchange is moments old. */
const MAX_ID_TOKEN_AGE_SECONDS = 10 * 60;

const discoveries = new Map<string, { at: number; doc: Promise<Discovery> }>();
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function fetchJson(url: string, init: RequestInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    throw new OidcError("unavailable", "the identity provider cannot be reached", { cause: err });
  }
  if (res.status >= 400 && res.status < 500 && init.method === "POST") throw new OidcError("token", `the identity provider refused the code (${res.status})`);
  if (res.status !== 200) throw new OidcError("unavailable", `the identity provider answered ${res.status}`);
  try {
    return await res.json();
  } catch (err) {
    throw new OidcError("unavailable", "the identity provider answered something other than JSON", { cause: err });
  }
}

/** The provider's discovery document, checked: the issuer it names is the configured one, and every endpoint is https. */
export function discover(provider: Pick<OidcProvider, "issuer">, production: boolean, now = Date.now()): Promise<Discovery> {
  const cached = discoveries.get(provider.issuer);
  if (cached && now - cached.at < DISCOVERY_TTL_MS) return cached.doc;
  const doc = (async () => {
    const url = `${provider.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const parsed = v.safeParse(discoverySchema, await fetchJson(url));
    if (!parsed.success) throw new OidcError("unavailable", "the identity provider's discovery document is incomplete");
    const found = parsed.output;
    if (found.issuer !== provider.issuer) throw new OidcError("unavailable", "the discovery document names another issuer");
    const endpoints = [found.authorization_endpoint, found.token_endpoint, found.jwks_uri, found.userinfo_endpoint];
    if (endpoints.some((e) => e !== undefined && issuerUrlProblem(e, production) !== null)) {
      throw new OidcError("unavailable", "the identity provider's endpoints must use https");
    }
    return found;
  })();
  discoveries.set(provider.issuer, { at: now, doc });
  doc.catch(() => discoveries.delete(provider.issuer));
  return doc;
}

/** Exchanges an authorization code (with its PKCE verifier) for the provider's tokens. */
export async function exchangeCode(
  discovery: Discovery,
  provider: Pick<OidcProvider, "clientId" | "clientSecret">,
  grant: { code: string; redirectUri: string; verifier: string },
): Promise<{ idToken: string; accessToken: string | undefined }> {
  const basic = btoa(`${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`);
  const body = new URLSearchParams({ grant_type: "authorization_code", code: grant.code, redirect_uri: grant.redirectUri, code_verifier: grant.verifier });
  const answer = await fetchJson(discovery.token_endpoint, {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body,
  });
  const tokens = v.safeParse(v.object({ id_token: v.string(), access_token: v.optional(v.string()) }), answer);
  if (!tokens.success) throw new OidcError("token", "the identity provider gave no ID token");
  return { idToken: tokens.output.id_token, accessToken: tokens.output.access_token };
}

/** Who the provider says signed in. */
export interface IdentityClaims {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** When the person last gave the provider their credentials (seconds), if it said. */
  authTime: number | null;
}

const claimsSchema = v.object({
  sub: v.string(),
  email: v.optional(v.string()),
  email_verified: v.optional(v.unknown()),
  name: v.optional(v.unknown()),
  auth_time: v.optional(v.unknown()),
});

function identityOf(claims: v.InferOutput<typeof claimsSchema>): IdentityClaims {
  return {
    sub: claims.sub,
    email: claims.email?.trim().toLowerCase() || null,
    // Only the boolean true counts: some providers send the string "true", which proves nothing we can check.
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === "string" && claims.name.trim() !== "" ? claims.name.trim().slice(0, 100) : null,
    authTime: typeof claims.auth_time === "number" && Number.isFinite(claims.auth_time) ? claims.auth_time : null,
  };
}

/** Verifies an ID token against the provider's JWKS: signature, issuer, audience, expiry, age and our nonce. */
export async function verifyIdToken(
  discovery: Discovery,
  provider: Pick<OidcProvider, "clientId">,
  idToken: string,
  nonce: string,
  now = new Date(),
): Promise<IdentityClaims> {
  let keys = keySets.get(discovery.jwks_uri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri), { timeoutDuration: FETCH_TIMEOUT_MS });
    keySets.set(discovery.jwks_uri, keys);
  }
  try {
    const { payload } = await jwtVerify(idToken, keys, {
      algorithms: ID_TOKEN_ALGORITHMS,
      issuer: discovery.issuer,
      audience: provider.clientId,
      requiredClaims: ["sub", "exp", "iat", "nonce"],
      maxTokenAge: MAX_ID_TOKEN_AGE_SECONDS,
      currentDate: now,
    });
    if (payload.nonce !== nonce) throw new OidcError("token", "the ID token's nonce is not this sign-in's");
    // With several audiences, the token must say it was issued to us (OIDC Core 3.1.3.7).
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== provider.clientId) {
      throw new OidcError("token", "the ID token was issued to another client");
    }
    const claims = v.safeParse(claimsSchema, payload);
    if (!claims.success) throw new OidcError("token", "the ID token's claims are malformed");
    return identityOf(claims.output);
  } catch (err) {
    if (err instanceof OidcError) throw err;
    if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
      throw new OidcError("unavailable", "the identity provider's keys cannot be read", { cause: err });
    }
    if (err instanceof joseErrors.JOSEError) throw new OidcError("token", `the ID token does not verify (${err.code})`, { cause: err });
    throw new OidcError("unavailable", "the identity provider's keys cannot be read", { cause: err });
  }
}

/**
 * The address from the userinfo endpoint, for providers that keep it out of the ID token;
 * only for the same subject (OIDC Core 5.3.2), else the ID token's claims stand.
 */
export async function withUserinfo(discovery: Discovery, accessToken: string | undefined, identity: IdentityClaims): Promise<IdentityClaims> {
  if (identity.email !== null || accessToken === undefined || discovery.userinfo_endpoint === undefined) return identity;
  const parsed = v.safeParse(claimsSchema, await fetchJson(discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${accessToken}` } }));
  if (!parsed.success || parsed.output.sub !== identity.sub) return identity;
  const extra = identityOf(parsed.output);
  return { ...identity, email: extra.email, emailVerified: extra.emailVerified, name: identity.name ?? extra.name };
}
