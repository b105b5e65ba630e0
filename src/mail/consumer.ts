/**
 * The queue consumer's part for mail: render, send through the configured provider, retry
 * with a doubling delay while trying again can help. Logs carry the mail's id and kind,
 * never its address, link or token.
 */
import type { Env } from "../env";
import { logEvent } from "../log";
import { readMailConfig } from "./config";
import type { MailJob } from "./messages";
import { mailSender } from "./providers";
import { renderMail } from "./templates";

/** Attempts before a mail is given up: the last one about 40 minutes after the first. */
export const MAIL_MAX_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 20;

/** Seconds before attempt `attempts + 1`, or null once the attempts are spent (pure). */
export function mailRetryDelay(attempts: number): number | null {
  return attempts >= MAIL_MAX_ATTEMPTS ? null : FIRST_RETRY_SECONDS * 2 ** (attempts - 1);
}

export async function handleMailMessage(message: Message<MailJob>, env: Env): Promise<void> {
  const { id, site, mail } = message.body;
  const fields = { mailId: id, kind: mail.kind, attempt: message.attempts };
  let outcome;
  try {
    outcome = await mailSender(readMailConfig(env), env.DB)(renderMail(mail, site), id);
  } catch (err) {
    // Misconfiguration or D1 failing us: the message of our own errors names variables, never values.
    outcome = { ok: false as const, retry: true, error: err instanceof Error ? err.message : "unknown" };
  }
  if (outcome.ok) {
    logEvent("info", "mail_sent", fields);
    message.ack();
    return;
  }
  const delay = outcome.retry ? mailRetryDelay(message.attempts) : null;
  logEvent(delay === null ? "error" : "warn", delay === null ? "mail_dropped" : "mail_failed", { ...fields, error: outcome.error });
  if (delay === null) message.ack();
  else message.retry({ delaySeconds: delay });
}
