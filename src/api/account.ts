/** What the account routes share: the caller's account, its JSON, the password check, the link-check budget. */
import type { Context } from "hono";
import { admitLoginAttempt, forgiveLoginAttempt, loginKeys } from "../auth/login-throttle";
import { verifyPassword } from "../auth/password";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { type Account, findUser } from "../storage/accounts";
import type { UserJson } from "../wire/rest";
import { networkOf, spendBudget } from "./budgets";

/** An account as its owner sees it: with whether its address is proven. */
export const accountJson = (a: Account): UserJson & { emailVerified: boolean } => ({
  id: a.id,
  email: a.email,
  name: a.name,
  emailVerified: a.email_verified_at !== null,
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
