/**
 * What the pages say when a sign-in with an identity provider came back without signing in
 * (`?oidc=<reason>`, docs/api.md): the sign-in page, and the account page after a sign-in again.
 */
import { isOidcFailure, type OidcFailure } from "../../../src/domain/oidc";

const PROVIDER_FAILURES: Record<OidcFailure, string> = {
  state: "That sign-in could not be matched to this browser, or took too long. Please try again.",
  denied: "The identity provider did not sign you in.",
  token: "The identity provider's answer could not be verified. Please try again.",
  email_unverified: "The identity provider did not confirm your email address, so it cannot sign you in here.",
  domain: "Your email address is not one this identity provider may sign in with.",
  account_unverified:
    "An account with your email address exists but never confirmed it. Sign in with its password and confirm the address, or reset the password, then try again.",
  stale: "Your identity provider did not ask you to sign in again just now, so it does not confirm it is you. Please try again.",
  too_many_requests: "Too many sign-ins from your network. Try again in a few minutes.",
  unavailable: "The identity provider cannot be reached right now. Try again later.",
};

/** What to tell the person about the page's `?oidc=`; null when there is none (or it is not a reason we send). */
export function providerFailureText(search: string): string | null {
  const reason = new URLSearchParams(search).get("oidc");
  return isOidcFailure(reason) ? PROVIDER_FAILURES[reason] : null;
}
