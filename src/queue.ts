/**
 * The Worker's `queue` handler. One queue (WEBHOOK_QUEUE) carries webhook events and
 * deliveries (src/webhooks/consumer.ts), outgoing mail (src/mail/consumer.ts) and the closing of
 * mail digest windows (src/mail/digest-consumer.ts): each
 * message goes to its consumer by kind.
 */
import type { Env } from "./env";
import { handleMailMessage } from "./mail/consumer";
import { handleDigestMessage } from "./mail/digest-consumer";
import { type DigestJob, isDigestJob, isMailJob, type MailJob } from "./mail/messages";
import { handleWebhookBatch } from "./webhooks/consumer";
import type { WebhookMessage } from "./webhooks/events";

export type QueueMessage = WebhookMessage | MailJob | DigestJob;

export async function handleQueueBatch(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  const webhooks: Message<WebhookMessage>[] = [];
  const mail: Message<MailJob>[] = [];
  const digests: Message<DigestJob>[] = [];
  for (const message of batch.messages) {
    if (isMailJob(message.body)) mail.push(message as Message<MailJob>);
    else if (isDigestJob(message.body)) digests.push(message as Message<DigestJob>);
    else webhooks.push(message as Message<WebhookMessage>);
  }
  await Promise.all([
    handleWebhookBatch({ messages: webhooks }, env),
    ...mail.map((message) => handleMailMessage(message, env)),
    ...digests.map((message) => handleDigestMessage(message, env)),
  ]);
}
