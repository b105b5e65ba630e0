/**
 * Sign-in with an OpenID Connect provider (docs/api.md, "Sign-in with an identity provider"):
 * `GET /api/auth/oidc/providers` lists them for the sign-in page; `GET .../:provider/start`
 * sends the browser to the provider (code flow, PKCE, state and nonce sealed in the flow
 * cookie); `GET .../:provider/callback` checks the answer against that cookie, exchanges the
 * code, verifies the ID token, picks the account (auth/oidc-linking.ts) and starts our session.
 * Start and callback are browser navigations: every failure sends the browser to
 * `/signin?oidc=<reason>` (domain/oidc.ts), or for a sign-in again started on the account page
 * to `/account?oidc=<reason>`, and is logged by reason, never with a token or address.
 */
import { type Context, Hono } from "hono";
import { clearOidcFlowCookie, OIDC_FLOW_TTL_SECONDS, readOidcFlowCookie, setOidcFlowCookie, setReauthCookie } from "../auth/cookies";
import { isProduction, keyRing } from "../auth/keys";
import { discover, exchangeCode, OidcError, verifyIdToken, withUserinfo } from "../auth/oidc-client";
import { domainAllowed, type OidcProvider, readOidcProviders } from "../auth/oidc-config";
import { authorizationUrl, newFlow, openFlow, sealFlow } from "../auth/oidc-flow";
import { decideLink } from "../auth/oidc-linking";
import { authIsFresh, REAUTH_TTL_SECONDS, signReauth } from "../auth/reauth";
import { safeNext } from "../domain/next";
import type { OidcFailure } from "../domain/oidc";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { siteUrl } from "../mail/config";
import { findUser, findUserByEmail, type User } from "../storage/accounts";
import { findLinkedUser, insertLinkedUser, linkIdentity } from "../storage/oidc-identities";
import type { OidcProviderJson } from "../wire/rest";
import { startSession } from "./auth";
import { networkOf, spendBudget } from "./budgets";
import { oidcCallbackQuery, oidcStartQuery } from "./schemas/oidc";
import { query } from "./validate";

/** A sign-in that ends on the sign-in page with `reason`. */
class SignInFailed extends Error {
  override readonly name = "SignInFailed";
  constructor(readonly reason: OidcFailure) {
    super(reason);
  }
}

/** The configured providers; a malformed OIDC_PROVIDERS is logged by its problem (never its secrets) and is a 500. */
function providers(c: Context<AppEnv>): OidcProvider[] {
  try {
    return readOidcProviders(c.env);
  } catch (err) {
    logEvent("error", "misconfigured", { variable: "OIDC_PROVIDERS", problem: err instanceof Error ? err.message : "unreadable" });
    throw new ApiError("misconfigured", "the identity providers are not configured properly");
  }
}

function providerOf(c: Context<AppEnv>): OidcProvider {
  const provider = providers(c).find((p) => p.id === c.req.param("provider"));
  if (!provider) throw new SignInFailed("unavailable");
  return provider;
}

const redirectUri = (c: Context<AppEnv>, provider: OidcProvider) => `${siteUrl(c.env, c.req.url)}/api/auth/oidc/${provider.id}/callback`;

/** The account an identity signs in to, made or linked as decideLink says. */
async function accountFor(c: Context<AppEnv>, provider: OidcProvider, identity: Awaited<ReturnType<typeof verifyIdToken>>): Promise<User> {
  const db = c.env.DB;
  const linkedUserId = await findLinkedUser(db, provider.issuer, identity.sub);
  const existing = identity.email === null ? null : await findUserByEmail(db, identity.email);
  const decision = decideLink({
    linkedUserId,
    email: identity.email,
    emailVerified: identity.emailVerified,
    domainAllowed: identity.email === null ? provider.domains.length === 0 : domainAllowed(provider, identity.email),
    accountWithEmail: existing && { id: existing.id, verified: existing.email_verified_at !== null },
  });
  const now = Date.now();
  const link = { issuer: provider.issuer, subject: identity.sub };
  switch (decision.kind) {
    case "refuse":
      throw new SignInFailed(decision.reason);
    case "sign_in": {
      const user = await findUser(db, decision.userId);
      if (!user) throw new SignInFailed("unavailable");
      return user;
    }
    case "link":
      await linkIdentity(db, { ...link, userId: decision.userId }, now);
      return existing!;
    case "create": {
      const user = { id: crypto.randomUUID(), email: decision.email, name: identity.name ?? decision.email.slice(0, decision.email.indexOf("@")) };
      // Another sign-up took the address a moment ago: its owner has not proven it to us.
      if (!(await insertLinkedUser(db, user, link, now))) throw new SignInFailed("account_unverified");
      return user;
    }
  }
}

