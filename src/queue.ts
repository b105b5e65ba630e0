/**
 * The Worker's `queue` handler. One queue (WEBHOOK_QUEUE) carries webhook events and
 * deliveries (src/webhooks/consumer.ts) and outgoing mail (src/mail/consumer.ts): each
 * message goes to its consumer by kind.
 */
import type { Env } from "./env";
import { handleMailMessage } from "./mail/consumer";
import { isMailJob, type MailJob } from "./mail/messages";
import { handleWebhookBatch } from "./webhooks/consumer";
import type { WebhookMessage } from "./webhooks/events";

export type QueueMessage = WebhookMessage | MailJob;

export async function handleQueueBatch(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  const webhooks: Message<WebhookMessage>[] = [];
  const mail: Message<MailJob>[] = [];
  for (const message of batch.messages) {
    if (isMailJob(message.body)) mail.push(message as Message<MailJob>);
    else webhooks.push(message as Message<WebhookMessage>);
  }
  await Promise.all([handleWebhookBatch({ messages: webhooks }, env), ...mail.map((message) => handleMailMessage(message, env))]);
}
