/**
 * Which account an identity provider's user signs in to (docs/security.md, "Sign-in with an
 * identity provider"). Pure: the route looks the facts up and carries the decision out.
 *
 * An identity (issuer + subject) signs in to the account it was linked to. A new identity
 * needs an address the provider says it verified; it then links to the account with that
 * address only if that account proved the address itself, so someone who signed up with a
 * victim's address (and never received its mail) cannot have the victim's identity land in
 * an account whose password they know. With no account, a new one is made, its address proven.
 */

export interface IdentityFacts {
  /** The account this issuer + subject was linked to before, if any. */
  linkedUserId: string | null;
  /** The address from the provider, lower-cased, and whether the provider verified it. */
  email: string | null;
  emailVerified: boolean;
  /** Whether the provider's rules admit the address (its `domains`; no address is admitted only by a provider without domains). */
  domainAllowed: boolean;
  /** The account that has the address here, and whether it proved it. */
  accountWithEmail: { id: string; verified: boolean } | null;
}

export type Refusal =
  /** The provider gave no address, or did not say it verified it. */
  | "email_unverified"
  /** The address is outside the provider's allowed domains. */
  | "domain"
  /** An account here has the address but never proved it: sign in with its password and confirm it first. */
  | "account_unverified";

export type LinkDecision =
  | { kind: "sign_in"; userId: string }
  | { kind: "link"; userId: string; email: string }
  | { kind: "create"; email: string }
  | { kind: "refuse"; reason: Refusal };

export function decideLink(f: IdentityFacts): LinkDecision {
  // The domain rule holds at every sign-in: a provider restricted to a company admits its addresses only.
  if (!f.domainAllowed) return { kind: "refuse", reason: "domain" };
  if (f.linkedUserId !== null) return { kind: "sign_in", userId: f.linkedUserId };
  if (f.email === null || !f.emailVerified) return { kind: "refuse", reason: "email_unverified" };
  if (f.accountWithEmail === null) return { kind: "create", email: f.email };
  if (!f.accountWithEmail.verified) return { kind: "refuse", reason: "account_unverified" };
  return { kind: "link", userId: f.accountWithEmail.id, email: f.email };
}
