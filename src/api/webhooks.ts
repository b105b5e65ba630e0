/**
 * `/api/rooms/:id/webhooks`: the owner's webhook endpoints and their delivery log. The
 * signing secret is shown once, when it is made (creation or rotation), and never listed.
 * Mounted inside the rooms routes, which require a session.
 */
import { Hono } from "hono";
import { isEventType } from "../domain/webhook-events";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import {
  type DeliveryRow,
  deleteEndpoint,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  rotateSecret,
} from "../storage/webhooks";
import { eventsProblem, MAX_ENDPOINTS_PER_ROOM, privateTargetsAllowed, urlProblem } from "../webhooks/config";
import { generateSecret } from "../webhooks/signing";
import type { DeliveryJson, WebhookJson } from "../wire/rest";
import { spendBudget } from "./budgets";
import { isoTime } from "./params";
import { loadRoom } from "./room-access";
import { deliveriesQuery, newWebhookBody } from "./schemas/webhooks";
import { jsonBody, query } from "./validate";

/** After a rotation the previous secret keeps signing this long, so receivers can switch over. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

const endpointJson = (e: EndpointRow): WebhookJson => ({
  id: e.id,
  url: e.url,
  events: e.events,
  createdBy: e.created_by,
  createdAt: isoTime(e.created_at),
  previousSecretExpiresAt: e.previous_expires_at !== null && e.previous_expires_at > Date.now() ? isoTime(e.previous_expires_at) : null,
});

const deliveryJson = (d: DeliveryRow): DeliveryJson => ({
  eventId: d.event_id,
  type: d.event_type,
  state: d.state,
  attempts: d.attempts,
  lastStatus: d.last_status,
  lastError: d.last_error,
  lastAttemptAt: isoTime(d.last_attempt_at),
  nextAttemptAt: d.state === "pending" ? isoTime(d.next_attempt_at) : null,
  deliveredAt: isoTime(d.delivered_at),
  createdAt: isoTime(d.created_at),
});

const notFound = () => new ApiError("webhook_not_found", "this room has no such webhook");

export const webhooks = new Hono<AppEnv>()
  .post("/:id/webhooks", jsonBody(newWebhookBody), async (c) => {
    const { url, events: requested } = c.req.valid("json");
    const { room } = await loadRoom(c, "owner");
    await spendBudget(c.env.DB, "webhooks", c.var.session.user.id);
    const problem = urlProblem(url, privateTargetsAllowed(c.env)) ?? eventsProblem(requested);
    if (problem !== null) throw new ApiError("bad_request", problem);
    const events = [...new Set(requested.filter(isEventType))];
    const secret = generateSecret();
    const id = `wh_${crypto.randomUUID().replaceAll("-", "")}`;
    const now = Date.now();
    const createdBy = c.var.session.user.id;
    if (!(await insertEndpoint(c.env.DB, { id, roomId: room.id, url, events, secret, createdBy }, MAX_ENDPOINTS_PER_ROOM, now))) {
      throw new ApiError("too_many_webhooks", `a room has at most ${MAX_ENDPOINTS_PER_ROOM} webhooks: delete one first`);
    }
    const endpoint: EndpointRow = { id, room_id: room.id, url, events, created_by: createdBy, created_at: now, previous_expires_at: null };
    return c.json({ webhook: endpointJson(endpoint), secret }, 201);
  })
  .get("/:id/webhooks", async (c) => {
    const { room } = await loadRoom(c, "owner");
    return c.json({ webhooks: (await listEndpoints(c.env.DB, room.id)).map(endpointJson) });
  })
  .get("/:id/webhooks/:hookId", async (c) => {
    const { room } = await loadRoom(c, "owner");
    const endpoint = await findEndpoint(c.env.DB, room.id, c.req.param("hookId"));
    if (!endpoint) throw notFound();
    return c.json({ webhook: endpointJson(endpoint) });
  })
  .delete("/:id/webhooks/:hookId", async (c) => {
    const { room } = await loadRoom(c, "owner");
    // Deliveries already queued for it find it gone and are dropped (consumer.ts).
    if (!(await deleteEndpoint(c.env.DB, room.id, c.req.param("hookId")))) throw notFound();
    return c.body(null, 204);
  })
  .post("/:id/webhooks/:hookId/secret", async (c) => {
    const { room } = await loadRoom(c, "owner");
    const secret = generateSecret();
    if (!(await rotateSecret(c.env.DB, room.id, c.req.param("hookId"), secret, Date.now() + PREVIOUS_SECRET_TTL_MS))) throw notFound();
    const endpoint = await findEndpoint(c.env.DB, room.id, c.req.param("hookId"));
    if (!endpoint) throw notFound();
    return c.json({ webhook: endpointJson(endpoint), secret });
  })
  .get("/:id/webhooks/:hookId/deliveries", query(deliveriesQuery), async (c) => {
    const { limit } = c.req.valid("query");
    const { room } = await loadRoom(c, "owner");
    const endpoint = await findEndpoint(c.env.DB, room.id, c.req.param("hookId"));
    if (!endpoint) throw notFound();
    return c.json({ deliveries: (await listDeliveries(c.env.DB, endpoint.id, limit)).map(deliveryJson) });
  });
