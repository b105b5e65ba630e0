/**
 * Forgotten and changed passwords. `POST /forgot` answers `202` whatever the address, and does
 * its work after the answer, so neither status, body nor timing tells whether an account has
 * it; the mailed link leads to `POST /reset`. `POST /password` changes it, or sets the first
 * one of an account an identity provider made. A reset or a change ends every sign-in of the
 * account and closes its sockets.
 */
import { Hono } from "hono";
import { clearSessionCookies } from "../auth/cookies";
import { issueMailedToken, redeemMailedToken } from "../auth/mailed-tokens";
import { hashPassword } from "../auth/password";
import { requireSession } from "../auth/session";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { sendMail } from "../mail/send";
import { findUser, findUserByEmail, markEmailVerified, revokeUserSessions, setPasswordHash } from "../storage/accounts";
import { accountJson, accountOf, confirmIdentity, spendTokenCheck } from "./account";
import { startSession } from "./auth";
import { networkOf, spendBudget } from "./budgets";
import { changePasswordBody, forgotBody, resetBody } from "./schemas/auth";
import { closeUserSockets } from "./session-sockets";
import { jsonBody } from "./validate";

/** Mails a reset link if an account has `email`; nothing otherwise. Never throws. */
async function mailResetLink(env: Env, requestUrl: string, email: string): Promise<void> {
  try {
    const account = await findUserByEmail(env.DB, email);
    if (!account) return;
    const token = await issueMailedToken(env.DB, "reset", account, Date.now());
    await sendMail(env, requestUrl, { kind: "reset", to: account.email, name: account.name, token });
  } catch (err) {
    logEvent("error", "mail_lost", { kind: "reset", error: String(err) });
  }
}

/** Sets a new password and ends every sign-in of the account, open sockets included; returns its hash. */
async function replacePassword(env: Env, userId: string, password: string, now: number): Promise<string> {
  const hash = await hashPassword(password);
  await setPasswordHash(env.DB, userId, hash);
  await revokeUserSessions(env.DB, userId, now);
  await closeUserSockets(env, userId, now);
  return hash;
}

export const passwords = new Hono<AppEnv>()
  .post("/forgot", jsonBody(forgotBody), async (c) => {
    const { email } = c.req.valid("json");
    // Both budgets count every request, account or not: a 429 tells nothing either.
    await spendBudget(c.env.DB, "passwordResets", networkOf(c.req.header("CF-Connecting-IP")));
    await spendBudget(c.env.DB, "mailToAddress", email);
    c.executionCtx.waitUntil(mailResetLink(c.env, c.req.url, email));
    return c.body(null, 202);
  })
  .post("/reset", jsonBody(resetBody), async (c) => {
    const { token, password } = c.req.valid("json");
    await spendTokenCheck(c);
    const now = Date.now();
    const redeemed = await redeemMailedToken(c.env.DB, ["reset"], token, now);
    const account = redeemed && (await findUser(c.env.DB, redeemed.userId));
    if (!redeemed || !account || account.email !== redeemed.email) throw new ApiError("invalid_token", "this link is not valid (any more): ask for a new one");
    await replacePassword(c.env, account.id, password, now);
    // The link came through the address's mailbox: that proves the address too.
    await markEmailVerified(c.env.DB, account.id, account.email, now);
    clearSessionCookies(c);
    return c.body(null, 204);
  })
  .post("/password", requireSession, jsonBody(changePasswordBody), async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const account = await accountOf(c);
    // The current password; or, for an account a provider made, a sign-in again just now.
    await confirmIdentity(c, account, currentPassword);
    const passwordHash = await replacePassword(c.env, account.id, newPassword, Date.now());
    // Every other sign-in has ended; this browser goes on with a new one.
    await startSession(c, account);
    return c.json({ user: accountJson({ ...account, password_hash: passwordHash }) });
  });
