/** Worker entry: the HTTP app, the queue's consumer (webhooks and mail) and the Durable Object classes (rooms, their relays, users' inboxes). */
import { app } from "./app";
import type { Env } from "./env";
import { handleQueueBatch, type QueueMessage } from "./queue";

export { Inbox } from "./inbox/inbox";
export { RoomRelay } from "./relay/relay";
export { Room } from "./room/room";
export default { fetch: app.fetch, queue: handleQueueBatch } satisfies ExportedHandler<Env, QueueMessage>;
