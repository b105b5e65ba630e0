/**
 * Proving an address: signup mails a link (`mailVerificationLink`), `POST /api/auth/verify`
 * spends its token, `POST /api/auth/verify/resend` mails a fresh one. `POST /api/auth/email`
 * mails such a link to a new address, which the account takes when it is followed. Only a
 * verified account can be added to a room by address or accept an invitation
 * (src/api/invitations.ts).
 */
import { Hono } from "hono";
import { issueMailedToken, redeemMailedToken } from "../auth/mailed-tokens";
import { requireSession } from "../auth/session";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { sendMail } from "../mail/send";
import { changeEmail, findUser, markEmailVerified } from "../storage/accounts";
import { accountJson, accountOf, confirmIdentity, spendTokenCheck } from "./account";
import { spendBudget } from "./budgets";
import { changeEmailBody, tokenBody } from "./schemas/auth";
import { jsonBody } from "./validate";

const INVALID = "this link is not valid (any more): ask for a new one";

/**
 * Mails `account` a link that proves its address (a new token: earlier links stop working),
 * or with `kind: "email"` a link that moves the account to `account.email`, a new address.
 * Runs after the answer (waitUntil); never throws, and logs no address.
 */
export async function mailVerificationLink(
  env: Env,
  requestUrl: string,
  account: { id: string; email: string; name: string },
  kind: "verify" | "email" = "verify",
): Promise<void> {
  try {
    const token = await issueMailedToken(env.DB, kind, account, Date.now());
    await sendMail(env, requestUrl, { kind, to: account.email, name: account.name, token });
  } catch (err) {
    logEvent("error", "mail_lost", { kind, user: account.id, error: String(err) });
  }
}

export const verification = new Hono<AppEnv>()
  .post("/verify", jsonBody(tokenBody), async (c) => {
    await spendTokenCheck(c);
    const now = Date.now();
    const redeemed = await redeemMailedToken(c.env.DB, ["verify", "email"], c.req.valid("json").token, now);
    if (!redeemed) throw new ApiError("invalid_token", INVALID);
    if (redeemed.purpose === "email") {
      // Whoever reads the new address's mail learns it has an account: they own that mailbox.
      if (!(await changeEmail(c.env.DB, redeemed.userId, redeemed.email, now))) throw new ApiError("email_taken", "another account uses this address");
    } else if (!(await markEmailVerified(c.env.DB, redeemed.userId, redeemed.email, now))) {
      // The account's address changed since the mail: the link proves the old one only.
      throw new ApiError("invalid_token", INVALID);
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
  })
  .post("/email", requireSession, jsonBody(changeEmailBody), async (c) => {
    const { email, password } = c.req.valid("json");
    const account = await accountOf(c);
    await confirmIdentity(c, account, password);
    if (email === account.email) throw new ApiError("bad_request", "email is already this account's address");
    await spendBudget(c.env.DB, "verificationMails", account.id);
    await spendBudget(c.env.DB, "mailToAddress", email);
    // Whether another account has the address is not told here: only its mailbox learns it.
    c.executionCtx.waitUntil(mailVerificationLink(c.env, c.req.url, { ...account, email }, "email"));
    return c.json({ user: accountJson(account) }, 202);
  });
