/**
 * The webhook queue's consumer: fans each event out to the endpoints that subscribe to its
 * type (one delivery message each, so each endpoint is retried on its own), then delivers,
 * retrying with exponential backoff until an attempt succeeds or the attempts run out.
 * Delivery is at least once: receivers deduplicate by `webhook-id`.
 */
import type { Env } from "../env";
import { logEvent } from "../log";
import { deliveryState, recordAttempt, roomSubscriptions, type SigningEndpoint, signingEndpoint, startDeliveries } from "../storage/webhooks";
import { attemptDelivery } from "./attempt";
import { type DeploymentEndpoint, privateTargetsAllowed, type RetryPolicy, readDeploymentEndpoints, readRetryPolicy, retryDelay } from "./config";
import type { WebhookEvent, WebhookMessage } from "./events";

/** How long delivery log rows are kept. */
export const LOG_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const isDeployment = (endpointId: string) => endpointId.startsWith("dep_");

/** Handles the webhook messages of a queue batch (src/queue.ts hands them over). */
export async function handleWebhookBatch(batch: Pick<MessageBatch<WebhookMessage>, "messages">, env: Env): Promise<void> {
  const policy = readRetryPolicy(env);
  await Promise.all(batch.messages.map((message) => handle(message, env, policy)));
}

async function handle(message: Message<WebhookMessage>, env: Env, policy: RetryPolicy): Promise<void> {
  const { body } = message;
  try {
    if (body.kind === "event") {
      await fanOut(env, body.event);
      message.ack();
    } else {
      await deliver(env, message as Message<Extract<WebhookMessage, { kind: "delivery" }>>, policy);
    }
  } catch (err) {
    // D1 or the queue failed us, not the receiver: the same backoff, then the message is given up.
    const delay = retryDelay(message.attempts, policy);
    logEvent("error", delay === null ? "webhook_message_dropped" : "webhook_message_failed", { kind: body.kind, eventId: body.event.id, error: String(err) });
    if (delay === null) message.ack();
    else message.retry({ delaySeconds: delay });
  }
}

/** The deployment's endpoints; none while WEBHOOKS is malformed, which is logged: the rooms' own endpoints go on. */
function deploymentEndpoints(env: Env): DeploymentEndpoint[] {
  try {
    return readDeploymentEndpoints(env);
  } catch (err) {
    logEvent("error", "webhooks_misconfigured", { error: err instanceof Error ? err.message : String(err) });
    return [];
  }
}

async function fanOut(env: Env, event: WebhookEvent): Promise<void> {
  const now = Date.now();
  const room = (await roomSubscriptions(env.DB, event.room.id)).filter((e) => e.events.includes(event.type)).map((e) => e.id);
  const deployment = deploymentEndpoints(env)
    .filter((e) => e.events.includes(event.type))
    .map((e) => e.id);
  if (room.length > 0) await startDeliveries(env.DB, room, event, now, now - LOG_RETENTION_MS);
  const targets = [...room, ...deployment];
  if (targets.length === 0) return;
  await env.WEBHOOK_QUEUE.sendBatch(targets.map((endpoint) => ({ body: { kind: "delivery", event, endpoint } satisfies WebhookMessage, contentType: "json" })));
}

/** The endpoint as it is now: null once it was removed or no longer takes this event. */
async function currentEndpoint(env: Env, endpointId: string, event: WebhookEvent, now: number): Promise<SigningEndpoint | null> {
  const endpoint = isDeployment(endpointId) ? deploymentEndpoints(env).find((e) => e.id === endpointId) : await signingEndpoint(env.DB, endpointId, now);
  if (!endpoint?.events.includes(event.type)) return null;
  return "secrets" in endpoint ? endpoint : { ...endpoint, secrets: [endpoint.secret] };
}

async function deliver(env: Env, message: Message<Extract<WebhookMessage, { kind: "delivery" }>>, policy: RetryPolicy): Promise<void> {
  const { event, endpoint: endpointId } = message.body;
  const fields = { room: event.room.id, endpoint: endpointId, eventId: event.id, type: event.type, attempt: message.attempts };
  const endpoint = await currentEndpoint(env, endpointId, event, Date.now());
  // Deployment endpoints have no log rows; a room endpoint's row says whether a copy of
  // this message (the queue delivers at least once) already finished the delivery.
  const logged = !isDeployment(endpointId);
  if (!endpoint || (logged && (await deliveryState(env.DB, endpointId, event.id)) !== "pending")) {
    logEvent("info", "webhook_delivery_dropped", fields);
    message.ack();
    return;
  }
  const outcome = await attemptDelivery(endpoint, event, Date.now(), privateTargetsAllowed(env));
  const at = Date.now();
  const delay = outcome.ok ? null : retryDelay(message.attempts, policy);
  const state = outcome.ok ? "delivered" : delay === null ? "failed" : "pending";
  if (logged) {
    await recordAttempt(env.DB, endpointId, event.id, {
      state,
      status: outcome.status,
      error: outcome.error,
      nextAt: delay === null ? null : at + delay * 1000,
      at,
    });
  }
  logEvent(outcome.ok ? "info" : "warn", "webhook_delivery", { ...fields, state, status: outcome.status ?? undefined, error: outcome.error ?? undefined });
  if (delay === null) message.ack();
  else message.retry({ delaySeconds: delay });
}
