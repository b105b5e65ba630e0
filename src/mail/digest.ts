/**
 * Mail digests of the notifications a person has not seen in the app: mentions, replies, and
 * rooms they were added to (docs/api.md, "Mail digests"). A notification opens the recipient's
 * digest window (one per person, only if they want digests) and queues one message delayed by
 * DIGEST_DELAY_SECONDS; when it arrives (digest-consumer.ts) the window closes and what is still
 * unread from it is mailed, unless the person has a page open right now (they see the badge).
 * Pure parts and scheduling.
 */
import { readable } from "../comments/readable";
import type { Env } from "../env";
import { logEvent } from "../log";
import { openDigestWindows } from "../storage/digests";
import type { NotificationRow } from "../storage/notifications";
import type { DigestEntry, DigestJob } from "./messages";

export const DEFAULT_DIGEST_DELAY_SECONDS = 15 * 60;
/** A queue message waits at most 12 hours (Cloudflare Queues' delay limit). */
const MAX_DIGEST_DELAY_SECONDS = 12 * 60 * 60;
const EXCERPT = 200;
/** Most entries in one mail; the rest are in the inbox. */
export const MAX_DIGEST_ENTRIES = 20;

/** How long a window stays open (DIGEST_DELAY_SECONDS, 1 s to 12 h); throws on anything else. */
export function readDigestDelay(env: Pick<Env, "DIGEST_DELAY_SECONDS">): number {
  const raw = env.DIGEST_DELAY_SECONDS;
  if (raw === undefined || raw === "") return DEFAULT_DIGEST_DELAY_SECONDS;
  const seconds = Number(raw);
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_DIGEST_DELAY_SECONDS) {
    throw new Error(`DIGEST_DELAY_SECONDS must be an integer from 1 to ${MAX_DIGEST_DELAY_SECONDS}`);
  }
  return seconds;
}

/**
 * What a digest tells `readerId` of their inbox rows: every kind (mentions, replies, rooms
 * they were added to) that is unread, arrived since the window opened, and is in a room they
 * may still read; oldest first. An `added` entry has no excerpt. Pure.
 */
export function digestEntries(rows: readonly NotificationRow[], readerId: string, since: number): DigestEntry[] {
  return rows
    .filter((n) => n.read_at === null && n.created_at >= since && readable(n, readerId))
    .sort((a, b) => a.created_at - b.created_at)
    .slice(0, MAX_DIGEST_ENTRIES)
    .map((n) => ({
      kind: n.kind,
      actor: n.actor_name ?? "Someone",
      roomId: n.room_id,
      roomTitle: n.room_title ?? "Untitled",
      excerpt: (n.comment_body ?? "").length > EXCERPT ? `${n.comment_body!.slice(0, EXCERPT - 1)}…` : (n.comment_body ?? ""),
    }));
}

/** Opens the windows of `userIds` that have none and queues the message that closes each. Never throws. */
export async function scheduleDigests(env: Env, userIds: readonly string[], now: number): Promise<void> {
  try {
    const delaySeconds = readDigestDelay(env);
    const opened = await openDigestWindows(env.DB, [...new Set(userIds)], now);
    if (opened.length === 0) return;
    await env.WEBHOOK_QUEUE.sendBatch(
      opened.map((userId) => ({ body: { kind: "digest", userId } satisfies DigestJob, contentType: "json" as const, delaySeconds })),
    );
  } catch (err) {
    // The notifications are in the inbox all the same; only their mail is lost.
    logEvent("error", "digest_not_scheduled", { error: err instanceof Error ? err.message : "unknown" });
  }
}
