/**
 * The mail the Worker sends, as the code that sends it describes it, and the queue message
 * that carries one to the consumer (which renders and sends it: consumer.ts). Queue messages
 * hold addresses and link tokens: they are never logged, only their `id` and `kind`.
 */
import type { MemberRole } from "../domain/rooms";
import type { NotificationKind } from "../storage/notifications";

export type MailMessage =
  /** Signup, or the account asked again: proves the account receives mail at `to`. */
  | { kind: "verify"; to: string; name: string; token: string }
  /** The account asked to move to the address `to`: it does once this link is followed. */
  | { kind: "email"; to: string; name: string; token: string }
  /** Someone asked to reset the password of the account with this address. */
  | { kind: "reset"; to: string; name: string; token: string }
  /** Someone tried to sign up with `to`, which already has an account (`name`): sign in, or reset the password. */
  | { kind: "account_exists"; to: string; name: string }
  /** A room's owner shared it with `to`. */
  | { kind: "invitation"; to: string; inviter: string; roomTitle: string; role: MemberRole; token: string }
  /** Mentions, replies and rooms shared that `to` has not seen in the app (digest.ts); `unsubscribe` is the signed one-click link's query. */
  | { kind: "digest"; to: string; name: string; entries: DigestEntry[]; unsubscribe: string };

/** One mention, reply or room the person was added to, in a digest (`excerpt` is empty for a room). */
export interface DigestEntry {
  kind: NotificationKind;
  actor: string;
  roomId: string;
  roomTitle: string;
  excerpt: string;
}

/** The queue message: `site` is the origin the mail's links point to. */
export interface MailJob {
  kind: "mail";
  /** Stable across retries: the provider's idempotency key. */
  id: string;
  site: string;
  mail: MailMessage;
}

export const isMailJob = (body: { kind: string }): body is MailJob => body.kind === "mail";

/** The queue message that closes a user's digest window (digest.ts): delayed by the window's length. */
export interface DigestJob {
  kind: "digest";
  userId: string;
}

export const isDigestJob = (body: { kind: string }): body is DigestJob => body.kind === "digest";
