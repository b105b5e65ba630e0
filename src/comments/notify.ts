/**
 * Writing notifications: into each recipient's inbox in D1 first, then the new unread count
 * to their Inbox object, which updates the badge on every page they have open.
 */
import type { Env } from "../env";
import { logEvent } from "../log";
import { scheduleDigests } from "../mail/digest";
import { inboxStub } from "../objects";
import { insertNotifications, type NewNotification, unreadCount } from "../storage/notifications";

/**
 * Stores the notifications and pushes the recipients' unread counts (a failed push is only
 * logged); each opens its recipient's mail digest window (mail/digest.ts), being added to a room
 * too (the invitation of an address without an account is a mail of its own, sent at once).
 */
export async function notify(env: Env, rows: NewNotification[]): Promise<void> {
  // One time for both: a window opened now covers notifications stored now (created_at >= opened_at).
  const now = Date.now();
  await insertNotifications(env.DB, rows, now);
  await Promise.all([...new Set(rows.map((r) => r.userId))].map((userId) => pushUnread(env, userId)));
  await scheduleDigests(
    env,
    rows.map((r) => r.userId),
    now,
  );
}

/** Tells the user's open pages their unread count (after it changed). */
export async function pushUnread(env: Env, userId: string): Promise<void> {
  try {
    await inboxStub(env, userId).unread(await unreadCount(env.DB, userId));
  } catch (err) {
    // The inbox in D1 is right; the badge catches up on the next change or page load.
    logEvent("warn", "inbox_push_failed", { user: userId, error: String(err) });
  }
}
