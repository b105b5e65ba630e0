/**
 * Proving an address: signup mails a link (`mailVerificationLink`), `POST /api/auth/verify`
 * spends its token, `POST /api/auth/verify/resend` mails a fresh one. Only a verified account
 * can be added to a room by address or accept an invitation (src/api/invitations.ts).
 */
import { type Context, Hono } from "hono";
import { issueMailedToken, redeemMailedToken } from "../auth/mailed-tokens";
import { requireSession } from "../auth/session";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { sendMail } from "../mail/send";
import { type Account, findUser, markEmailVerified } from "../storage/accounts";
import type { UserJson } from "../wire/rest";
import { networkOf, spendBudget } from "./budgets";
import { tokenBody } from "./schemas/auth";
import { jsonBody } from "./validate";

/** An account as its owner sees it: with whether its address is proven. */
export const accountJson = (a: Account): UserJson & { emailVerified: boolean } => ({
  id: a.id,
  email: a.email,
  name: a.name,
  emailVerified: a.email_verified_at !== null,
});

/**
 * Mails `account` a link that proves its address (a new token: earlier links stop working).
 * Runs after the answer (waitUntil); never throws, and logs no address.
 */
export async function mailVerificationLink(env: Env, requestUrl: string, account: { id: string; email: string; name: string }): Promise<void> {
  try {
    const token = await issueMailedToken(env.DB, "verify", account, Date.now());
    await sendMail(env, requestUrl, { kind: "verify", to: account.email, name: account.name, token });
  } catch (err) {
    logEvent("error", "mail_lost", { kind: "verify", user: account.id, error: String(err) });
  }
}

/** The account a session belongs to; 403 for an external issuer's user, who has no account here. */
export async function accountOf(c: Context<AppEnv>): Promise<Account> {
  const { session } = c.var;
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

export const verification = new Hono<AppEnv>()
  .post("/verify", jsonBody(tokenBody), async (c) => {
    await spendTokenCheck(c);
    const now = Date.now();
    const redeemed = await redeemMailedToken(c.env.DB, "verify", c.req.valid("json").token, now);
    // The account's address changed since the mail: the link proves the old one only.
    if (!redeemed || !(await markEmailVerified(c.env.DB, redeemed.userId, redeemed.email, now))) {
      throw new ApiError("invalid_token", "this link is not valid (any more): ask for a new one");
    }
    const account = await findUser(c.env.DB, redeemed.userId);
    return c.json({ user: accountJson(account!) });
  })
  .post("/verify/resend", requireSession, async (c) => {
    const account = await accountOf(c);
    if (account.email_verified_at !== null) return c.json({ user: accountJson(account) });
    await spendBudget(c.env.DB, "verificationMails", account.id);
    await spendBudget(c.env.DB, "mailToAddress", account.email);
    c.executionCtx.waitUntil(mailVerificationLink(c.env, c.req.url, account));
    return c.json({ user: accountJson(account) }, 202);
  });
