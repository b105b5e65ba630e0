/** The one way code sends mail: a queue message, so a request never waits for a provider. */
import type { Env } from "../env";
import { logEvent } from "../log";
import { siteUrl } from "./config";
import type { MailJob, MailMessage } from "./messages";

/**
 * Queues `mail`, its links pointing at this site (`requestUrl` tells it outside production).
 * Never throws: a mail that cannot be queued is logged by kind only (never its address or
 * token) and lost; the person can ask for it again.
 */
export async function sendMail(env: Pick<Env, "WEBHOOK_QUEUE" | "ENVIRONMENT" | "PUBLIC_URL">, requestUrl: string, mail: MailMessage): Promise<void> {
  const id = `mail_${crypto.randomUUID().replaceAll("-", "")}`;
  try {
    const job: MailJob = { kind: "mail", id, site: siteUrl(env, requestUrl), mail };
    await env.WEBHOOK_QUEUE.send(job, { contentType: "json" });
  } catch (err) {
    logEvent("error", "mail_lost", { kind: mail.kind, mailId: id, error: err instanceof Error ? err.message : "unknown" });
  }
}
