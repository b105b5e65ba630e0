/**
 * Why a sign-in with an identity provider did not end signed in: the server sends the browser
 * to `/signin?oidc=<reason>` (to `/account?oidc=<reason>` for a sign-in again started there)
 * and the page says what happened (docs/api.md).
 */
export const OIDC_FAILURES = [
  /** The callback did not match the sign-in this browser started (missing or expired cookie, wrong state, another issuer). */
  "state",
  /** The provider answered with an error (the person cancelled, or was not allowed). */
  "denied",
  /** The code or the ID token did not verify (signature, issuer, audience, expiry, nonce). */
  "token",
  /** The provider gave no address, or did not say it verified it. */
  "email_unverified",
  /** The address is outside the domains this provider admits. */
  "domain",
  /** An account here has the address but never confirmed it: sign in with its password and confirm it first. */
  "account_unverified",
  /** A sign-in again to confirm a change to the account, where the provider did not ask for credentials just now (no recent `auth_time`). */
  "stale",
  /** Too many sign-ins from this network: try again later. */
  "too_many_requests",
  /** The provider could not be reached or is not configured properly. */
  "unavailable",
] as const;

export type OidcFailure = (typeof OIDC_FAILURES)[number];

export const isOidcFailure = (raw: string | null): raw is OidcFailure => (OIDC_FAILURES as readonly (string | null)[]).includes(raw);
