/**
 * Inputs of `/api/rooms/:id/webhooks`. The schema checks the shape; which URLs and event
 * types are allowed stays with src/webhooks/config.ts, which the deployment's WEBHOOKS
 * variable goes through too.
 */
import * as v from "valibot";
import { MAX_URL_LENGTH } from "../../webhooks/config";
import { limit, requiredText } from "./fields";

const eventsMessage = "must be a non-empty list of event types";

export const newWebhookBody = v.object({
  url: requiredText(MAX_URL_LENGTH),
  events: v.pipe(v.array(v.string(eventsMessage), eventsMessage), v.nonEmpty(eventsMessage)),
});

export const deliveriesQuery = v.object({ limit: limit(50, 100) });