/** Start and callback: browser navigations, whose failures go back to the sign-in page. */
const flow = new Hono<AppEnv>()
  .get("/:provider/start", query(oidcStartQuery), async (c) => {
    const provider = providerOf(c);
    const ring = await keyRing(c.env);
    const discovery = await discover(provider, isProduction(c.env));
    const { next, reauth } = c.req.valid("query");
    const started = newFlow(provider.id, safeNext(next ?? null), reauth === "1");
    setOidcFlowCookie(c, await sealFlow(ring, started, Date.now(), OIDC_FLOW_TTL_SECONDS));
    return c.redirect(
      await authorizationUrl(discovery.authorization_endpoint, { clientId: provider.clientId, redirectUri: redirectUri(c, provider) }, started),
      302,
    );
  })
  .get("/:provider/callback", query(oidcCallbackQuery), async (c) => {
    const provider = providerOf(c);
    const answer = c.req.valid("query");
    const now = Date.now();
    const started = await openFlow(await keyRing(c.env), readOidcFlowCookie(c), now);
    // One callback per start, whatever it brings.
    clearOidcFlowCookie(c);
    if (!started || started.provider !== provider.id || answer.state !== started.state) throw new SignInFailed("state");
    if (answer.error !== undefined) throw new SignInFailed("denied");
    // RFC 9207: an answer that names another issuer is a mix-up, whatever its code.
    if (answer.iss !== undefined && answer.iss !== provider.issuer) throw new SignInFailed("state");
    if (answer.code === undefined) throw new SignInFailed("state");
    await spendBudget(c.env.DB, "oidcSignIns", networkOf(c.req.header("CF-Connecting-IP")), now);
    const discovery = await discover(provider, isProduction(c.env));
    const tokens = await exchangeCode(discovery, provider, { code: answer.code, redirectUri: redirectUri(c, provider), verifier: started.verifier });
    const identity = await withUserinfo(discovery, tokens.accessToken, await verifyIdToken(discovery, provider, tokens.idToken, started.nonce));
    // A sign-in again must be one the provider asked credentials for just now: else it proves nothing new.
    if (started.reauth && !authIsFresh(identity.authTime, now)) throw new SignInFailed("stale");
    const user = await accountFor(c, provider, identity);
    await startSession(c, user);
    if (started.reauth) setReauthCookie(c, await signReauth(await keyRing(c.env), user.id, now), REAUTH_TTL_SECONDS);
    logEvent("info", "oidc_sign_in", { provider: provider.id, user: user.id, reauth: started.reauth });
    return c.redirect(started.next, 303);
  });

flow.onError(async (err, c) => {
  const reason = failureOf(err);
  logEvent(reason === "unavailable" ? "error" : "warn", "oidc_refused", {
    provider: c.req.param("provider"),
    reason,
    detail: err instanceof SignInFailed ? undefined : err instanceof ApiError || err instanceof OidcError ? err.message : String(err),
  });
  // A sign-in again started on the account page, and the person is still signed in: back there.
  return c.redirect(`${(await wasSignInAgain(c)) ? "/account" : "/signin"}?oidc=${reason}`, 303);
});

/** Whether the failed start or callback was of a sign-in again (`reauth`): the start says so in its query, the callback in its flow cookie. */
async function wasSignInAgain(c: Context<AppEnv>): Promise<boolean> {
  if (c.req.path.endsWith("/start")) return c.req.query("reauth") === "1";
  try {
    // The callback cleared the cookie in its answer; the request still carries it.
    return (await openFlow(await keyRing(c.env), readOidcFlowCookie(c), Date.now()))?.reauth === true;
  } catch {
    return false;
  }
}

function failureOf(err: Error): OidcFailure {
  if (err instanceof SignInFailed) return err.reason;
  if (err instanceof OidcError) return err.reason;
  if (err instanceof ApiError && err.code === "too_many_requests") return "too_many_requests";
  // A malformed callback (a query parameter of the wrong shape) matches no sign-in.
  if (err instanceof ApiError && err.code === "bad_request") return "state";
  return "unavailable";
}

export const oidc = new Hono<AppEnv>()
  .get("/providers", (c) => c.json({ providers: providers(c).map((p): OidcProviderJson => ({ id: p.id, name: p.name })) }))
  .route("/", flow);
