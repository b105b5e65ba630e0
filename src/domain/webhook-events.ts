/**
 * The names of the events a room raises for webhooks (docs/webhooks.md), apart from their
 * payloads (src/webhooks/events.ts): the endpoints stored in D1 subscribe to these names.
 */

export const EVENT_TYPES = ["document.updated", "version.created", "thread.created", "comment.created", "member.added"] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (value: unknown): value is EventType => (EVENT_TYPES as readonly unknown[]).includes(value);
