/**
 * Closing a digest window (the queued message scheduleDigests sent): mails what the person
 * has still not seen, unless they have a page open right now or have turned digests off.
 * Logs carry the user id and counts only.
 */
import { keyRing } from "../auth/keys";
import type { Env } from "../env";
import { logEvent } from "../log";
import { inboxStub } from "../objects";
import { findUser } from "../storage/accounts";
import { closeDigestWindow, wantsDigests } from "../storage/digests";
import { listNotifications } from "../storage/notifications";
import { digestEntries, MAX_DIGEST_ENTRIES } from "./digest";
import type { DigestJob } from "./messages";
import { sendMail } from "./send";
import { unsubscribeQuery } from "./unsubscribe";

export async function handleDigestMessage(message: Message<DigestJob>, env: Env): Promise<void> {
  const { userId } = message.body;
  try {
    // Closed first: a mention arriving from now on opens the next window, and is not lost between the two.
    const since = await closeDigestWindow(env.DB, userId);
    const account = await findUser(env.DB, userId);
    if (since === null || !account || !(await wantsDigests(env.DB, userId))) return message.ack();
    if ((await inboxStub(env, userId).openPages()) > 0) {
      logEvent("info", "digest_skipped", { user: userId, reason: "online" });
      return message.ack();
    }
    const entries = digestEntries(await listNotifications(env.DB, userId, { limit: MAX_DIGEST_ENTRIES * 5, unreadOnly: true }), userId, since);
    if (entries.length === 0) return message.ack();
    // No request to take an origin from: the links need PUBLIC_URL, in development too.
    if (!env.PUBLIC_URL) {
      logEvent("warn", "digest_skipped", { user: userId, reason: "PUBLIC_URL is not set" });
      return message.ack();
    }
    const unsubscribe = await unsubscribeQuery(await keyRing(env), userId);
    await sendMail(env, env.PUBLIC_URL, { kind: "digest", to: account.email, name: account.name, entries, unsubscribe });
    logEvent("info", "digest_queued", { user: userId, entries: entries.length });
  } catch (err) {
    // The window is closed: the next mention opens a new one; these stay in the inbox.
    logEvent("error", "digest_failed", { user: userId, error: err instanceof Error ? err.message : "unknown" });
  }
  message.ack();
}
