/** The one way code raises a webhook event. */
import type { Env } from "../env";
import { logEvent } from "../log";
import { type RoomEvent, type WebhookMessage, webhookEvent } from "./events";

/**
 * Queues `event` for the endpoints of its room and of the deployment: one queue message,
 * fanned out by the consumer (consumer.ts), so raising an event costs no D1 query. Never
 * throws: an event that cannot be queued is logged and lost, and what raised it (an edit,
 * a new member) goes on as if there were no webhooks.
 */
export async function emitEvent(env: Pick<Env, "WEBHOOK_QUEUE">, event: RoomEvent): Promise<void> {
  const stamped = webhookEvent(event, Date.now());
  try {
    await env.WEBHOOK_QUEUE.send({ kind: "event", event: stamped } satisfies WebhookMessage, { contentType: "json" });
  } catch (err) {
    logEvent("error", "webhook_event_lost", { room: event.room, type: event.type, eventId: stamped.id, error: String(err) });
  }
}
