/** Worker entry: the HTTP app, the webhook queue's consumer and the Durable Object classes (rooms, their relays, users' inboxes). */
import { app } from "./app";
import type { Env } from "./env";
import { handleWebhookBatch } from "./webhooks/consumer";
import type { WebhookMessage } from "./webhooks/events";

export { Inbox } from "./inbox/inbox";
export { RoomRelay } from "./relay/relay";
export { Room } from "./room/room";
export default { fetch: app.fetch, queue: handleWebhookBatch } satisfies ExportedHandler<Env, WebhookMessage>;
