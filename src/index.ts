/** Worker entry: the HTTP app, the webhook queue's consumer and the room Durable Object class. */
import { app } from "./app";
import type { Env } from "./env";
import type { WebhookMessage } from "./webhooks/events";
import { handleWebhookBatch } from "./webhooks/consumer";

export { Room } from "./room/room";
export default { fetch: app.fetch, queue: handleWebhookBatch } satisfies ExportedHandler<Env, WebhookMessage>;
