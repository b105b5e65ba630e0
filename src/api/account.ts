/** What the account routes share: the caller's account, its JSON, the proof of identity, the link-check budget. */
import type { Context } from "hono";
import { readReauthCookie } from "../auth/cookies";
import { keyRing } from "../auth/keys";
import { admitLoginAttempt, forgiveLoginAttempt, loginKeys } from "../auth/login-throttle";
import { verifyPassword } from "../auth/password";
import { checkReauth } from "../auth/reauth";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { type Account, findUser } from "../storage/accounts";
import type { UserJson } from "../wire/rest";
import { networkOf, spendBudget } from "./budgets";

/**
 * An account as its owner sees it: with whether its address is proven, and whether it has a
 * password (an account made by an identity provider has none until its owner sets one).
 */
export const accountJson = (a: Account): UserJson & { emailVerified: boolean; hasPassword: boolean } => ({
  id: a.id,
  email: a.email,
  name: a.name,
  emailVerified: a.email_verified_at !== null,
  hasPassword: a.password_hash !== "",
});

/**
 * The account a session belongs to; 403 for an API token (a program never changes its
 * owner's account) and for an external issuer's user, who has no account here.
 */
export async function accountOf(c: Context<AppEnv>): Promise<Account> {
  const { session } = c.var;
  if (session.apiToken !== undefined) throw new ApiError("forbidden", "API tokens cannot act on the account: sign in");
  if (session.sessionId === undefined) throw new ApiError("forbidden", "users of an external issuer have no account here");
  const account = await findUser(c.env.DB, session.user.id);
  if (!account) throw new ApiError("unauthorized", "this account no longer exists");
  return account;
}

/** Counts a mailed link's check against the client network's budget (and the account's, when signed in). */
export async function spendTokenCheck(c: Context<AppEnv>, userId?: string): Promise<void> {
  await spendBudget(c.env.DB, "tokenChecks", `net:${networkOf(c.req.header("CF-Connecting-IP"))}`);
  if (userId !== undefined) await spendBudget(c.env.DB, "tokenChecks", `user:${userId}`);
}

/**
 * Checks the account's current password before a change of password or address: throttled as
 * a sign-in, so a stolen session cannot be used to guess it. `401 invalid_credentials` if wrong.
 */
export async function confirmPassword(c: Context<AppEnv>, account: Account, password: string): Promise<void> {
  const keys = loginKeys(account.email, c.req.header("CF-Connecting-IP"));
  await admitLoginAttempt(c.env.DB, keys, Date.now());
  if (!(await verifyPassword(password, account.password_hash))) throw new ApiError("invalid_credentials", "the current password is wrong");
  await forgiveLoginAttempt(c.env.DB, keys);
}

/**
 * The proof of identity a change of password or address, or a deletion, needs: the current
 * password (`confirmPassword`), or for an account without one, a sign-in again with the
 * identity provider within the last 10 minutes (auth/reauth.ts). `400` when a password account
 * sends none; `403 reauthentication_required` when the other has no fresh sign-in.
 */
export async function confirmIdentity(c: Context<AppEnv>, account: Account, password: string | undefined): Promise<void> {
  if (account.password_hash !== "") {
    if (password === undefined) throw new ApiError("bad_request", "password is required");
    return confirmPassword(c, account, password);
  }
  if (!(await checkReauth(await keyRing(c.env), readReauthCookie(c), account.id, Date.now()))) {
    throw new ApiError("reauthentication_required", "sign in with your identity provider again to confirm it is you");
  }
}
