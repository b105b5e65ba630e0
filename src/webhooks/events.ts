/**
 * The events webhooks carry: one typed union, the JSON body receivers get (docs/webhooks.md
 * documents each `data`), and the queue messages that move them. Ids only, never document
 * content: receivers read the rest through the API.
 */

import type { MemberRole, VersionKind } from "../domain/rooms";
import type { EventType } from "../domain/webhook-events";

/** What each event type's `data` holds (one entry per EVENT_TYPES name: RoomEvent below checks it). */
export interface EventData {
  /** New edits landed in a snapshot (so at most one per snapshot interval, see docs/webhooks.md). */
  "document.updated": { seq: number; document_bytes: number; edited_at: string | null };
  "version.created": { seq: number; kind: VersionKind; label: string | null; created_by: string | null; document_bytes: number };
  "thread.created": { thread_id: string; comment_id: string; created_by: string };
  "comment.created": { thread_id: string; comment_id: string; created_by: string };
  "member.added": { user: { id: string; name: string; email: string }; role: MemberRole };
}

/** An event as the code that raises it describes it. */
export type RoomEvent = { [T in EventType]: { type: T; room: string; data: EventData[T] } }[EventType];

/** The JSON body of a delivery; `id` is also the `webhook-id` header, the same on every retry. */
export type WebhookEvent = { [T in EventType]: { id: string; type: T; created_at: string; room: { id: string }; data: EventData[T] } }[EventType];

/** Queue messages: an event to fan out to its endpoints, then one delivery per endpoint. */
export type WebhookMessage = { kind: "event"; event: WebhookEvent } | { kind: "delivery"; event: WebhookEvent; endpoint: string };

/** Stamps an event with its id and time. */
export function webhookEvent(event: RoomEvent, now: number): WebhookEvent {
  const { type, room, data } = event;
  return { id: `evt_${crypto.randomUUID().replaceAll("-", "")}`, type, created_at: new Date(now).toISOString(), room: { id: room }, data } as WebhookEvent;
}
