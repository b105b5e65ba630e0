/**
 * The events webhooks carry: one typed union, the JSON body receivers get (docs/webhooks.md
 * documents each `data`), and the queue messages that move them. Ids only, never document
 * content: receivers read the rest through the API.
 */
import type { MemberRole } from "../storage/rooms";

/** What each event type's `data` holds. */
export interface EventData {
  /** New edits landed in a snapshot (so at most one per snapshot interval, see docs/webhooks.md). */
  "document.updated": { seq: number; document_bytes: number; edited_at: string | null };
  "version.created": { seq: number; kind: "auto" | "named" | "restore"; label: string | null; created_by: string | null; document_bytes: number };
  "thread.created": { thread_id: string; comment_id: string; created_by: string };
  "comment.created": { thread_id: string; comment_id: string; created_by: string };
  "member.added": { user: { id: string; name: string; email: string }; role: MemberRole };
}

export type EventType = keyof EventData;

export const EVENT_TYPES = [
  "document.updated",
  "version.created",
  "thread.created",
  "comment.created",
  "member.added",
] as const satisfies readonly EventType[];

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

export const isEventType = (value: unknown): value is EventType => (EVENT_TYPES as readonly unknown[]).includes(value);
