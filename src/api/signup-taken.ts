/**
 * What signup does besides answering `409 email_taken` for an address that has an account:
 * it tells the account's owner, by mail, that someone tried, with the way back in (the reset
 * page) for an owner who forgot the account. Why signup answers 409 at all: docs/security.md,
 * "Known limits".
 */
import type { Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { sendMail } from "../mail/send";
import { findUserByEmail } from "../storage/accounts";
import { spendBudget } from "./budgets";

/**
 * Mails the owner of `email` that someone tried to sign up with it, at most a few times a day
 * (the `accountExistsMails` budget), so repeated attempts cannot flood their mailbox. Never throws.
 */
export async function mailAccountExists(env: Env, requestUrl: string, email: string): Promise<void> {
  try {
    await spendBudget(env.DB, "accountExistsMails", email);
    const account = await findUserByEmail(env.DB, email);
    // Deleted since the signup's insert failed: nobody to tell.
    if (!account) return;
    await sendMail(env, requestUrl, { kind: "account_exists", to: account.email, name: account.name });
  } catch (err) {
    // Past the budget: the owner has been told today already.
    if (err instanceof ApiError && err.code === "too_many_requests") return;
    logEvent("error", "mail_lost", { kind: "account_exists", error: err instanceof Error ? err.message : "unknown" });
  }
}
