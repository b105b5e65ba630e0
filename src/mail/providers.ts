/**
 * The ways a rendered mail leaves: the development outbox (D1, read with GET /api/dev/outbox)
 * or Resend's HTTP API. Each answers whether the mail went, and if not, whether trying again
 * can help.
 */
import { insertOutboxMail } from "../storage/outbox";
import type { MailConfig } from "./config";
import type { RenderedMail } from "./templates";

export type SendOutcome = { ok: true } | { ok: false; retry: boolean; error: string };

export type MailSender = (mail: RenderedMail, id: string) => Promise<SendOutcome>;

export const RESEND_ENDPOINT = "https://api.resend.com/emails";
const TIMEOUT_MS = 10_000;

/** The sender for `config`; `db` holds the outbox. */
export function mailSender(config: MailConfig, db: D1Database): MailSender {
  if (config.provider === "outbox") {
    return async (mail) => {
      await insertOutboxMail(db, { ...mail, headers: mail.headers ?? {}, sentAt: Date.now() });
      return { ok: true };
    };
  }
  return (mail, id) => sendWithResend(config, mail, id);
}

/**
 * One POST to Resend (https://resend.com/docs/api-reference/emails/send-email). The mail's id
 * is the idempotency key, so a retry after a lost answer does not send it twice. Rate limits
 * and server errors are retried; any other 4xx means this mail will never go.
 */
async function sendWithResend(config: { apiKey: string; from: string }, mail: RenderedMail, id: string): Promise<SendOutcome> {
  try {
    const res = await fetch(RESEND_ENDPOINT, {
      method: "POST",
      headers: { Authorization: `Bearer ${config.apiKey}`, "Content-Type": "application/json", "Idempotency-Key": id },
      body: JSON.stringify({ from: config.from, to: [mail.to], subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (res.ok) return { ok: true };
    return { ok: false, retry: res.status === 429 || res.status >= 500, error: `provider answered ${res.status}` };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    return { ok: false, retry: true, error: timedOut ? "provider timed out" : "provider unreachable" };
  }
}
